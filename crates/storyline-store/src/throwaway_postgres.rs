//! A throwaway PostgreSQL server for tests, on a loopback port, stopped and
//! deleted when the last test holding it lets go.
//!
//! The store's tests run against SQLite and PostgreSQL alike, and the server's
//! tests run several servers on one PostgreSQL database; none may depend on a
//! database someone set up by hand, so the tests start their own from the
//! PostgreSQL binaries (`initdb`, `pg_ctl`: on the `PATH`, or where Debian's
//! `postgresql` package puts them). PostgreSQL refuses to run as root, so as
//! root the server runs as the `postgres` user that package creates.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

/// A running server; stopped, and its files deleted, when dropped.
pub struct ThrowawayPostgres {
    dir: PathBuf,
    port: u16,
    pg_ctl: PathBuf,
    run_as: Option<&'static str>,
}

/// The server the tests of this process share while any holds it.
static SHARED: Mutex<Weak<ThrowawayPostgres>> = Mutex::new(Weak::new());

/// Where Debian keeps PostgreSQL's programs, newest version last.
fn debian_binaries() -> Vec<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.sort_by_key(|dir| {
        dir.parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .and_then(|name| name.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions
}

/// A PostgreSQL program: on the `PATH`, else Debian's newest.
fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(debian_binaries().into_iter().rev())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A command running `program` as `user` (from root), or as this process.
fn command_as(user: Option<&str>, program: &Path) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", user, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("{command:?} could not start: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

impl ThrowawayPostgres {
    /// The server this process's tests share, started if none is running.
    pub fn shared() -> Result<Arc<ThrowawayPostgres>, String> {
        let mut shared = SHARED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(server) = shared.upgrade() {
            return Ok(server);
        }
        let server = Arc::new(ThrowawayPostgres::start()?);
        *shared = Arc::downgrade(&server);
        Ok(server)
    }

    /// Starts a new server in a new folder, on a free loopback port.
    pub fn start() -> Result<ThrowawayPostgres, String> {
        let initdb = program("initdb")
            .ok_or("PostgreSQL's initdb was not found (install Debian's postgresql package)")?;
        let pg_ctl = program("pg_ctl").ok_or("PostgreSQL's pg_ctl was not found")?;
        let root = run(Command::new("id").arg("-u"))? == "0";
        let run_as = root.then_some("postgres");
        let as_user = |program: &Path| command_as(run_as, program);
        let dir = PathBuf::from(run(as_user(Path::new("mktemp"))
            .args(["-d"])
            .arg(std::env::temp_dir().join("storyline-postgres-XXXXXX")))?);
        let mut server = ThrowawayPostgres {
            dir,
            port: 0,
            pg_ctl,
            run_as,
        };
        run(as_user(&initdb)
            .arg("-D")
            .arg(server.dir.join("data"))
            .args([
                "-U",
                "storyline",
                "-A",
                "trust",
                "--locale=C",
                "-E",
                "UTF8",
                "--no-sync",
            ]))?;
        // A port free a moment ago may be taken by the time the server binds it.
        let mut last_error = String::new();
        for _ in 0..5 {
            server.port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .map_err(|e| format!("no free loopback port: {e}"))?
                .port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                server.port,
                server.dir.display()
            );
            match run(as_user(&server.pg_ctl)
                .arg("-D")
                .arg(server.dir.join("data"))
                .arg("-l")
                .arg(server.dir.join("log"))
                .args(["-w", "-t", "60", "-o", &options, "start"]))
            {
                Ok(_) => return Ok(server),
                Err(error) => last_error = error,
            }
        }
        Err(last_error)
    }

    /// A new, empty database on this server, as a `postgres://` URL.
    pub fn new_database(&self, name: &str) -> Result<String, String> {
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .map_err(|e| format!("connecting to the throwaway PostgreSQL: {e}"))?;
        // One statement each: CREATE DATABASE runs outside any transaction.
        for statement in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin
                .batch_execute(&statement)
                .map_err(|e| format!("{statement}: {}", crate::sql::BackendError::from(e)))?;
        }
        Ok(self.url(&name))
    }

    /// The URL of one of this server's databases.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://storyline@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = command_as(self.run_as, &self.pg_ctl)
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
