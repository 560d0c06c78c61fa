//! The writing assistant's tasks.

use assent_models::{assist, NgramModel, Position, ProfileContext, Task};

use crate::corpus::{strs, texts};

fn profile() -> ProfileContext {
    ProfileContext {
        name: "Ana Lima".into(),
        headline: "Data Engineer at Acme | Kafka, Rust".into(),
        about: "I build streaming pipelines.".into(),
        skills: vec!["Kafka".into(), "Rust".into(), "Spark".into(), "SQL".into()],
        experience: vec![
            Position { title: "Senior Data Engineer".into(), company: "Acme".into() },
            Position { title: "Analyst".into(), company: "Globex".into() },
        ],
        language: "en".into(),
    }
}

fn model() -> NgramModel {
    NgramModel::train(strs(&texts(1500, 40)), 4)
}

#[test]
fn every_task_writes_from_the_profile_deterministically() {
    let m = model();
    let p = profile();
    for task in [Task::Headline, Task::About, Task::Post, Task::MessageReply] {
        let a = assist(&m, task, &p, None, 1);
        assert!(!a.trim().is_empty(), "{task:?}");
        assert_eq!(assist(&m, task, &p, None, 1), a, "{task:?} is deterministic");
        assert!(!a.contains("<unk>") && !a.contains("</s>"), "{task:?}: {a}");
        assert!(!a.chars().any(|c| c.is_ascii_digit()), "{task:?} writes no digits: {a}");
        let varied = (2..8).any(|s| assist(&m, task, &p, None, s) != a);
        assert!(varied, "{task:?} varies with the seed");
    }
    let headline = assist(&m, Task::Headline, &p, None, 3);
    assert!(headline.starts_with("Senior Data Engineer"), "{headline}");
    let about = assist(&m, Task::About, &p, None, 3);
    assert!(about.starts_with("I'm a Senior Data Engineer") || about.starts_with("Currently a Senior"), "{about}");
    assert!(about.contains("Before that, I worked as an Analyst at Globex."), "{about}");
    let reply = assist(&m, Task::MessageReply, &p, None, 3);
    assert!(reply.ends_with("Best,\nAna"), "{reply}");
    let post = assist(&m, Task::Post, &p, None, 3);
    assert!(post.contains("#Kafka #Rust"), "{post}");
}

#[test]
fn drafts_are_continued() {
    let m = model();
    let p = profile();
    let draft = "My team at Acme shipped";
    let out = assist(&m, Task::Post, &p, Some(draft), 5);
    assert!(out.starts_with(draft) && out.len() > draft.len() + 3, "{out}");
    assert!(matches!(out.chars().last(), Some('.' | '!' | '?')), "the sentence is finished: {out}");
    let done = "Great week.";
    let out = assist(&m, Task::MessageReply, &p, Some(done), 5);
    assert!(out.starts_with("Great week. ") && out.len() > done.len() + 5, "{out}");
}

#[test]
fn works_with_an_empty_model_and_profile() {
    let empty = NgramModel::train(std::iter::empty::<&str>(), 3);
    for task in [Task::Headline, Task::About, Task::Post, Task::MessageReply] {
        let a = assist(&empty, task, &ProfileContext::default(), None, 1);
        assert!(!a.trim().is_empty(), "{task:?}");
        assert!(!a.contains("<unk>"), "{a}");
    }
    assert_eq!("message".parse::<Task>().unwrap(), Task::MessageReply);
    assert!("poem".parse::<Task>().is_err());
    assert_eq!(Task::About.name(), "about");
}

#[test]
fn a_french_speaking_member_gets_french_drafts_from_a_mixed_model() {
    let french = [
        "Je travaille dans la donnée depuis dix ans et j'aime les pipelines simples.",
        "Nous avons réduit les délais de livraison avec une équipe formidable.",
        "Je suis toujours ravi d'échanger sur la qualité des données avec vous.",
        "Ce qui compte pour moi : la rigueur et une communication claire.",
        "Merci à toute l'équipe pour cette belle année !",
    ];
    let mut corpus: Vec<String> = texts(800, 40);
    for i in 0..400 {
        corpus.push(french[i % french.len()].to_string());
    }
    let m = NgramModel::train(strs(&corpus), 4);
    let p = ProfileContext {
        name: "Camille Martin".into(),
        headline: "Ingénieure data chez Acme".into(),
        about: "Je construis des pipelines de données.".into(),
        skills: vec!["Kafka".into(), "Rust".into(), "Qualité des données".into()],
        experience: vec![Position { title: "Ingénieure data".into(), company: "Acme".into() }],
        language: "fr".into(),
    };
    for seed in 1..6 {
        for task in [Task::Headline, Task::About, Task::Post, Task::MessageReply] {
            let a = assist(&m, task, &p, None, seed);
            let lang = assent_policy::language::detect(&a);
            assert!(lang == "fr" || (task == Task::Headline && lang == "und"), "{task:?} in {lang}: {a}");
            assert!(!a.contains(" and ") && !a.contains("Best,"), "{a}");
        }
    }
    let about = assist(&m, Task::About, &p, None, 2);
    assert!(
        about.starts_with("Je suis Ingénieure data chez Acme") || about.starts_with("Actuellement Ingénieure"),
        "{about}"
    );
    let reply = assist(&m, Task::MessageReply, &p, None, 2);
    assert!(reply.starts_with("Bonjour, merci") && reply.ends_with("Bien à vous,\nCamille"), "{reply}");
    // A draft is continued in its own language, whatever the member's.
    let out = assist(&m, Task::Post, &p, Some("Great week with the team."), 3);
    assert_eq!(assent_policy::language::detect(&out[out.find('.').unwrap() + 1..]), "en", "{out}");
}
