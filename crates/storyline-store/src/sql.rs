//! One SQL interface over the two databases a store can live in: a SQLite
//! file (the default: one binary, no set-up) and PostgreSQL (several servers
//! and workers on one corpus).
//!
//! The store's logic — which articles are already stored, where new ones go,
//! which briefings are stale — is one code path whichever database holds the
//! corpus, so that the two cannot drift apart. Statements are written once, in
//! SQL both accept (`?N` parameters, rewritten to `$N` for PostgreSQL; `CAST`
//! where PostgreSQL cannot infer a parameter's type); what differs is here: how
//! a write takes the corpus's write lock, how a reader gets a snapshot, where
//! the schema version is kept, and which migrations build the schema.
//!
//! PostgreSQL is reached through the `postgres` crate, the blocking face of
//! `tokio-postgres`: the store is synchronous by design (the engine has no
//! async; the server runs store work on blocking threads), each `Store` holds
//! one connection as it holds one SQLite handle, and a server keeps its own few
//! open (the writer, the briefer), so neither an async driver (`sqlx`) nor a
//! pool (`deadpool-postgres`) would remove work here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A statement's parameter. Types are explicit (not "null") because
/// PostgreSQL checks each parameter against the type of the column it meets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Flag(bool),
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(Some(value))
    }
}

impl From<Option<i64>> for Param<'_> {
    fn from(value: Option<i64>) -> Self {
        Param::Int(value)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Param::Text(Some(value))
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Self {
        Param::Text(Some(value))
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Param::Text(value)
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(value: &'a Option<String>) -> Self {
        Param::Text(value.as_deref())
    }
}

impl From<bool> for Param<'_> {
    fn from(value: bool) -> Self {
        Param::Flag(value)
    }
}

/// A statement's parameters, each converted with [`Param::from`].
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        &[$($crate::sql::Param::from($value)),*]
    };
}
pub(crate) use args;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Param::Int(Some(value)) => ToSqlOutput::from(value),
            Param::Text(Some(value)) => ToSqlOutput::Borrowed(ValueRef::Text(value.as_bytes())),
            Param::Int(None) | Param::Text(None) => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Flag(value) => ToSqlOutput::from(i64::from(value)),
        })
    }
}

impl Param<'_> {
    fn postgres(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            Param::Int(value) => value,
            Param::Text(value) => value,
            Param::Flag(value) => value,
        }
    }
}

/// A failure of the database itself (the store adds which database).
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    /// The connection was used while being closed (never: see `Postgres::drop`).
    #[error("the connection is closed")]
    Closed,
    /// A statement did not return what it must have.
    #[error("no {0} returned")]
    Missing(String),
    /// A column held a value of another type than the store reads there.
    #[error("column {column} holds {found}, not {wanted}")]
    Column {
        column: usize,
        found: &'static str,
        wanted: &'static str,
    },
}

impl BackendError {
    /// Whether SQLite gave up waiting for a lock another connection held
    /// ([`BUSY_WAIT`]): the same statement may succeed a moment later.
    pub(crate) fn is_busy(&self) -> bool {
        matches!(
            self,
            BackendError::Sqlite(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                )
        )
    }
}

/// How long a SQLite statement waits for a lock another connection holds
/// before it fails busy. Writes wait longer by repeating their attempt (see
/// [`Connection::begin_write`]); this is each attempt's slice.
pub(crate) const BUSY_WAIT: Duration = Duration::from_secs(1);

/// PostgreSQL's own message with its detail, rather than the driver's "db error".
fn postgres_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{}: {detail}", db.message()),
            None => db.message().to_string(),
        },
        None => error.to_string(),
    }
}

type Result<T, E = BackendError> = std::result::Result<T, E>;

#[derive(Debug)]
enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Int(_) => "an integer",
            Value::Text(_) => "text",
        }
    }
}

/// One row of a result, its values owned.
#[derive(Debug)]
pub(crate) struct Row(Vec<Value>);

impl Row {
    fn mismatch<T>(&self, column: usize, wanted: &'static str) -> Result<T> {
        Err(BackendError::Column {
            column,
            found: self.0.get(column).map_or("nothing", Value::kind),
            wanted,
        })
    }

