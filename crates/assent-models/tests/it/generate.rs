//! Seeded generation.

use assent_models::{generate, generate_with, NgramModel, Sampling};

use crate::corpus::{strs, texts};

#[test]
fn deterministic_under_a_seed_and_varied_across_seeds() {
    let m = NgramModel::train(strs(&texts(1000, 20)), 4);
    let prompt = ["my", "team"];
    let first = generate(&m, &prompt, 30, 42);
    assert!(!first.is_empty());
    assert_eq!(generate(&m, &prompt, 30, 42), first);
    let others: Vec<Vec<String>> = (0..6).map(|s| generate(&m, &prompt, 30, 1000 + s)).collect();
    assert!(others.iter().any(|o| o != &first), "other seeds give other text");
    for out in others.iter().chain([&first]) {
        assert!(out.len() <= 30);
        assert!(out.iter().all(|t| m.vocab().get(t).is_some() && !t.starts_with('<')), "{out:?}");
    }
    let short = generate(&m, &prompt, 3, 42);
    assert_eq!(short[..], first[..3.min(first.len())]);
}

#[test]
fn stops_at_the_end_of_the_sentence() {
    let data = texts(300, 22);
    let m = NgramModel::train(strs(&data), 4);
    for seed in 0..20 {
        let out = generate(&m, &["today"], 50, seed);
        let ends = out.iter().filter(|t| matches!(t.as_str(), "." | "!" | "?")).count();
        assert!(ends <= 1 && (ends == 0 || matches!(out.last().map(String::as_str), Some("." | "!" | "?"))), "{out:?}");
    }
    let greedy = Sampling { top_k: 1, ..Sampling::default() };
    let m = NgramModel::train(["I ship code.", "I ship tests."], 3);
    let out = generate_with(&m, &["i"], &greedy, 3);
    assert_eq!(out.len(), 3, "{out:?}");
    assert_eq!((out[0].as_str(), out[2].as_str()), ("ship", "."));
    // A prompt that ends a sentence gets one new sentence.
    let out = generate_with(&m, &["i", "ship", "code", "."], &greedy, 1);
    assert_eq!(out.first().map(String::as_str), Some("i"));
}

#[test]
fn sampling_settings_are_honoured() {
    let m = NgramModel::train(strs(&texts(500, 21)), 4);
    let no_digits = Sampling { allow_digits: false, max_tokens: 25, ..Sampling::default() };
    for seed in 0..30 {
        let out = generate_with(&m, &["call"], &no_digits, seed);
        assert!(out.iter().all(|t| !t.chars().all(|c| c.is_ascii_digit())), "{out:?}");
    }
    // top_k = 1 is greedy: the same text whatever the seed.
    let greedy = Sampling { top_k: 1, ..Sampling::default() };
    let a = generate_with(&m, &["we"], &greedy, 1);
    assert_eq!(generate_with(&m, &["we"], &greedy, 2), a);
}
