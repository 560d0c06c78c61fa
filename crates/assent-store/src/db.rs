//! One way to run the store's SQL on either database. The store's statements are written once,
//! with SQLite's numbered parameters (`?1`, `?2`, …), in the SQL both databases accept; on
//! PostgreSQL they become `$1`, `$2`, … and are prepared once per connection. The few
//! statements that cannot be shared ask [`Sql::dialect`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use assent_ledger::PgClient;
use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type};
use postgres::Statement;

use crate::{Error, Result};

/// Which database a connection talks to, for the statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A statement parameter: an integer, a text, or NULL. PostgreSQL receives each in the type it
/// inferred for the parameter (an integer as `int8`, `int4` or `bool`; a text as `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// NULL.
    Null,
    /// An integer (ids and instants in µs).
    Int(i64),
    /// A text.
    Text(Cow<'a, str>),
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<u32> for Value<'_> {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Text(Cow::Borrowed(v))
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(Cow::Borrowed(v))
    }
}

impl From<String> for Value<'_> {
    fn from(v: String) -> Self {
        Value::Text(Cow::Owned(v))
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// `args![a, b, …]`: statement parameters from anything that converts to [`Value`].
#[macro_export]
#[doc(hidden)]
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::db::Value::from($v)),*][..] };
}

/// One row of a result, read by column index.
pub trait Row {
    /// An integer (a boolean reads as 0 or 1).
    fn int(&self, i: usize) -> Result<i64>;
    /// An integer or NULL.
    fn opt_int(&self, i: usize) -> Result<Option<i64>>;
    /// A text.
    fn text(&self, i: usize) -> Result<String>;
    /// A text or NULL.
    fn opt_text(&self, i: usize) -> Result<Option<String>>;
    /// A truth value (SQLite answers integers, PostgreSQL booleans).
    fn bool(&self, i: usize) -> Result<bool> {
        Ok(self.int(i)? != 0)
    }
}

/// A connection to the store's database.
pub trait Sql: Send + fmt::Debug {
    /// Which database it is.
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value<'_>]) -> Result<u64>;
    /// Runs a query and calls `f` with each row, as the rows arrive.
    fn query(&mut self, sql: &str, args: &[Value<'_>], f: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()>;
    /// Runs statements without parameters (schema changes, transaction control).
    fn batch(&mut self, sql: &str) -> Result<()>;

    /// Inserts `rows` (values in the order of `columns`) into `table`, the fastest way the
    /// database has: SQLite a prepared statement per row (no round trip), PostgreSQL one COPY.
    fn insert_many(&mut self, table: &str, columns: &[&str], rows: &[Vec<Value<'_>>]) -> Result<()>;
}

/// `INSERT INTO table (columns) VALUES (?1, …)`.
fn insert_sql(table: &str, columns: &[&str]) -> String {
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), marks.join(", "))
}

impl dyn Sql + '_ {
    /// The first row mapped by `f`, if there is one.
    pub fn query_opt<T>(
        &mut self,
        sql: &str,
        args: &[Value<'_>],
        f: impl Fn(&dyn Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut out = None;
        self.query(sql, args, &mut |r| {
            if out.is_none() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The one row a query must return, mapped by `f`.
    pub fn query_one<T>(&mut self, sql: &str, args: &[Value<'_>], f: impl Fn(&dyn Row) -> Result<T>) -> Result<T> {
        self.query_opt(sql, args, f)?.ok_or_else(|| Error::Database(format!("no row from `{sql}`")))
    }

    /// Every row, each mapped by `f`.
    pub fn query_vec<T>(&mut self, sql: &str, args: &[Value<'_>], f: impl Fn(&dyn Row) -> Result<T>) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query(sql, args, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        self.batch(match self.dialect() {
            // Take the write lock at once, so that a read-then-write never meets a busy writer halfway.
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        })?;
        match f(self) {
            Ok(out) => {
                self.batch("COMMIT")?;
                Ok(out)
            }
            Err(e) => {
                // The transaction may be gone already (the connection dropped); the error that
                // matters is the first one.
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

// --- SQLite ---------------------------------------------------------------------------------

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl Row for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> Result<i64> {
        Ok(self.get(i)?)
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.get(i)?)
    }
    fn text(&self, i: usize) -> Result<String> {
        Ok(self.get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.get(i)?)
    }
}

impl Sql for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, args: &[Value<'_>]) -> Result<u64> {
        Ok(self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))? as u64)
    }

    fn query(&mut self, sql: &str, args: &[Value<'_>], f: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()> {
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            f(row)?;
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.execute_batch(sql)?)
    }

    fn insert_many(&mut self, table: &str, columns: &[&str], rows: &[Vec<Value<'_>>]) -> Result<()> {
        let mut stmt = self.prepare_cached(&insert_sql(table, columns))?;
        for row in rows {
            stmt.execute(rusqlite::params_from_iter(row))?;
        }
        Ok(())
    }
}

// --- PostgreSQL -----------------------------------------------------------------------------

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) if *ty == Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
            Value::Int(v) if *ty == Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
            Value::Int(v) if *ty == Type::BOOL => (*v != 0).to_sql(ty, out),
            Value::Int(v) => v.to_sql(ty, out),
            Value::Text(s) => s.as_ref().to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [Type::INT8, Type::INT4, Type::INT2, Type::BOOL, Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME]
            .contains(ty)
    }

    postgres::types::to_sql_checked!();
}

fn pg_int(row: &postgres::Row, i: usize) -> Result<Option<i64>> {
    let ty = row.columns().get(i).map(|c| c.type_().clone());
    Ok(match ty {
        Some(Type::INT4) => row.try_get::<_, Option<i32>>(i)?.map(i64::from),
        Some(Type::INT2) => row.try_get::<_, Option<i16>>(i)?.map(i64::from),
        Some(Type::BOOL) => row.try_get::<_, Option<bool>>(i)?.map(i64::from),
        _ => row.try_get::<_, Option<i64>>(i)?,
    })
}

impl Row for postgres::Row {
    fn int(&self, i: usize) -> Result<i64> {
        pg_int(self, i)?.ok_or_else(|| Error::Database(format!("column {i} is NULL where a number was expected")))
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        pg_int(self, i)
    }
    fn text(&self, i: usize) -> Result<String> {
        Ok(self.try_get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.try_get(i)?)
    }
}

/// A PostgreSQL connection with the statements it has prepared, by their SQLite text.
pub struct Pg {
    client: PgClient,
    prepared: HashMap<String, Statement>,
}

impl fmt::Debug for Pg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pg({} statements)", self.prepared.len())
    }
}

impl Pg {
    /// Connects to `url`.
    pub fn connect(url: &assent_ledger::PostgresUrl) -> Result<Pg> {
        let client = PgClient::connect(url).map_err(|source| Error::Unreachable { at: url.to_string(), source })?;
        Ok(Pg { client, prepared: HashMap::new() })
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(&numbered_to_dollar(sql))?;
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// `?1` → `$1`, outside quoted strings.
fn numbered_to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

impl Sql for Pg {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Value<'_>]) -> Result<u64> {
        let s = self.statement(sql)?;
        let args: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&s, &args)?)
    }

