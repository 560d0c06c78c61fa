//! SISA mixtures of shard models.

use assent_models::{tokenize, Error, LanguageModel, Mixture, NgramModel, TokenId, BOS, EOS, UNK};

use crate::corpus::{strs, texts};

/// log2 p(token | context) of `m` by strings, the context starting a sentence.
fn lp(m: &dyn LanguageModel, context: &str, token: &str) -> f64 {
    let ctx: Vec<String> = tokenize(context);
    let ctx: Vec<&str> = ctx.iter().map(String::as_str).collect();
    m.log2_prob_str(&ctx, token)
}

#[test]
fn mixture_is_the_weighted_sum_of_its_shards() {
    let a = NgramModel::train(strs(&texts(300, 10)), 4);
    let mut b_texts = texts(200, 11);
    b_texts.push("Only shard b knows about quokka farming.".into());
    let b = NgramModel::train(strs(&b_texts), 3);
    let (wa, wb) = (300.0 / 500.0, 200.0 / 500.0);
    let mix = Mixture::new(vec![(300.0, a.clone()), (200.0, b.clone())]).unwrap();
    assert_eq!(mix.len(), 2);
    assert_eq!(mix.context_len(), 3);
    let weights: Vec<f64> = mix.shards().map(|s| s.0).collect();
    assert_eq!(weights, [wa, wb]);
    let cases = [
        ("i'm a data engineer at", "acme"),
        ("only shard b knows about", "quokka"),
        ("we cut our", "hiring"),
        ("", "happy"),
        ("call", "7"),
        ("something", "unheardof"),
        ("great session on", "."),
    ];
    for (ctx, tok) in cases {
        let expected = (wa * lp(&a, ctx, tok).exp2() + wb * lp(&b, ctx, tok).exp2()).log2();
        let got = lp(&mix, ctx, tok);
        assert!((got - expected).abs() < 1e-12, "{ctx:?} → {tok:?}: {got} vs {expected}");
    }
    // A word only one shard knows gets the other shard's <unk> probability.
    let quokka = (wa * lp(&a, "about", "<unk>").exp2() + wb * lp(&b, "about", "quokka").exp2()).log2();
    assert!((lp(&mix, "about", "quokka") - quokka).abs() < 1e-12);

    // The whole-distribution path agrees with the per-token path.
    let ctx: Vec<TokenId> = [BOS].into_iter().chain(tokenize("my team at").iter().map(|t| mix.vocab().id(t))).collect();
    let mut dist = Vec::new();
    mix.next_probs(&ctx, &mut dist);
    assert_eq!(dist.len(), mix.vocab().len());
    assert_eq!(dist[BOS as usize], 0.0);
    for t in [UNK, EOS, mix.vocab().id("acme"), mix.vocab().id("quokka")] {
        assert!((dist[t as usize] - mix.log2_prob(&ctx, t).exp2()).abs() < 1e-12);
    }
}

#[test]
fn a_mixtures_perplexity_is_assembled_from_its_shards_token_probabilities() {
    let a = NgramModel::train(strs(&texts(300, 20)), 4);
    let b = NgramModel::train(strs(&texts(100, 21)), 4);
    let c = NgramModel::train(strs(&texts(50, 22)), 4);
    let sizes = [300.0, 0.0, 100.0, 50.0];
    let models = [a.clone(), c.clone(), b.clone(), c.clone()];
    let mix = Mixture::new(sizes.iter().copied().zip(models.iter().cloned()).collect()).unwrap();
    let mut heldout = texts(40, 23);
    heldout.push("Nobody wrote quokka zorbing before. Twice!\nA new line".into());
    heldout.push(String::new());
    let total: f64 = sizes.iter().sum();
    let (mut sum, mut n) = (0.0, 0usize);
    let mut terms: Vec<Vec<f64>> = vec![Vec::new(); models.len()];
    for text in &heldout {
        for (m, t) in models.iter().zip(terms.iter_mut()) {
            m.token_probs(text, t);
        }
        assert!(terms.iter().all(|t| t.len() == terms[0].len()), "every shard scores the same tokens");
        for i in 0..terms[0].len() {
            let p: f64 = sizes.iter().zip(&terms).filter(|(w, _)| **w > 0.0).map(|(w, t)| w / total * t[i]).sum();
            sum += p.log2();
        }
        n += terms[0].len();
    }
    let assembled = (-sum / n as f64).exp2();
    let direct = assent_models::perplexity(&mix, strs(&heldout));
    assert!(n > 500 && assembled.is_finite());
    assert!((assembled / direct - 1.0).abs() < 1e-9, "assembled {assembled} vs the mixture's {direct}");
    // One model's terms give its own perplexity.
    let (mut sum, mut n) = (0.0, 0usize);
    let mut t = Vec::new();
    for text in &heldout {
        a.token_probs(text, &mut t);
        sum += t.iter().map(|p| p.log2()).sum::<f64>();
        n += t.len();
    }
    assert!(((-sum / n as f64).exp2() / a.perplexity(strs(&heldout)) - 1.0).abs() < 1e-9);
}

#[test]
fn one_shard_is_that_shard() {
    let a = NgramModel::train(strs(&texts(200, 12)), 4);
    let mix = Mixture::new(vec![(7.0, a.clone())]).unwrap();
    for (ctx, tok) in [("my team at", "acme"), ("", "i'm"), ("x y z", "."), ("hiring a", "nurse")] {
        assert!((lp(&mix, ctx, tok) - lp(&a, ctx, tok)).abs() < 1e-12);
    }
    let mut dist = Vec::new();
    mix.next_probs(&[BOS], &mut dist);
    let s: f64 = dist.iter().sum();
    assert!((s - 1.0).abs() < 1e-9);
}

#[test]
fn empty_shards_and_bad_weights() {
    let a = NgramModel::train(["hello world"], 3);
    let empty = NgramModel::train(std::iter::empty::<&str>(), 3);
    let mix = Mixture::new(vec![(2.0, a.clone()), (0.0, empty.clone())]).unwrap();
    assert!((lp(&mix, "hello", "world") - lp(&a, "hello", "world")).abs() < 1e-12);
    for bad in [vec![], vec![(0.0, a.clone())], vec![(-1.0, a.clone()), (2.0, empty.clone())], vec![(f64::NAN, a)]] {
        assert!(matches!(Mixture::new(bad), Err(Error::Mixture(_))));
    }
}
