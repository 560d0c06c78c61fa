//! The policy format: shipped policies parse, and every violation names file, line and column.

use assent_policy::{
    LegalBasis, Policy, PolicyHistory, Purpose, Region, Timestamp, EXAMPLE_OPT_IN_POLICY, SEED_POLICY,
};

fn region(c: &str) -> Region {
    Region::parse(c).unwrap()
}

#[test]
fn seed_policy_is_opt_out_everywhere() {
    let p = Policy::parse("seed.toml", SEED_POLICY).unwrap();
    assert_eq!(p.version(), "2025-11-03");
    assert_eq!(p.effective(), Timestamp::parse_rfc3339("2025-11-03T00:00:00Z").unwrap());
    assert!(p.pre_effective_content_in_scope());
    assert_eq!(p.minimum_age(), 18);
    for c in ["US", "FR", "GB", "CH", "CA", "HK", "IN", "BR"] {
        for purpose in Purpose::ALL {
            assert_eq!(p.basis(region(c), purpose), LegalBasis::LegitimateInterest);
            assert!(p.default_setting(region(c), purpose));
        }
    }
    assert_eq!(p.eligible_kinds(Purpose::TrainGenai).len(), 7);
    assert!(p.describe().contains("everywhere else"));
}

#[test]
fn example_policy_has_opt_in_regions() {
    let p = Policy::parse("example.toml", EXAMPLE_OPT_IN_POLICY).unwrap();
    assert!(!p.default_setting(region("FR"), Purpose::TrainGenai));
    assert!(p.default_setting(region("FR"), Purpose::TrainAi));
    assert!(!p.default_setting(region("NO"), Purpose::TrainGenai), "EEA includes Norway");
    assert!(!p.default_setting(region("GB"), Purpose::TrainGenai));
    assert!(!p.default_setting(region("BR"), Purpose::TrainAi));
    assert!(p.default_setting(region("US"), Purpose::TrainGenai));
    assert!(!p.pre_effective_content_in_scope());
}

#[test]
fn history_picks_the_version_in_force() {
    let seed = Policy::parse("seed.toml", SEED_POLICY).unwrap();
    let next = Policy::parse("example.toml", EXAMPLE_OPT_IN_POLICY).unwrap();
    let h = PolicyHistory::new(vec![next.clone(), seed.clone()]).unwrap();
    let at = |s| h.in_force_at(Timestamp::parse_rfc3339(s).unwrap()).map(|p| p.version().to_string());
    assert_eq!(at("2025-11-02T23:59:59.999999Z"), None);
    assert_eq!(at("2025-11-03T00:00:00Z").as_deref(), Some("2025-11-03"));
    assert_eq!(at("2026-05-31T23:59:59Z").as_deref(), Some("2025-11-03"));
    assert_eq!(at("2026-06-01T00:00:00Z").as_deref(), Some("2026-06-01-eea-opt-in"));
    assert!(PolicyHistory::new(vec![seed.clone(), seed]).is_err());
}

/// Replaces `from` with `to` in the seed policy and returns the error message.
fn reject(from: &str, to: &str) -> String {
    assert!(SEED_POLICY.contains(from), "test setup: `{from}` not in the seed policy");
    let text = SEED_POLICY.replacen(from, to, 1);
    Policy::parse("bad.toml", &text).expect_err("policy should be rejected").to_string()
}

/// The position `needle` has in the seed policy after the replacement, as `file:line:column`.
fn position_of(from: &str, to: &str, needle: &str) -> String {
    let text = SEED_POLICY.replacen(from, to, 1);
    let offset = text.find(needle).unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("bad.toml:{line}:{column}: ")
}

