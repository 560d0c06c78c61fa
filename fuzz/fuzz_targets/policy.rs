//! The policy parser: any text is a policy or an error naming the line, never a panic; and no
//! policy it accepts makes a hard-excluded kind (messages, credentials, …) eligible.
#![no_main]

use assent_policy::{Kind, Policy, Purpose};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Policy::parse("fuzz.toml", text) {
        Ok(policy) => {
            for purpose in Purpose::ALL {
                for kind in Kind::ALL {
                    assert!(!(kind.is_hard_excluded() && policy.is_eligible(kind, purpose)), "{kind:?} eligible");
                }
            }
            let _ = policy.describe();
        }
        Err(e) => assert!(e.to_string().contains("fuzz.toml"), "the error names the file: {e}"),
    }
});
