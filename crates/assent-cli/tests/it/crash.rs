//! A kill -9 in the middle of a stream of `assent consent set` calls loses no change whose
//! command had already exited 0.

use std::process::{Command, Stdio};
use std::time::Duration;

use assent_ledger::Ledger;
use assent_policy::Purpose;

#[test]
fn kill_9_loses_no_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap().to_string();
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    for i in 0..60i64 {
        let member = 1 + i;
        let value = if i % 3 == 0 { "on" } else { "off" };
        let mut child = Command::new(env!("CARGO_BIN_EXE_assent"))
            .args(["consent", "set", "--member", &member.to_string(), "--purpose", "train-genai", value])
            .args(["--data-dir", &data_arg])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Every fourth command is killed with SIGKILL at a varying moment of its run.
        if i % 4 == 1 {
            std::thread::sleep(Duration::from_micros(200 * (i as u64 % 13)));
            if child.kill().is_ok() {
                killed += 1;
            }
        }
        let status = child.wait().unwrap();
        if status.success() {
            acknowledged.push((member, value == "on"));
        }
    }
    assert!(killed > 0, "the test must actually kill processes");
    assert!(acknowledged.len() >= 40, "most commands must succeed: {}", acknowledged.len());
    let ledger = Ledger::open(data.join("ledger.db")).expect("the ledger survives kill -9");
    for (member, value) in acknowledged {
        assert_eq!(ledger.index().explicit(member, Purpose::TrainGenai), Some(value), "member {member} lost");
        let sql = ledger.sql_latest_event(member, Purpose::TrainGenai, None).unwrap();
        assert_eq!(sql.map(|e| e.value), Some(value));
    }
}