#[test]
fn every_hard_exclusion_is_rejected_with_its_position() {
    let genai = r#"eligible = ["profile.headline""#;
    for kind in ["message", "credential", "email", "phone", "birth_date", "payment"] {
        let to = format!(r#"eligible = ["{kind}", "profile.headline""#);
        let msg = reject(genai, &to);
        let at = position_of(genai, &to, &format!("\"{kind}\""));
        assert!(msg.starts_with(&at), "{kind}: `{msg}` should start with `{at}`");
        assert!(msg.contains("can never be eligible") && msg.contains("remove it"), "{msg}");
    }
}

#[test]
fn minimum_age_under_18_is_rejected() {
    let msg = reject("minimum_age = 18", "minimum_age = 16");
    assert!(msg.starts_with(&position_of("minimum_age = 18", "minimum_age = 16", "16")), "{msg}");
    assert!(msg.contains("set it to 18 or more"), "{msg}");
}

#[test]
fn other_mistakes_are_errors_not_ignored() {
    let cases: &[(&str, &str, &str)] = &[
        ("gpc_is_opt_out = true", "gpc_is_opt_out = true\ncolour = \"blue\"", "unknown field `colour`"),
        ("effective = 2025-11-03T00:00:00Z", "effective = 2025-11-03", "must be a full date-time"),
        ("effective = 2025-11-03T00:00:00Z", "effective = 2025-11-03T00:00:00", "must be a full date-time"),
        ("effective = 2025-11-03T00:00:00Z", "effective = \"next tuesday\"", "invalid type"),
        (r#""profile.headline", "profile.about""#, r#""profile.headlines", "profile.about""#, "unknown data kind `profile.headlines`"),
        (r#"train-genai = "legitimate-interest""#, r#"train-genai = "opt-out""#, "unknown legal basis `opt-out`"),
        ("[default]", "[[region]]\nname = \"x\"\ncountries = [\"XX\"]\ntrain-genai = \"consent\"\ntrain-ai = \"consent\"\n\n[default]", "unknown region `XX`"),
        (
            "[default]",
            "[[region]]\nname = \"eu\"\ncountries = [\"EU\"]\ntrain-genai = \"consent\"\ntrain-ai = \"consent\"\n\n[[region]]\nname = \"france\"\ncountries = [\"FR\"]\ntrain-genai = \"consent\"\ntrain-ai = \"consent\"\n\n[default]",
            "region rules overlap: FR",
        ),
        ("version = \"2025-11-03\"", "version = \"\"", "non-empty"),
        ("[purposes.train-ai]", "[purposes.train-x]", "unknown field `train-x`"),
    ];
    for (from, to, expected) in cases {
        let msg = reject(from, to);
        assert!(msg.starts_with("bad.toml:"), "{msg}");
        assert!(msg.contains(expected), "replacing `{from}`: `{msg}` should mention `{expected}`");
    }
    let missing = Policy::parse("bad.toml", &SEED_POLICY.replace("minimum_age = 18\n", "")).unwrap_err();
    assert!(missing.to_string().contains("missing field `minimum_age`"), "{missing}");
}

#[test]
fn the_notice_period_is_stated_or_thirty_days() {
    let p = Policy::parse("seed.toml", SEED_POLICY).unwrap();
    assert_eq!(p.notice_days(), 30, "the default");
    assert_eq!(p.install_deadline(), Timestamp::parse_rfc3339("2025-10-04T00:00:00Z").unwrap());
    let text = SEED_POLICY.replace("minimum_age = 18", "minimum_age = 18\nnotice_days = 45");
    assert_eq!(Policy::parse("p.toml", &text).unwrap().notice_days(), 45);
    let text = SEED_POLICY.replace("minimum_age = 18", "minimum_age = 18\nnotice_days = -1");
    let err = Policy::parse("p.toml", &text).unwrap_err().to_string();
    assert!(err.starts_with("p.toml:") && err.contains("`notice_days = -1` must be between 0 and 3650"), "{err}");
}

#[test]
fn summaries_and_region_names_in_other_languages() {
    let seed = Policy::parse("seed.toml", SEED_POLICY).unwrap();
    assert!(seed.summary_in("fr").unwrap().starts_with("Les données publiques de votre profil"));
    assert_eq!(seed.summary_in("de"), None);
    let eea = Policy::parse("eea.toml", EXAMPLE_OPT_IN_POLICY).unwrap();
    let rule = &eea.region_rules()[0];
    assert_eq!(eea.region_name_in(rule, "fr"), Some("EEE, Suisse et Royaume-Uni"));
    assert_eq!(eea.region_name_in(rule, "es"), None);
    let bad_tag = format!("{SEED_POLICY}\n[translations.French]\nsummary = \"x\"\n");
    let err =
        Policy::parse("p.toml", &bad_tag.replace("[translations.fr]", "[translations.xx]")).unwrap_err().to_string();
    assert!(err.contains("`[translations.French]`") && err.contains("two- or three-letter code"), "{err}");
    let bad_region = EXAMPLE_OPT_IN_POLICY.replace("\"Brazil\" = \"Brésil\"", "\"Brasil\" = \"Brésil\"");
    let err = Policy::parse("p.toml", &bad_region).unwrap_err().to_string();
    assert!(err.contains("`Brasil` is not the name of a `[[region]]` rule"), "{err}");
    assert!(err.starts_with("p.toml:"), "names the file and line: {err}");
}
