//! Instants and dates the network is arranged around, and small helpers to draw times.

use assent_policy::Timestamp;
use chrono::{Months, NaiveDate};

use crate::rng::Rng;

/// One minute, in the microseconds a [`Timestamp`] counts.
pub(crate) const MINUTE: i64 = 60_000_000;
/// One hour.
pub(crate) const HOUR: i64 = 60 * MINUTE;
/// One day.
pub(crate) const DAY: i64 = 24 * HOUR;
/// A year of 365.25 days.
pub(crate) const YEAR: i64 = 365 * DAY + DAY / 4;

/// The instant the seed policy takes effect and member data starts training AI: 2025-11-03T00:00:00Z.
pub const LAUNCH: Timestamp = Timestamp(1_762_128_000 * 1_000_000);
/// The instant the change was announced (2025-09-18): members could turn the setting off from then on.
pub const ANNOUNCED: Timestamp = Timestamp(1_758_153_600 * 1_000_000);

/// A uniform instant in [lo, hi]; `None` when the interval is empty.
pub(crate) fn instant_between(rng: &mut Rng, lo: Timestamp, hi: Timestamp) -> Option<Timestamp> {
    (lo <= hi).then(|| Timestamp(rng.between(lo.0, hi.0)))
}

/// The calendar date (UTC) of an instant.
pub(crate) fn date_of(t: Timestamp) -> NaiveDate {
    t.to_datetime().date_naive()
}

/// `date` minus whole years (29 February falls back to the 28th).
pub(crate) fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(years * 12)).unwrap_or(NaiveDate::MIN)
}

/// `date` plus a number of days, saturating at the calendar's end.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::TimeDelta::days(days)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_their_dates() {
        assert_eq!(LAUNCH, Timestamp::parse_rfc3339("2025-11-03T00:00:00Z").unwrap());
        assert_eq!(ANNOUNCED, Timestamp::parse_rfc3339("2025-09-18T00:00:00Z").unwrap());
        let seed = assent_policy::Policy::parse("seed", assent_policy::SEED_POLICY).unwrap();
        assert_eq!(LAUNCH, seed.effective(), "the launch is the seed policy's effective instant");
    }
}
