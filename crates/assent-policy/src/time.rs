//! Instants in UTC as microseconds since the Unix epoch: cheap to compare, and the same
//! representation Arrow and Parquet use for `timestamp(us, UTC)`.

use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::{Error, Result};

/// An instant in UTC, microseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Now, from the system clock.
    pub fn now() -> Timestamp {
        Timestamp(Utc::now().timestamp_micros())
    }

    /// Parses an RFC 3339 instant with an explicit offset, e.g. `2025-11-03T00:00:00Z`.
    pub fn parse_rfc3339(s: &str) -> Result<Timestamp> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| Timestamp(t.with_timezone(&Utc).timestamp_micros()))
            .map_err(|e| Error::Value(format!("`{s}` is not an RFC 3339 time such as 2025-11-03T00:00:00Z ({e})")))
    }

    /// Midnight UTC at the start of `date`.
    pub fn start_of(date: NaiveDate) -> Timestamp {
        Timestamp(date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_micros())
    }

    /// The instant as it names directories and ids: `20251103T000000000000Z` (UTC, to the
    /// microsecond, sorting in time order, safe in any file name).
    pub fn stamp(self) -> String {
        self.to_datetime().format("%Y%m%dT%H%M%S%6fZ").to_string()
    }

    /// Microseconds since the epoch.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// As a chrono time, for formatting and calendar arithmetic.
    pub fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.0).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_datetime().to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rfc3339() {
        let t = Timestamp::parse_rfc3339("2025-11-03T01:00:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2025-11-03T00:00:00Z");
        assert_eq!(Timestamp::parse_rfc3339("2025-11-03T00:00:00.000001Z").unwrap().0 - t.0, 1);
        assert!(Timestamp::parse_rfc3339("2025-11-03").is_err());
        assert!(Timestamp::parse_rfc3339("2025-11-03T00:00:00").is_err(), "an offset is required");
    }
}
