//! A throwaway NATS server with JetStream for tests, on a loopback port, with
//! its files in a folder of its own; stopped and deleted when dropped.
//!
//! The tests of the article log and of the workers start their own server
//! (Debian's `nats-server`) rather than depend on one set up by hand, and can
//! stop and restart it to check that nothing is lost meanwhile.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ThrowawayNats {
    pub port: u16,
    dir: PathBuf,
    server: Option<Child>,
}

/// The NATS server program: on the `PATH`, else where Debian puts it.
fn program() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|dir| dir.join("nats-server"))
        .find(|candidate| candidate.is_file())
}

impl ThrowawayNats {
    /// Starts a server with JetStream on a free loopback port.
    pub fn start(name: &str) -> Result<ThrowawayNats, String> {
        let dir =
            std::env::temp_dir().join(format!("storyline-nats-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?
            .port();
        let mut nats = ThrowawayNats {
            port,
            dir,
            server: None,
        };
        nats.restart()?;
        Ok(nats)
    }

    /// The URL clients connect to.
    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server at once (as a crash would), keeping its files.
    pub fn kill(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }

    /// Starts the server again on its port and files (stopping it first if it
    /// runs), and waits until it listens.
    pub fn restart(&mut self) -> Result<(), String> {
        self.kill();
        let program =
            program().ok_or("nats-server was not found (install Debian's nats-server)")?;
        let server = Command::new(program)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(self.dir.join("store"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("nats-server could not start: {e}"))?;
        self.server = Some(server);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if started.elapsed() > Duration::from_secs(30) {
                return Err("nats-server did not start listening".to_string());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for ThrowawayNats {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
