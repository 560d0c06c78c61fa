//! The Kneser–Ney n-gram model: normalisation, learning, perplexity and its file format.

use assent_models::{tokenize, Error, LanguageModel, NgramModel, TokenId, TrainConfig, Vocab, BOS, EOS, UNK};

use crate::corpus::{strs, texts, Rng};

fn ids(m: &NgramModel, text: &str) -> Vec<TokenId> {
    let mut v = vec![BOS];
    v.extend(tokenize(text).iter().map(|t| m.token_id(t)));
    v
}

/// Σ_w p(w | context) over every id but `<s>`.
fn total(m: &NgramModel, context: &[TokenId]) -> f64 {
    (0..m.vocab().len() as TokenId).filter(|&t| t != BOS).map(|t| m.log2_prob(context, t).exp2()).sum()
}

#[test]
fn probabilities_sum_to_one() {
    let data = texts(400, 1);
    for order in 2..=5 {
        let m = NgramModel::train(strs(&data), order);
        let contexts = [
            vec![],
            vec![BOS],
            ids(&m, "i'm a data engineer at"),
            ids(&m, "we cut our"),
            ids(&m, "unseen words zzz qqq"),
            vec![BOS, UNK, UNK],
            ids(&m, "call 1 2"),
            vec![m.token_id("at"), BOS, m.token_id("my")],
            vec![BOS, 999_999],
        ];
        for ctx in &contexts {
            let s = total(&m, ctx);
            assert!((s - 1.0).abs() < 1e-9, "order {order}, context {ctx:?}: sum {s}");
            assert_eq!(m.log2_prob(ctx, BOS), f64::NEG_INFINITY);
            // The whole-vocabulary path agrees with the one-token path.
            let mut dist = Vec::new();
            m.next_probs(ctx, &mut dist);
            for t in [UNK, EOS, m.token_id("kafka"), m.token_id("at")] {
                assert!((dist[t as usize] - m.log2_prob(ctx, t).exp2()).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn learns_continuations() {
    let mut data = texts(300, 2);
    data.extend(std::iter::repeat_n("Our pipeline moves payroll exports overnight.".to_string(), 3));
    let m = NgramModel::train(strs(&data), 4);
    let ctx = ids(&m, "our pipeline moves payroll");
    let right = m.log2_prob(&ctx, m.token_id("exports"));
    assert!(right > -1.0, "the seen continuation is likely: {right}");
    let mut rng = Rng::new(9);
    for _ in 0..20 {
        let other = 3 + rng.below(m.vocab().len() - 3) as TokenId;
        if m.token(other) != "exports" {
            assert!(right > m.log2_prob(&ctx, other) + 3.0, "`exports` beats `{}`", m.token(other));
        }
    }
    // The string interface agrees.
    let via_str = m.log2_prob_str(&["our", "pipeline", "moves", "payroll"], "exports");
    assert_eq!(via_str, right);
}

#[test]
fn perplexity_prefers_in_domain_text() {
    let m = NgramModel::train(strs(&texts(2000, 3)), 4);
    let held_out = texts(200, 4);
    let mut rng = Rng::new(5);
    let shuffled: Vec<String> = held_out
        .iter()
        .map(|t| {
            let mut w: Vec<&str> = t.split_whitespace().collect();
            for i in (1..w.len()).rev() {
                w.swap(i, rng.below(i + 1));
            }
            w.join(" ")
        })
        .collect();
    let p_in = m.perplexity(strs(&held_out));
    let p_shuffled = m.perplexity(strs(&shuffled));
    assert!(p_in.is_finite() && p_in > 1.0, "{p_in}");
    assert!(p_in * 2.0 < p_shuffled, "in-domain {p_in} vs shuffled {p_shuffled}");
    let p_foreign = m.perplexity(["zebra quantum violin"]);
    assert!(p_foreign.is_finite() && p_foreign > p_in);
    assert!(m.perplexity(std::iter::empty::<&str>()).is_nan());
}

#[test]
fn file_format_round_trips() {
    let data = texts(500, 6);
    let m = NgramModel::train(strs(&data), 4);
    let bytes = m.to_bytes();
    let back = NgramModel::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.order(), 4);
    assert_eq!(back.vocab(), m.vocab());
    for text in ["i'm a nurse at acme", "call 1 2 3", "", "totally new words"] {
        let ctx = ids(&m, text);
        for t in 0..m.vocab().len() as TokenId {
            assert_eq!(back.log2_prob(&ctx, t).to_bits(), m.log2_prob(&ctx, t).to_bits());
        }
    }
    // Same texts, any order of texts: same bytes (nothing depends on hash-table order).
    let mut reversed = data.clone();
    reversed.reverse();
    assert_eq!(NgramModel::train(strs(&reversed), 4).to_bytes(), bytes);
    assert_eq!(NgramModel::train(strs(&data), 4).to_bytes(), bytes);
    assert_ne!(NgramModel::train(strs(&data[1..]), 4).to_bytes(), bytes);
}

#[test]
fn damaged_files_are_rejected() {
    let bytes = NgramModel::train(strs(&texts(50, 7)), 3).to_bytes();
    for i in [0, 9, 13, bytes.len() / 2, bytes.len() - 1] {
        let mut b = bytes.clone();
        b[i] ^= 0x40;
        assert!(NgramModel::from_bytes(&b).is_err(), "flipped byte {i}");
    }
    assert!(NgramModel::from_bytes(&bytes[..bytes.len() - 3]).is_err());
    assert!(NgramModel::from_bytes(b"").is_err());
    let mut newer = bytes.clone();
    newer[8] = 2;
    assert!(matches!(NgramModel::from_bytes(&newer), Err(Error::Version { found: 2, supported: 1, .. })));
}

#[test]
fn config_is_checked_and_rare_words_become_unknown() {
    for order in [0, 1, 6] {
        let err = NgramModel::train_with(["a b"], &TrainConfig { order, min_count: 1 }).unwrap_err();
        assert_eq!(err, Error::Order(order));
    }
    let m = NgramModel::train_with(["a b c.", "a b d.", "a e."], &TrainConfig { order: 3, min_count: 2 }).unwrap();
    assert_eq!(m.vocab().tokens().collect::<Vec<_>>(), ["<unk>", "<s>", "</s>", ".", "a", "b"]);
    assert_eq!(m.token_id("c"), UNK);
    // `<unk>` now has counts of its own: after "a b", an unknown word is likely.
    let ctx = [BOS, m.token_id("a"), m.token_id("b")];
    assert!(m.log2_prob(&ctx, UNK) > -1.5);
    assert!((total(&m, &ctx) - 1.0).abs() < 1e-9);
}

#[test]
fn empty_and_tiny_models_are_well_formed() {
    let empty = NgramModel::train(std::iter::empty::<&str>(), 4);
    assert_eq!(empty.vocab().len(), 3);
    assert!((total(&empty, &[BOS]) - 1.0).abs() < 1e-12);
    let back = NgramModel::from_bytes(&empty.to_bytes()).unwrap();
    assert_eq!(back.to_bytes(), empty.to_bytes());
    let one = NgramModel::train(["hi"], 5);
    assert!((total(&one, &[BOS]) - 1.0).abs() < 1e-12);
    assert!(one.log2_prob(&[BOS], one.token_id("hi")) > one.log2_prob(&[BOS], UNK));
}

#[test]
fn display_forms_follow_usage() {
    let m = NgramModel::train(
        [
            "I use Kafka daily.",
            "Kafka is great.",
            "we like Kafka and kafka-style logs.",
            "so I think",
            "iOS and IOS and iOS and iOS",
        ],
        3,
    );
    let v: &Vocab = m.vocab();
    assert_eq!(v.display(m.token_id("kafka")), "Kafka");
    assert_eq!(v.display(m.token_id("i")), "I", "sentence-initial uses do not count, mid-sentence ones do");
    assert_eq!(v.display(m.token_id("ios")), "iOS");
    assert_eq!(v.display(m.token_id("daily")), "daily");
    assert_eq!(v.id("KAFKA"), m.token_id("kafka"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Any corpus, any order, any context: a distribution that sums to 1, and a file that
    /// reads back to the same model.
    #[test]
    fn any_model_normalises_and_round_trips(
        corpus in proptest::collection::vec("(ab|cd|e|f|g|1|2|\\.|,| ){0,30}", 0..30),
        order in 2usize..=5,
        context in proptest::collection::vec(0u32..12, 0..6),
    ) {
        let m = NgramModel::train(corpus.iter().map(String::as_str), order);
        let mut ctx = vec![BOS];
        ctx.extend(context);
        let s = total(&m, &ctx);
        proptest::prop_assert!((s - 1.0).abs() < 1e-9, "sum {}", s);
        let bytes = m.to_bytes();
        let back = NgramModel::from_bytes(&bytes).unwrap();
        proptest::prop_assert_eq!(back.to_bytes(), bytes);
    }
}

#[test]
fn training_on_several_threads_gives_the_same_bytes() {
    let mut corpus = texts(900, 31);
    // A word in more spellings than a token keeps, spread over every run of the texts, and one
    // whose first spellings are seen late: the spellings kept are those seen first in text order.
    let spellings = ["Rust", "RUST", "rUst", "ruSt", "rusT", "RUst", "rUST", "RuSt", "rUsT", "RUsT", "ruST"];
    for (i, s) in spellings.iter().enumerate() {
        corpus.insert(i * 80, format!("We like {s} a lot. And {s} again."));
        corpus.push(format!("Late: the Quokka says {}.", s.to_lowercase().replace('r', "Q")));
    }
    corpus.push(String::new());
    corpus.push("Only once: zorbing.".into());
    let texts: Vec<&str> = corpus.iter().map(String::as_str).collect();
    for order in [2, 3, 4, 5] {
        for min_count in [1, 2] {
            let config = TrainConfig { order, min_count };
            let one = NgramModel::train_with(texts.iter().copied(), &config).unwrap().to_bytes();
            for threads in [2, 3, 4, 7] {
                let many = NgramModel::train_parallel(&texts, &config, threads).unwrap().to_bytes();
                assert!(many == one, "order {order}, min_count {min_count}, {threads} threads: the model differs");
            }
        }
    }
    for threads in [1, 2, 5] {
        let empty = NgramModel::train_parallel(&[], &TrainConfig::default(), threads).unwrap();
        assert_eq!(empty.to_bytes(), NgramModel::train_with([], &TrainConfig::default()).unwrap().to_bytes());
    }
}
