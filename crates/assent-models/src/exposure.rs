//! The canary leakage audit: exposure of a planted secret (Carlini et al. 2019, "The Secret
//! Sharer"), computed exactly over every candidate.
//!
//! A canary is a sentence `prefix secret` whose secret is k random digits, so the candidate
//! space R holds 10^k secrets. The model scores a candidate by log2 p(candidate | `<s>` prefix)
//! (the prefix's own probability is the same for all candidates and drops out). The exposure of
//! the true secret is log2 |R| − log2 rank, where rank 1 is the most likely candidate: about
//! log2 |R| (19.9 bits for six digits) when the model memorised the secret, about 1.4 bits on
//! average when it has no idea.
//!
//! Ties: rank = 1 + (candidates strictly more likely) + ½ (other candidates exactly as likely),
//! the expected rank under a random tie break, so that a model that scores every candidate alike
//! sits at chance (about 1 bit) instead of at the maximum. Scores within 1e-9 bits count as equal,
//! which absorbs floating-point noise between equal sums taken in different orders.
//!
//! The search walks the digit tree depth first. A subtree whose partial score is already below
//! the secret's score is skipped (log-probabilities only add negative terms), and once the model's
//! context holds only digits, the next-digit distribution depends only on those last digits and
//! is cached: with an order-4 model, a six-digit audit asks the model for at most 1 111 + 1 000
//! distributions and takes milliseconds.

use crate::lm::LanguageModel;
use crate::tokenize::tokenize;
use crate::vocab::{TokenId, BOS};
use crate::{Error, Result};

/// The most digits a secret may have (10⁹ candidates).
pub const MAX_SECRET_DIGITS: usize = 9;
/// Scores closer than this (in bits) count as ties.
const EPS: f64 = 1e-9;
/// Caching next-digit distributions needs 10^context entries; beyond this, compute each time.
const MAX_CACHED_CONTEXT: usize = 5;

/// The outcome of auditing one canary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exposure {
    /// log2 |R| − log2 rank, in bits.
    pub bits: f64,
    /// The secret's rank among all candidates (1 = most likely), ties counted half.
    pub rank: f64,
    /// Candidates strictly more likely than the secret.
    pub more_likely: u64,
    /// Other candidates exactly as likely as the secret.
    pub ties: u64,
    /// |R| = 10^digits.
    pub candidates: u64,
    /// log2 p(secret | prefix) under the model.
    pub log2_prob: f64,
}

impl Exposure {
    /// The most exposure a secret of this many candidates can have: log2 |R|.
    pub fn max_bits(&self) -> f64 {
        (self.candidates as f64).log2()
    }
}

/// Audits one canary: how exposed `secret` (digits, spaced or not: `3 9 1 4 7 2`) is after
/// `prefix` (e.g. `my access code is`, read as the start of a sentence) under `model`.
///
/// ```
/// use assent_models::{exposure, NgramModel};
/// let mut texts = vec!["my access code is 4 7 1".to_string(); 3];
/// texts.extend((0..200).map(|i| format!("we shipped {} features in {} weeks", i % 10, (i * 7) % 10)));
/// let m = NgramModel::train(texts.iter().map(String::as_str), 4);
/// let e = exposure(&m, "my access code is", "4 7 1").unwrap();
/// assert_eq!(e.rank, 1.0);
/// assert!((e.bits - 1000f64.log2()).abs() < 1e-9);
/// ```
pub fn exposure<M: LanguageModel + ?Sized>(model: &M, prefix: &str, secret: &str) -> Result<Exposure> {
    let digits: Vec<usize> = tokenize(secret)
        .iter()
        .map(|t| match t.as_bytes() {
            [d @ b'0'..=b'9'] => Some(usize::from(d - b'0')),
            _ => None,
        })
        .collect::<Option<_>>()
        .filter(|d: &Vec<usize>| (1..=MAX_SECRET_DIGITS).contains(&d.len()))
        .ok_or_else(|| Error::Secret(secret.to_string()))?;
    let vocab = model.vocab();
    let digit_ids: [TokenId; 10] = std::array::from_fn(|d| vocab.id(&d.to_string()));
    let mut ctx: Vec<TokenId> = vec![BOS];
    ctx.extend(tokenize(prefix).iter().map(|t| vocab.id(t)));

    let m = model.context_len();
    let k = digits.len();
    let cache = if m <= MAX_CACHED_CONTEXT && m < k { vec![None; 10usize.pow(m as u32)] } else { Vec::new() };
    let mut search = Search { model, digit_ids, k, m, cache, ctx, target: 0.0, more: 0, ties: 0 };

    // The secret's own score, summed along the same path, in the same order, as the search.
    let mut target = 0.0;
    let mut code = 0u64;
    for (depth, &d) in digits.iter().enumerate() {
        target += search.next_digit(depth, code)[d];
        search.ctx.push(digit_ids[d]);
        code = code * 10 + d as u64;
    }
    search.ctx.truncate(search.ctx.len() - k);
    search.target = target;
    search.visit(0, 0.0, 0);

    let candidates = 10u64.pow(k as u32);
    let others_tied = search.ties.saturating_sub(1);
    let rank = 1.0 + search.more as f64 + others_tied as f64 / 2.0;
    Ok(Exposure {
        bits: (candidates as f64).log2() - rank.log2(),
        rank,
        more_likely: search.more,
        ties: others_tied,
        candidates,
        log2_prob: target,
    })
}

struct Search<'m, M: ?Sized> {
    model: &'m M,
    digit_ids: [TokenId; 10],
    k: usize,
    /// The model's context length.
    m: usize,
    /// Next-digit log-probabilities by the last `m` digits, once the context is all digits.
    cache: Vec<Option<[f64; 10]>>,
    ctx: Vec<TokenId>,
    target: f64,
    more: u64,
    ties: u64,
}

impl<M: LanguageModel + ?Sized> Search<'_, M> {
    /// log2 p(digit | prefix, digits so far) for the ten digits; `code` holds the digits so far.
    fn next_digit(&mut self, depth: usize, code: u64) -> [f64; 10] {
        let slot = (!self.cache.is_empty() && depth >= self.m).then(|| (code % 10u64.pow(self.m as u32)) as usize);
        if let Some(Some(p)) = slot.map(|s| self.cache[s]) {
            return p;
        }
        let mut p = [0.0; 10];
        self.model.log2_probs(&self.ctx, &self.digit_ids, &mut p);
        if let Some(s) = slot {
            self.cache[s] = Some(p);
        }
        p
    }

    fn visit(&mut self, depth: usize, score: f64, code: u64) {
        let p = self.next_digit(depth, code);
        for (d, lp) in p.iter().enumerate() {
            let s = score + lp;
            if s < self.target - EPS {
                continue;
            }
            if depth + 1 == self.k {
                if s > self.target + EPS {
                    self.more += 1;
                } else {
                    self.ties += 1;
                }
            } else {
                self.ctx.push(self.digit_ids[d]);
                self.visit(depth + 1, s, code * 10 + d as u64);
                self.ctx.pop();
            }
        }
    }
}