    pub(crate) fn int(&self, column: usize) -> Result<i64> {
        match self.0.get(column) {
            Some(Value::Int(value)) => Ok(*value),
            _ => self.mismatch(column, "an integer"),
        }
    }

    pub(crate) fn flag(&self, column: usize) -> Result<bool> {
        self.int(column).map(|value| value != 0)
    }

    /// Takes a text value out of the row.
    pub(crate) fn text(&mut self, column: usize) -> Result<String> {
        match self.0.get_mut(column) {
            Some(Value::Text(value)) => Ok(std::mem::take(value)),
            _ => self.mismatch(column, "text"),
        }
    }

    pub(crate) fn opt_text(&mut self, column: usize) -> Result<Option<String>> {
        match self.0.get(column) {
            Some(Value::Null) => Ok(None),
            _ => self.text(column).map(Some),
        }
    }
}

/// True for a location that names a PostgreSQL database rather than a file.
pub(crate) fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// A location fit for messages: a URL's password is not shown.
pub(crate) fn display_location(location: &str) -> String {
    if !is_postgres_url(location) {
        return location.to_string();
    }
    let Some((scheme, rest)) = location.split_once("://") else {
        return location.to_string();
    };
    // The last `@` ends the credentials: a password may hold one.
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return location.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => location.to_string(),
    }
}

pub(crate) enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Postgres>>),
}

pub(crate) struct Postgres {
    /// Always there but while the connection is dropped (see `Drop`).
    client: Option<postgres::Client>,
    /// Statements prepared on this connection, by their SQL.
    statements: HashMap<String, postgres::Statement>,
}

/// The advisory lock a PostgreSQL write holds until it commits (the SQLite
/// file's own write lock plays this part there): one number, the same in
/// every process on the database.
const WRITE_LOCK: i64 = 0x5354_4f52_594c_494e; // "STORYLIN"

