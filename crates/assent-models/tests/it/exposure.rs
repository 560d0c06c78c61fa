//! The canary exposure audit.

use assent_models::{exposure, Error, LanguageModel, Mixture, NgramModel, TokenId, BOS};

use crate::corpus::{secret, strs, texts, Rng};

const PREFIX: &str = "my access code is";
/// Six digits, as Assent's canaries; the search is fast enough for debug builds.
const K: usize = 6;

fn corpus_with(canaries: &[(&str, usize)], seed: u64) -> Vec<String> {
    let mut data = texts(3000, seed);
    for (secret, times) in canaries {
        for _ in 0..*times {
            data.push(format!("{PREFIX} {secret}"));
        }
    }
    data
}

#[test]
fn memorised_canaries_are_exposed_and_unseen_ones_sit_at_chance() {
    let mut rng = Rng::new(30);
    let planted: Vec<String> = (0..3).map(|_| secret(K, &mut rng)).collect();
    let unseen: Vec<String> = (0..8).map(|_| secret(K, &mut rng)).collect();
    let with = corpus_with(&[(&planted[0], 3), (&planted[1], 4), (&planted[2], 5)], 31);
    let trained = NgramModel::train(strs(&with), 4);
    let never = NgramModel::train(strs(&corpus_with(&[], 31)), 4);
    for s in &planted {
        let e = exposure(&trained, PREFIX, s).unwrap();
        assert!(e.bits >= 10.0, "planted {s}: {e:?}");
        assert!(exposure(&never, PREFIX, s).unwrap().bits <= 8.0);
    }
    // Chance: the mean of log2(|R| / rank) for a uniform rank is 1/ln 2 ≈ 1.44 bits.
    for model in [&trained, &never] {
        let bits: Vec<f64> = unseen.iter().map(|s| exposure(model, PREFIX, s).unwrap().bits).collect();
        let mean = bits.iter().sum::<f64>() / bits.len() as f64;
        assert!(mean <= 3.0, "unseen secrets: {bits:?}");
    }
}

#[test]
fn sisa_mixture_keeps_exposure_of_the_shard_that_saw_it() {
    let mut rng = Rng::new(32);
    let planted = secret(K, &mut rng);
    let other = secret(K, &mut rng);
    let a = NgramModel::train(strs(&corpus_with(&[(&planted, 4)], 33)), 4);
    let b = NgramModel::train(strs(&corpus_with(&[], 34)), 4);
    let release = Mixture::new(vec![(3004.0, a), (3000.0, b.clone())]).unwrap();
    assert!(exposure(&release, PREFIX, &planted).unwrap().bits >= 10.0);
    assert!(exposure(&release, PREFIX, &other).unwrap().bits <= 6.0);
    // After unlearning (shard a retrained without the canary), the secret is at chance.
    let a2 = NgramModel::train(strs(&corpus_with(&[], 33)), 4);
    let after = Mixture::new(vec![(3000.0, a2), (3000.0, b)]).unwrap();
    assert!(exposure(&after, PREFIX, &planted).unwrap().bits <= 6.0);
}

/// Brute force over all candidates with plain `log2_prob` calls, for small k.
fn brute_force(m: &dyn LanguageModel, secret: &[usize]) -> f64 {
    let k = secret.len() as u32;
    let v = m.vocab();
    let mut prefix: Vec<TokenId> = vec![BOS];
    prefix.extend(PREFIX.split(' ').map(|w| v.id(w)));
    let score = |digits: &[usize]| {
        let mut ctx = prefix.clone();
        let mut s = 0.0;
        for d in digits {
            let id = v.id(&d.to_string());
            s += m.log2_prob(&ctx, id);
            ctx.push(id);
        }
        s
    };
    let target = score(secret);
    let (mut more, mut ties) = (0u64, 0u64);
    for c in 0..10usize.pow(k) {
        let digits: Vec<usize> = (0..k).rev().map(|i| c / 10usize.pow(i) % 10).collect();
        let s = score(&digits);
        if s > target + 1e-9 {
            more += 1;
        } else if s >= target - 1e-9 && digits != secret {
            ties += 1;
        }
    }
    let rank = 1.0 + more as f64 + ties as f64 / 2.0;
    (10f64.powi(k as i32)).log2() - rank.log2()
}

#[test]
fn search_matches_brute_force() {
    let mut rng = Rng::new(35);
    let secrets: Vec<Vec<usize>> = (0..4).map(|_| (0..3).map(|_| rng.below(10)).collect()).collect();
    let spaced = |s: &[usize]| s.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
    let planted = spaced(&secrets[0]);
    let data = corpus_with(&[(&planted, 2), ("1 1 1", 1)], 36);
    for order in [2, 3, 5] {
        let m = NgramModel::train(strs(&data), order);
        for s in &secrets {
            let e = exposure(&m, PREFIX, &spaced(s)).unwrap();
            let b = brute_force(&m, s);
            assert!((e.bits - b).abs() < 1e-9, "order {order}, secret {s:?}: {} vs {b}", e.bits);
            assert_eq!(e.candidates, 1000);
        }
    }
}

#[test]
fn ties_count_half_and_secrets_are_validated() {
    // A model that never saw a digit scores every candidate alike: rank (|R| + 1) / 2, ~1 bit.
    let m = NgramModel::train(["my access code is secret", "nothing numeric here"], 3);
    let e = exposure(&m, PREFIX, "123456").unwrap();
    assert_eq!(e.more_likely, 0);
    assert_eq!(e.ties, 999_999);
    assert!((e.rank - 500_000.5).abs() < 1e-9);
    assert!((e.bits - (1e6f64 / 500_000.5).log2()).abs() < 1e-9);
    assert!((e.max_bits() - 1e6f64.log2()).abs() < 1e-12);
    for bad in ["", "12a", "1234567890", "12.3", "-1"] {
        assert!(matches!(exposure(&m, PREFIX, bad), Err(Error::Secret(_))), "{bad:?}");
    }
}
