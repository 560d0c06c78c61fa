//! The operations layer: every operation that can make a member's data ineligible for training
//! requests unlearning itself, whichever front end calls it; the others do not.

use assent_ledger::Method;
use assent_policy::{Purpose, Visibility};
use assent_server::ops::account::{FieldEdit, ProfileEdit};
use assent_server::ops::content::PostKind;
use assent_server::ops::{self, account, content, messages, network, settings};
use assent_server::AppState;
use assent_store::{NewExperience, NewMember};

use crate::TestApp;

fn new_member(s: &AppState, name: &str, email: &str) -> i64 {
    let m = NewMember {
        name: name.into(),
        email: email.into(),
        password: "correct horse battery".into(),
        region: "US".into(),
        birth_date: "1990-04-01".into(),
        language: None,
    };
    account::sign_up(s, &m, None).unwrap().id
}

/// One operation to try.
type Op<'a> = Box<dyn FnOnce(&AppState) -> ops::Result<()> + 'a>;

/// Runs `op` and returns how many unlearning requests it made.
fn requests(s: &AppState, what: &str, op: impl FnOnce(&AppState) -> ops::Result<()>) -> u64 {
    let before = s.ai.unlearning_requests();
    op(s).unwrap_or_else(|e| panic!("{what}: {e}"));
    s.ai.unlearning_requests() - before
}

on_both!(
    #[test]
    every_operation_that_can_make_data_ineligible_requests_unlearning
);
fn every_operation_that_can_make_data_ineligible_requests_unlearning(t: TestApp) {
    let s = &t.state;
    let (ada, grace) = (new_member(s, "Ada", "ada@example.com"), new_member(s, "Grace", "grace@example.com"));
    let public = |text: &str| FieldEdit::Set { value: text.to_string(), visibility: Visibility::Public };
    let experience = NewExperience {
        title: "Engineer".into(),
        company: "Analytical Engines".into(),
        start: "2020-01-01".into(),
        end: None,
        description: "Wrote the first program.".into(),
        visibility: Visibility::Public,
    };
    let mut post = 0;
    let mut job = 0;

    // Operations that only add data, or turn a setting ON, never need unlearning.
    let adding: Vec<(&str, Op)> = vec![
        ("log in", Box::new(|s| account::log_in(s, "ada@example.com", "correct horse battery", None).map(drop))),
        ("post", Box::new(|s| content::post(s, ada, PostKind::Post, "Hello", Visibility::Public).map(|id| post = id))),
        ("add experience", Box::new(|s| account::add_experience(s, ada, &experience).map(|id| job = id))),
        ("connect", Box::new(|s| network::connect(s, grace, ada).map(drop))),
        ("message", Box::new(|s| messages::send(s, grace, ada, "Hi").map(drop))),
        ("setting ON", Box::new(|s| settings::change(s, ada, &[(Purpose::TrainAi, true)], Method::Api).map(drop))),
    ];
    for (what, op) in adding {
        assert_eq!(requests(s, what, op), 0, "{what} asked for unlearning");
    }
    let comment = content::comment(s, grace, post, "Welcome!", Visibility::Public).unwrap();

    // Every operation that can remove, re-scope or withdraw data asks, exactly once.
    let withdrawing: Vec<(&str, Op)> = vec![
        (
            "edit profile",
            Box::new(|s| {
                account::edit_profile(s, ada, &ProfileEdit { headline: Some(public("Poet")), ..Default::default() })
            }),
        ),
        (
            "make a field private",
            Box::new(|s| {
                let edit = FieldEdit::Set { value: "Poet".to_string(), visibility: Visibility::Private };
                account::edit_profile(s, ada, &ProfileEdit { headline: Some(edit), ..Default::default() })
            }),
        ),
        (
            "clear a field",
            Box::new(|s| {
                account::edit_profile(s, ada, &ProfileEdit { headline: Some(FieldEdit::Clear), ..Default::default() })
            }),
        ),
        ("delete experience", Box::new(move |s| account::delete_experience(s, ada, job))),
        ("delete a comment", Box::new(move |s| content::delete_post(s, grace, comment))),
        ("delete a post", Box::new(move |s| content::delete_post(s, ada, post))),
        ("setting OFF", Box::new(|s| settings::change(s, ada, &[(Purpose::TrainGenai, false)], Method::Web).map(drop))),
        ("close account", Box::new(|s| account::close_account(s, grace))),
    ];
    for (what, op) in withdrawing {
        assert_eq!(requests(s, what, op), 1, "{what} did not ask for unlearning");
    }
}

on_both!(
    #[test]
    the_gpc_signal_requests_unlearning_once
);
fn the_gpc_signal_requests_unlearning_once(t: TestApp) {
    let s = &t.state;
    let ada = new_member(s, "Ada", "ada@example.com");
    let m = s.store.member(ada).unwrap().unwrap();
    let before = s.ai.unlearning_requests();
    assert_eq!(settings::honour_gpc(s, &m).unwrap(), vec![Purpose::TrainGenai, Purpose::TrainAi]);
    assert_eq!(s.ai.unlearning_requests() - before, 1);
    assert!(settings::honour_gpc(s, &m).unwrap().is_empty(), "the signal counts once");
    assert_eq!(s.ai.unlearning_requests() - before, 1);
}

on_both!(
    #[test]
    a_refused_operation_writes_nothing_and_requests_nothing
);
fn a_refused_operation_writes_nothing_and_requests_nothing(t: TestApp) {
    let s = &t.state;
    let ada = new_member(s, "Ada", "ada@example.com");
    let before = s.ai.unlearning_requests();
    let long = FieldEdit::Set { value: "x".repeat(300), visibility: Visibility::Public };
    let edit = ProfileEdit {
        headline: Some(long),
        about: Some(FieldEdit::Set { value: "About me".into(), visibility: Visibility::Public }),
        ..Default::default()
    };
    assert!(matches!(account::edit_profile(s, ada, &edit), Err(ops::Error::Invalid { .. })));
    assert!(s.store.profile(ada).unwrap().about.is_none(), "all or nothing");
    assert!(matches!(settings::change(s, ada, &[], Method::Api), Err(ops::Error::Incomplete(_))));
    assert!(matches!(content::delete_post(s, ada, 999), Err(ops::Error::NotFound(_))));
    assert_eq!(s.ai.unlearning_requests(), before);
}
