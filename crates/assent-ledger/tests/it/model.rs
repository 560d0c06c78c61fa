//! Property test: the in-memory index, the SQL queries and a naive replay of the events agree on
//! current and as-of answers, for random event streams (including back-dated imports and ties).

use assent_ledger::{Change, Ledger, Method};
use assent_policy::{Purpose, Timestamp};
use proptest::prelude::*;

use assent_ledger::scratch::{on_both, Place};

/// The naive model: the latest event by (time, recording order) at or before `t`.
fn naive(events: &[(i64, Purpose, bool, i64)], member: i64, purpose: Purpose, t: i64) -> Option<bool> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.0 == member && e.1 == purpose && e.3 <= t)
        .max_by_key(|(i, e)| (e.3, *i))
        .map(|(_, e)| e.2)
}

const BASE: i64 = 1_762_128_000_000_000; // 2025-11-03T00:00:00Z

fn event() -> impl Strategy<Value = (i64, Purpose, bool, i64)> {
    (1i64..6, prop_oneof![Just(Purpose::TrainGenai), Just(Purpose::TrainAi)], any::<bool>(), 0i64..20)
        .prop_map(|(m, p, v, t)| (m, p, v, BASE + t * 1_000_000))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn index_equals_sql_equals_naive(
        batches in prop::collection::vec(prop::collection::vec(event(), 1..6), 1..6),
        probes in prop::collection::vec((1i64..7, -1i64..22), 1..30),
    ) {
      for place in [Place::sqlite("ledger.db"), Place::postgres()] {
        let ledger = Ledger::create(&place.db).unwrap();
        let mut all = Vec::new();
        for batch in &batches {
            let changes: Vec<_> = batch.iter().map(|&(m, p, v, t)| Change::at(m, p, v, Method::Import, Timestamp(t))).collect();
            ledger.record_all(&changes).unwrap();
            all.extend_from_slice(batch);
        }
        // A second handle rebuilds its index from the database alone.
        let reopened = Ledger::open(&place.db).unwrap();
        for &(m, offset) in &probes {
            let t = BASE + offset * 1_000_000;
            for p in Purpose::ALL {
                let expected = naive(&all, m, p, t);
                prop_assert_eq!(explicit(ledger.consent_as_of(m, p, Timestamp(t)).unwrap()), expected);
                prop_assert_eq!(explicit(reopened.consent_as_of(m, p, Timestamp(t)).unwrap()), expected);
                prop_assert_eq!(ledger.sql_latest_event(m, p, Some(Timestamp(t))).unwrap().map(|e| e.value), expected);
                let current = naive(&all, m, p, i64::MAX);
                prop_assert_eq!(ledger.index().explicit(m, p), current);
                prop_assert_eq!(reopened.index().explicit(m, p), current);
                prop_assert_eq!(ledger.sql_latest_event(m, p, None).unwrap().map(|e| e.value), current);
                // The unlearning planner's question, and the setting resolved from the index,
                // against the SQL rows.
                let mut offs: Vec<i64> =
                    all.iter().filter(|e| e.1 == p && !e.2 && e.3 > t).map(|e| e.0).collect();
                offs.sort_unstable();
                offs.dedup();
                prop_assert_eq!(ledger.index().opted_out_after(p, Timestamp(t)), offs.clone());
                prop_assert_eq!(reopened.index().opted_out_after(p, Timestamp(t)), offs);
                let resolved = ledger.setting_as_of(m, assent_policy::Region::parse("FR").unwrap(), p, Timestamp(t)).unwrap();
                let sql = ledger.sql_latest_event(m, p, Some(Timestamp(t))).unwrap();
                if let Some(e) = sql {
                    prop_assert_eq!(resolved.source, assent_ledger::SettingSource::Event(e));
                }
            }
        }
      }
    }
}

#[test]
fn a_toggle_at_exactly_t_counts_at_t() {
    on_both("ledger.db", a_toggle_at_exactly_t_counts_at_t_on);
}

fn a_toggle_at_exactly_t_counts_at_t_on(place: &Place) {
    let ledger = Ledger::create(&place.db).unwrap();
    let t = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
    ledger.record(Change::at(7, Purpose::TrainGenai, false, Method::Web, t)).unwrap();
    assert_eq!(explicit(ledger.consent_as_of(7, Purpose::TrainGenai, Timestamp(t.0 - 1)).unwrap()), None);
    assert_eq!(explicit(ledger.consent_as_of(7, Purpose::TrainGenai, t).unwrap()), Some(false));
    // Same instant, later in the ledger: the later event wins.
    ledger.record(Change::at(7, Purpose::TrainGenai, true, Method::Web, t)).unwrap();
    assert_eq!(explicit(ledger.consent_as_of(7, Purpose::TrainGenai, t).unwrap()), Some(true));
    assert_eq!(ledger.index().explicit(7, Purpose::TrainAi), None, "purposes are independent");
}

#[test]
fn setting_falls_back_to_the_region_default_of_the_policy_in_force() {
    on_both("ledger.db", setting_falls_back_to_the_region_default_of_the_policy_in_force_on);
}

