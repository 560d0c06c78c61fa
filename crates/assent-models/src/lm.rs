//! The interface every language model behind the writing assistant and the leakage audit offers,
//! whatever its kind (the n-gram models here, a neural model later).

use crate::tokenize::{scan_sentences, Event};
use crate::vocab::{TokenId, Vocab, BOS, EOS};

/// A model of the next token given the tokens before it.
///
/// Ids refer to [`LanguageModel::vocab`]. A context is the tokens before the predicted one,
/// oldest first; a context that starts a sentence begins with [`BOS`] (a model only looks back
/// to the last `BOS` in it). [`BOS`] itself is never predicted: its probability is 0, and the
/// probabilities of all other ids sum to 1.
///
/// The trait is object safe, so a server can hold a `Box<dyn LanguageModel + Send + Sync>`.
pub trait LanguageModel {
    /// The token ↔ id mapping this model's ids refer to.
    fn vocab(&self) -> &Vocab;

    /// The most tokens of context the model looks at (n − 1 for an n-gram model). Callers may
    /// drop older context; the leakage audit uses this to reuse work.
    fn context_len(&self) -> usize;

    /// log2 p(token | context). An id outside the vocabulary counts as `<unk>`.
    fn log2_prob(&self, context: &[TokenId], token: TokenId) -> f64;

    /// log2 p(t | context) for each `t` of `tokens`, into `out` (same length as `tokens`).
    fn log2_probs(&self, context: &[TokenId], tokens: &[TokenId], out: &mut [f64]) {
        for (o, &t) in out.iter_mut().zip(tokens) {
            *o = self.log2_prob(context, t);
        }
    }

    /// p(id | context) for every id of the vocabulary, into `out` (resized to the vocabulary).
    fn next_probs(&self, context: &[TokenId], out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..self.vocab().len() as TokenId).map(|t| self.log2_prob(context, t).exp2()));
    }

    /// log2 p(token | context) by token strings (from [`crate::tokenize`]); unknown strings
    /// count as `<unk>`. An empty context means the start of a sentence.
    fn log2_prob_str(&self, context: &[&str], token: &str) -> f64 {
        let vocab = self.vocab();
        let mut ids = Vec::with_capacity(context.len() + 1);
        ids.push(BOS);
        ids.extend(context.iter().map(|t| vocab.id(t)));
        self.log2_prob(&ids, vocab.id(token))
    }
}

/// The per-token perplexity of `texts` under `model`: 2 to the minus mean log2 probability of
/// every token and every sentence end, each sentence scored from its start. Unknown words count
/// as `<unk>`. `NaN` when `texts` hold no tokens.
pub fn perplexity<'a, M: LanguageModel + ?Sized>(model: &M, texts: impl IntoIterator<Item = &'a str>) -> f64 {
    let vocab = model.vocab();
    let mut sum = 0.0;
    let mut n = 0u64;
    let mut ctx: Vec<TokenId> = vec![BOS];
    for text in texts {
        scan_sentences(text, |e| {
            let id = match e {
                Event::Token { lower, .. } => vocab.id(lower),
                Event::End => EOS,
            };
            sum += model.log2_prob(&ctx, id);
            n += 1;
            if id == EOS {
                ctx.clear();
                ctx.push(BOS);
            } else {
                ctx.push(id);
            }
        });
    }
    if n == 0 {
        return f64::NAN;
    }
    (-sum / n as f64).exp2()
}
