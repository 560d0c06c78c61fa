//! `assent policy` and `assent consent` through the binary.

use crate::{fails, ok, policies};

#[test]
fn policy_check_accepts_the_shipped_policies() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["seed-2025-11-03.toml", "example-eea-opt-in.toml"] {
        let out = ok(dir.path(), &["policy", "check", policies().join(file).to_str().unwrap()]);
        assert!(out.contains("valid") && out.contains("defaults per region"), "{out}");
    }
    let out = ok(dir.path(), &["policy", "check", policies().join("example-eea-opt-in.toml").to_str().unwrap()]);
    assert!(out.contains("EEA, Switzerland and UK") && out.contains("OFF (consent"), "{out}");
}

#[test]
fn policy_check_rejects_each_hard_exclusion_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(policies().join("seed-2025-11-03.toml")).unwrap();
    let line = seed.lines().position(|l| l.starts_with("eligible = [")).unwrap() + 1;
    for kind in ["message", "credential", "email", "phone", "birth_date", "payment"] {
        let bad = seed.replacen("eligible = [", &format!("eligible = [\"{kind}\", "), 1);
        let file = dir.path().join(format!("bad-{kind}.toml"));
        std::fs::write(&file, bad).unwrap();
        let err = fails(dir.path(), &["policy", "check", file.to_str().unwrap()]);
        let at = format!("{}:{line}:13: `{kind}` can never be eligible", file.display());
        assert!(err.contains(&at), "expected `{at}` in `{err}`");
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
    }
    let file = dir.path().join("minor.toml");
    std::fs::write(&file, seed.replace("minimum_age = 18", "minimum_age = 13")).unwrap();
    let err = fails(dir.path(), &["policy", "check", file.to_str().unwrap()]);
    assert!(err.contains("minor.toml:5:15:") && err.contains("set it to 18 or more"), "{err}");
    let err = fails(dir.path(), &["policy", "check", "/no/such/policy.toml"]);
    assert!(err.contains("cannot read policy file /no/such/policy.toml"), "{err}");
}

#[test]
fn consent_set_get_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let err = fails(&data, &["consent", "get", "--member", "5"]);
    assert!(err.contains("does not exist"), "fail closed on a missing ledger: {err}");

    ok(&data, &["consent", "set", "--member", "5", "--purpose", "train-genai", "off"]);
    let out = ok(&data, &["consent", "get", "--member", "5", "--region", "FR"]);
    assert!(out.contains("train-genai OFF (seq 1"), "{out}");
    assert!(out.contains("train-ai ON (no choice recorded; default in FR under policy 2025-11-03"), "{out}");

    let before = ok(&data, &["consent", "get", "--member", "5", "--as-of", "2025-11-04T00:00:00Z", "--region", "US"]);
    assert!(before.contains("train-genai ON (no choice recorded"), "{before}");
    let pre_policy =
        ok(&data, &["consent", "get", "--member", "5", "--as-of", "2025-01-01T00:00:00Z", "--region", "US"]);
    assert!(pre_policy.contains("train-genai OFF (no choice recorded and no policy in force)"), "{pre_policy}");

    ok(&data, &["consent", "set", "--member", "5", "--purpose", "train-genai", "on", "--method", "web"]);
    let history = ok(&data, &["consent", "history", "--member", "5"]);
    let lines: Vec<_> = history.lines().collect();
    assert_eq!(lines.len(), 2, "{history}");
    assert!(lines[0].contains("train-genai\tOFF\timport") && lines[1].contains("train-genai\tON\tweb"), "{history}");

    let err = fails(&data, &["consent", "set", "--member", "5", "--purpose", "train-everything", "off"]);
    assert!(err.contains("unknown purpose `train-everything`"), "{err}");
    let err = fails(&data, &["consent", "set", "--member=-3", "--purpose", "train-ai", "off"]);
    assert!(err.contains("member id -3 is out of range"), "{err}");
    assert_eq!(ok(&data, &["consent", "history", "--member", "5"]), history, "failed commands wrote nothing");
}

#[test]
fn policy_install_and_list() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped example took effect on 2026-06-01: installing it now would be retroactive.
    let past = policies().join("example-eea-opt-in.toml");
    let err = fails(dir.path(), &["policy", "install", past.to_str().unwrap()]);
    assert!(err.contains("never applies retroactively") && err.contains("or later"), "{err}");
    let file = dir.path().join("next.toml");
    let text = std::fs::read_to_string(&past).unwrap().replace("2026-06-01", "2099-06-01");
    std::fs::write(&file, text).unwrap();
    ok(dir.path(), &["policy", "install", file.to_str().unwrap()]);
    let list = ok(dir.path(), &["policy", "list"]);
    assert!(list.contains("2025-11-03\t") && list.contains("2099-06-01-eea-opt-in\t"), "{list}");
    let err = fails(dir.path(), &["policy", "install", file.to_str().unwrap()]);
    assert!(err.contains("never replaced"), "{err}");
    let out = ok(dir.path(), &["consent", "get", "--member", "1", "--region", "DE", "--as-of", "2099-07-01T00:00:00Z"]);
    assert!(
        out.contains("train-genai OFF (no choice recorded; default in DE under policy 2099-06-01-eea-opt-in, consent)"),
        "{out}"
    );
}