    fn query(&mut self, sql: &str, args: &[Value<'_>], f: &mut dyn FnMut(&dyn Row) -> Result<()>) -> Result<()> {
        let s = self.statement(sql)?;
        // Rows stream in as the server sends them: memory stays bounded however many there are.
        let mut rows = self.client.query_raw(&s, args.iter())?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            f(&row)?;
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    fn insert_many(&mut self, table: &str, columns: &[&str], rows: &[Vec<Value<'_>>]) -> Result<()> {
        use std::io::Write;
        if rows.is_empty() {
            return Ok(());
        }
        let mut text = Vec::with_capacity(rows.len() * 64);
        for row in rows {
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    text.push(b'\t');
                }
                copy_text(v, &mut text);
            }
            text.push(b'\n');
        }
        let mut writer = self.client.copy_in(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))?;
        writer.write_all(&text).map_err(|e| Error::Database(format!("COPY into {table}: {e}")))?;
        writer.finish()?;
        Ok(())
    }
}

/// One value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return
/// escaped.
fn copy_text(v: &Value<'_>, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::Text(s) => {
            for b in s.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b => out.push(b),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{copy_text, numbered_to_dollar, Value};

    #[test]
    fn copy_text_escapes_what_the_format_gives_meaning() {
        let mut out = Vec::new();
        for v in [Value::Null, Value::Int(-7), Value::from("a\tb\nc\\d\re é")] {
            copy_text(&v, &mut out);
            out.push(b'|');
        }
        assert_eq!(String::from_utf8(out).unwrap(), "\\N|-7|a\\tb\\nc\\\\d\\re é|");
    }

    #[test]
    fn numbered_parameters_become_dollars_outside_strings() {
        assert_eq!(
            numbered_to_dollar("SELECT ?1, '?2', x FROM t WHERE a = ?12 AND b = ?"),
            "SELECT $1, '?2', x FROM t WHERE a = $12 AND b = ?"
        );
    }
}
