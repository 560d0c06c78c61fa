//! Sampling text from a language model, deterministically under a seed.

use crate::lm::LanguageModel;
use crate::rng::SplitMix64;
use crate::vocab::{TokenId, BOS, EOS, UNK};

/// How [`generate_with`] samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Sampling {
    /// The most tokens to generate; generation also stops at the end of the sentence.
    pub max_tokens: usize,
    /// Below 1 sharpens the distribution towards likely tokens, above 1 flattens it. Must be
    /// above 0.
    pub temperature: f64,
    /// Only the `top_k` most likely tokens are candidates (at least 1).
    pub top_k: usize,
    /// A token that would repeat an n-gram of this length already in the sentence is not
    /// sampled (0 turns this off). Keeps n-gram models out of loops.
    pub no_repeat_ngram: usize,
    /// Whether digits may be generated. The writing assistant turns them off: numbers are where
    /// memorised specifics (codes, figures) would surface.
    pub allow_digits: bool,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling { max_tokens: 40, temperature: 0.8, top_k: 40, no_repeat_ngram: 3, allow_digits: true }
    }
}

/// Continues `prompt` (tokens as [`crate::tokenize`] makes them, the start of a sentence) until
/// the sentence ends or `max_tokens` were generated, with the default [`Sampling`]. Returns the
/// new tokens only, without the sentence end. The same model, prompt and seed always give the
/// same tokens.
pub fn generate<M: LanguageModel + ?Sized, S: AsRef<str>>(
    model: &M,
    prompt: &[S],
    max_tokens: usize,
    seed: u64,
) -> Vec<String> {
    generate_with(model, prompt, &Sampling { max_tokens, ..Sampling::default() }, seed)
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

/// [`generate`] with explicit sampling settings. A prompt that contains finished sentences
/// is fed to the model sentence by sentence; if it ends with a finished sentence, one new
/// sentence is generated.
pub fn generate_with<M: LanguageModel + ?Sized, S: AsRef<str>>(
    model: &M,
    prompt: &[S],
    sampling: &Sampling,
    seed: u64,
) -> Vec<String> {
    let vocab = model.vocab();
    let mut ctx: Vec<TokenId> = vec![BOS];
    for (i, t) in prompt.iter().enumerate() {
        let t = t.as_ref();
        ctx.push(vocab.id(t));
        let next_continues = prompt.get(i + 1).is_some_and(|n| is_terminal(n.as_ref()));
        if is_terminal(t) && !next_continues {
            ctx.extend([EOS, BOS]);
        }
    }
    let banned_digits: Vec<TokenId> =
        if sampling.allow_digits { Vec::new() } else { (0..10).filter_map(|d| vocab.get(&d.to_string())).collect() };
    let temperature = if sampling.temperature > 0.0 { sampling.temperature } else { 1.0 };
    let top_k = sampling.top_k.max(1);
    let mut rng = SplitMix64::derive(seed, 0x6765_6e65_7261_7465);
    let mut probs = Vec::new();
    let mut cands: Vec<(f64, TokenId)> = Vec::new();
    let mut out = Vec::new();
    for _ in 0..sampling.max_tokens {
        model.next_probs(&ctx, &mut probs);
        for t in [BOS, UNK].iter().chain(&banned_digits) {
            probs[*t as usize] = 0.0;
        }
        ban_repeats(&ctx, sampling.no_repeat_ngram, &mut probs);
        cands.clear();
        cands.extend(probs.iter().enumerate().filter(|(_, &p)| p > 0.0).map(|(i, &p)| (p, i as TokenId)));
        // A total order (probability, then id) makes the candidate set independent of how the
        // selection algorithm breaks ties.
        let by_likelihood = |a: &(f64, TokenId), b: &(f64, TokenId)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if cands.len() > top_k {
            cands.select_nth_unstable_by(top_k - 1, by_likelihood);
            cands.truncate(top_k);
        }
        cands.sort_unstable_by(by_likelihood);
        let weights: Vec<f64> = cands.iter().map(|c| c.0.powf(1.0 / temperature)).collect();
        let total: f64 = weights.iter().sum();
        if cands.is_empty() || total.is_nan() || total <= 0.0 {
            break;
        }
        let mut u = rng.unit() * total;
        let mut pick = cands[cands.len() - 1].1;
        for (w, c) in weights.iter().zip(&cands) {
            if u < *w {
                pick = c.1;
                break;
            }
            u -= w;
        }
        if pick == EOS {
            break;
        }
        out.push(vocab.token(pick).to_string());
        ctx.push(pick);
    }
    out
}

/// Zeroes the probability of every token that would complete an n-gram already present in the
/// current sentence.
fn ban_repeats(ctx: &[TokenId], n: usize, probs: &mut [f64]) {
    if n == 0 {
        return;
    }
    let start = ctx.iter().rposition(|&t| t == BOS).unwrap_or(0);
    let sentence = &ctx[start..];
    if sentence.len() < n {
        return;
    }
    let tail = &sentence[sentence.len() - (n - 1)..];
    for w in sentence.windows(n) {
        if &w[..n - 1] == tail && w[n - 1] != EOS {
            probs[w[n - 1] as usize] = 0.0;
        }
    }
}