impl Connection {
    /// Opens a SQLite file, or connects to a `postgres://` URL (unencrypted:
    /// the database is expected on the same host or a private network).
    pub(crate) fn open(location: &str) -> Result<Connection> {
        if is_postgres_url(location) {
            let client = postgres::Client::connect(location, postgres::NoTls)?;
            return Ok(Connection::Postgres(Box::new(RefCell::new(Postgres {
                client: Some(client),
                statements: HashMap::new(),
            }))));
        }
        let connection = rusqlite::Connection::open(location)?;
        connection.busy_timeout(BUSY_WAIT)?;
        connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        // Batches' statements vary with the batch's size (see `KEY_RANGES_PER_STATEMENT`).
        connection.set_prepared_statement_cache_capacity(256);
        Ok(Connection::Sqlite(connection))
    }

    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self, Connection::Postgres(_))
    }

    /// Runs one statement; how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Connection::Sqlite(connection) => {
                let changed = connection
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params))?;
                Ok(changed as u64)
            }
            Connection::Postgres(postgres) => {
                postgres
                    .borrow_mut()
                    .run(sql, params, |client, statement, params| {
                        client.execute(statement, params)
                    })
            }
        }
    }

    /// Every row a statement returns.
    pub(crate) fn query(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        match self {
            Connection::Sqlite(connection) => {
                let mut statement = connection.prepare_cached(sql)?;
                let columns = statement.column_count();
                let mut rows = statement.query(rusqlite::params_from_iter(params))?;
                let mut all = Vec::new();
                while let Some(row) = rows.next()? {
                    all.push(sqlite_row(row, columns)?);
                }
                Ok(all)
            }
            Connection::Postgres(postgres) => {
                let rows =
                    postgres
                        .borrow_mut()
                        .run(sql, params, |client, statement, params| {
                            client.query(statement, params)
                        })?;
                rows.iter().map(postgres_row).collect()
            }
        }
    }

    /// The first row a statement returns, if any.
    pub(crate) fn query_row(&self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first column of the first row, an integer (a count, an id).
    pub(crate) fn query_int(&self, sql: &str, params: &[Param<'_>]) -> Result<i64> {
        match self.query_row(sql, params)? {
            Some(row) => row.int(0),
            None => Row(Vec::new()).int(0),
        }
    }

    /// Runs statements with no parameters, separated by semicolons.
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(connection) => Ok(connection.execute_batch(sql)?),
            Connection::Postgres(postgres) => {
                Ok(postgres.borrow_mut().client()?.batch_execute(sql)?)
            }
        }
    }

    /// Opens a transaction that holds the corpus's write lock, waiting up to
    /// `wait` for another writer (in this process or any other) to finish;
    /// `None` when the wait ran out.
    ///
    /// SQLite: `BEGIN IMMEDIATE`, its busy handler waiting a second at a time
    /// and the attempt repeated until the wait is used up. PostgreSQL: a
    /// transaction-scoped advisory lock under a `lock_timeout`; statements then
    /// read at `READ COMMITTED`, so they see every write committed before the
    /// lock was taken.
    pub(crate) fn begin_write(&self, wait: Duration) -> Result<Option<Transaction<'_>>> {
        match self {
            Connection::Sqlite(connection) => {
                let started = Instant::now();
                loop {
                    match connection.execute_batch("BEGIN IMMEDIATE") {
                        Ok(()) => return Ok(Some(Transaction::new(self))),
                        Err(error) => {
                            let error = BackendError::from(error);
                            if !error.is_busy() {
                                return Err(error);
                            }
                            if started.elapsed() >= wait {
                                return Ok(None);
                            }
                        }
                    }
                }
            }
            Connection::Postgres(_) => {
                // PostgreSQL reads a lock_timeout of 0 as "wait for ever".
                let millis = wait.as_millis().clamp(1, i32::MAX as u128);
                self.batch(&format!("BEGIN; SET LOCAL lock_timeout = {millis}"))?;
                let transaction = Transaction::new(self);
                match self.execute("SELECT pg_advisory_xact_lock(?1)", args![WRITE_LOCK]) {
                    Ok(_) => Ok(Some(transaction)),
                    Err(BackendError::Postgres(error))
                        if error.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) =>
                    {
                        Ok(None)
                    }
                    Err(other) => Err(other),
                }
            }
        }
    }

    /// Opens a transaction whose reads all see one snapshot of the corpus.
    pub(crate) fn begin_read(&self) -> Result<Transaction<'_>> {
        self.batch(match self {
            Connection::Sqlite(_) => "BEGIN",
            Connection::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ",
        })?;
        Ok(Transaction::new(self))
    }

    /// How many of the backend's migrations have run.
    pub(crate) fn schema_version(&self) -> Result<i64> {
        match self {
            Connection::Sqlite(connection) => {
                Ok(connection.query_row("PRAGMA user_version", [], |r| r.get(0))?)
            }
            Connection::Postgres(_) => {
                let exists = self.query_int(
                    "SELECT COUNT(*) FROM pg_tables
                     WHERE schemaname = current_schema() AND tablename = 'storyline_schema'",
                    &[],
                )?;
                if exists == 0 {
                    return Ok(0);
                }
                Ok(self
                    .query_row("SELECT version FROM storyline_schema", &[])?
                    .map(|row| row.int(0))
                    .transpose()?
                    .unwrap_or(0))
            }
        }
    }

    pub(crate) fn set_schema_version(&self, version: i64) -> Result<()> {
        match self {
            Connection::Sqlite(connection) => {
                Ok(connection.pragma_update(None, "user_version", version)?)
            }
            Connection::Postgres(_) => {
                self.batch(
                    "CREATE TABLE IF NOT EXISTS storyline_schema (version BIGINT NOT NULL);
                     DELETE FROM storyline_schema;",
                )?;
                self.execute(
                    "INSERT INTO storyline_schema (version) VALUES (?1)",
                    args![version],
                )?;
                Ok(())
            }
        }
    }

    /// The database's own check that its files are sound: SQLite's
    /// `integrity_check`; a PostgreSQL server checks its pages itself (and
    /// answers nothing here).
    pub(crate) fn files_sound(&self) -> Result<bool> {
        match self {
            Connection::Sqlite(connection) => {
                let verdict: String =
                    connection.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                Ok(verdict == "ok")
            }
            Connection::Postgres(_) => Ok(true),
        }
    }
}