fn setting_falls_back_to_the_region_default_of_the_policy_in_force_on(place: &Place) {
    use assent_ledger::SettingSource;
    use assent_policy::{Region, EXAMPLE_OPT_IN_POLICY};
    let ledger = Ledger::create(&place.db).unwrap();
    let at = |s| Timestamp::parse_rfc3339(s).unwrap();
    // Installed, as recorded elsewhere, well before it took effect (2026-06-01).
    ledger.install_policy_at("example.toml", EXAMPLE_OPT_IN_POLICY, at("2026-03-01T00:00:00Z")).unwrap();
    let fr = Region::parse("FR").unwrap();
    let before = ledger.setting_as_of(9, fr, Purpose::TrainGenai, at("2025-11-02T00:00:00Z")).unwrap();
    assert_eq!((before.value, before.source), (false, SettingSource::NoPolicyInForce));
    let seed = ledger.setting_as_of(9, fr, Purpose::TrainGenai, at("2026-01-01T00:00:00Z")).unwrap();
    assert!(seed.value, "opt-out region under the seed policy");
    let opt_in = ledger.setting_as_of(9, fr, Purpose::TrainGenai, at("2026-07-01T00:00:00Z")).unwrap();
    assert!(!opt_in.value, "opt-in region under the example policy");
    assert!(
        matches!(opt_in.source, SettingSource::RegionDefault { ref policy_version, .. } if policy_version == "2026-06-01-eea-opt-in")
    );
    ledger.record(Change::at(9, Purpose::TrainGenai, true, Method::Web, at("2026-06-15T00:00:00Z"))).unwrap();
    let consented = ledger.setting_as_of(9, fr, Purpose::TrainGenai, at("2026-07-01T00:00:00Z")).unwrap();
    assert!(consented.value);
    let history = ledger.history(9).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].policy_version, "2026-06-01-eea-opt-in", "the version in force when the change was made");
}

#[test]
fn a_policy_is_installed_before_its_notice_period_starts_or_not_at_all() {
    on_both("ledger.db", a_policy_is_installed_before_its_notice_period_starts_or_not_at_all_on);
}

fn a_policy_is_installed_before_its_notice_period_starts_or_not_at_all_on(place: &Place) {
    use assent_policy::EXAMPLE_OPT_IN_POLICY;
    let ledger = Ledger::create(&place.db).unwrap();
    let at = |s| Timestamp::parse_rfc3339(s).unwrap();
    // The example takes effect on 2026-06-01 with the default 30 days of notice.
    let err = ledger.install_policy_at("example.toml", EXAMPLE_OPT_IN_POLICY, at("2026-05-15T00:00:00Z")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("members must be told 30 days before") && msg.contains("2026-06-14T00:00:00Z or later"),
        "{msg}"
    );
    let err = ledger.install_policy("example.toml", EXAMPLE_OPT_IN_POLICY).unwrap_err().to_string();
    assert!(err.contains("never applies retroactively"), "{err}");
    assert_eq!(ledger.policies().versions().len(), 1, "nothing installed");
    ledger.install_policy_at("example.toml", EXAMPLE_OPT_IN_POLICY, at("2026-05-02T00:00:00Z")).unwrap();
    assert_eq!(ledger.policies().versions().len(), 2);
    let future = Timestamp(Timestamp::now().0 + 86_400_000_000);
    assert!(ledger.install_policy_at("x.toml", EXAMPLE_OPT_IN_POLICY, future).is_err(), "no installs from the future");
}

/// The choice in a [`Consent`](assent_policy::Consent), if one was made.
fn explicit(c: assent_policy::Consent) -> Option<bool> {
    match c {
        assent_policy::Consent::Explicit(v) => Some(v),
        assent_policy::Consent::NoChoice => None,
        assent_policy::Consent::Unknown => panic!("the ledger could not say"),
    }
}

#[test]
fn a_snapshot_reads_each_choice_as_of_its_own_instant_and_sequence() {
    on_both("ledger.db", a_snapshot_reads_each_choice_as_of_its_own_instant_and_sequence_on);
}

fn a_snapshot_reads_each_choice_as_of_its_own_instant_and_sequence_on(place: &Place) {
    let ledger = Ledger::create(&place.db).unwrap();
    let t = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
    ledger.record(Change::at(7, Purpose::TrainGenai, false, Method::Web, t)).unwrap();
    ledger.record(Change::at(8, Purpose::TrainGenai, true, Method::Web, t)).unwrap();
    let last_seq = ledger.index().last_seq();
    // Written after the snapshot began: member 7 changes their mind, later and at the same instant.
    ledger.record(Change::at(7, Purpose::TrainGenai, true, Method::Web, Timestamp(t.0 + 1))).unwrap();
    ledger.record(Change::at(8, Purpose::TrainGenai, false, Method::Web, t)).unwrap();
    let read = |t: Timestamp, upto: i64| {
        let mut seen = Vec::new();
        ledger
            .latest_events(&[7, 8, 9], t, upto, |e| {
                seen.push((e.member, e.value));
                Ok::<(), assent_ledger::Error>(())
            })
            .unwrap();
        seen.sort_unstable();
        seen
    };
    // The index holds the newer events; the database answers for the snapshot's sequence.
    assert_eq!(read(Timestamp(t.0 + 5), last_seq), vec![(7, false), (8, true)]);
    assert_eq!(read(Timestamp(t.0 + 5), ledger.index().last_seq()), vec![(7, true), (8, false)]);
    assert_eq!(read(t, ledger.index().last_seq()), vec![(7, false), (8, false)]);
    assert_eq!(read(Timestamp(t.0 - 1), ledger.index().last_seq()), vec![]);
}