impl Postgres {
    fn client(&mut self) -> Result<&mut postgres::Client> {
        self.client.as_mut().ok_or(BackendError::Closed)
    }

    /// Runs a statement, prepared once per connection, with its parameters.
    fn run<T>(
        &mut self,
        sql: &str,
        params: &[Param<'_>],
        work: impl FnOnce(
            &mut postgres::Client,
            &postgres::Statement,
            &[&(dyn postgres::types::ToSql + Sync)],
        ) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let statement = match self.statements.get(sql) {
            Some(statement) => statement.clone(),
            None => {
                let statement = self.client()?.prepare(&numbered_parameters(sql))?;
                self.statements.insert(sql.to_string(), statement.clone());
                statement
            }
        };
        let params: Vec<_> = params.iter().map(Param::postgres).collect();
        Ok(work(self.client()?, &statement, &params)?)
    }
}

impl Drop for Postgres {
    /// The driver closes the connection by blocking on a runtime of its own,
    /// which panics on a thread that drives async tasks (a server dropping its
    /// state, say): there it is closed on a thread of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                std::thread::spawn(move || drop(client));
            }
        }
    }
}

/// `?N` (SQLite's numbered parameters) as `$N` (PostgreSQL's). The store's
/// statements hold no `?` in a string literal.
fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn sqlite_row(row: &rusqlite::Row<'_>, columns: usize) -> Result<Row> {
    use rusqlite::types::ValueRef;
    (0..columns)
        .map(|column| {
            Ok(match row.get_ref(column)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(value) => Value::Int(value),
                ValueRef::Text(bytes) => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
                ValueRef::Real(_) => return Row(Vec::new()).mismatch(column, "a number"),
                ValueRef::Blob(_) => return Row(Vec::new()).mismatch(column, "a blob"),
            })
        })
        .collect::<Result<_>>()
        .map(Row)
}

fn postgres_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    row.columns()
        .iter()
        .enumerate()
        .map(|(column, described)| {
            let value = match *described.type_() {
                Type::INT8 => row.try_get::<_, Option<i64>>(column)?.map(Value::Int),
                Type::INT4 => row
                    .try_get::<_, Option<i32>>(column)?
                    .map(|value| Value::Int(value.into())),
                Type::BOOL => row
                    .try_get::<_, Option<bool>>(column)?
                    .map(|value| Value::Int(value.into())),
                Type::TEXT | Type::VARCHAR | Type::NAME => {
                    row.try_get::<_, Option<String>>(column)?.map(Value::Text)
                }
                _ => {
                    return Err(BackendError::Column {
                        column,
                        found: "a type the store does not use",
                        wanted: "an integer, a flag or text",
                    })
                }
            };
            Ok(value.unwrap_or(Value::Null))
        })
        .collect::<Result<_>>()
        .map(Row)
}

/// An open transaction: committed by [`Transaction::commit`], rolled back when
/// dropped otherwise (an error, a panic). It reads and writes through the
/// connection it was opened on.
pub(crate) struct Transaction<'c> {
    connection: &'c Connection,
    open: bool,
}

impl<'c> Transaction<'c> {
    fn new(connection: &'c Connection) -> Self {
        Transaction {
            connection,
            open: true,
        }
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        self.connection.batch("COMMIT")
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.connection
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the error that dropped it is reported.
            let _ = self.connection.batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_renumbered_and_passwords_hidden() {
        assert_eq!(
            numbered_parameters("SELECT ?1, ?12 WHERE a = ?2"),
            "SELECT $1, $12 WHERE a = $2"
        );
        assert_eq!(
            display_location("postgres://news:secret@db.internal:5432/corpus"),
            "postgres://news:***@db.internal:5432/corpus"
        );
        assert_eq!(
            display_location("postgres://news@db/corpus"),
            "postgres://news@db/corpus"
        );
        assert_eq!(
            display_location("postgres://news:p@ss@db/corpus"),
            "postgres://news:***@db/corpus"
        );
        assert_eq!(display_location("news.db"), "news.db");
    }
}
