//! SISA inference: the shard models of a release combined into one model, p(w | h) =
//! Σᵢ weightᵢ · pᵢ(w | h), with weights proportional to shard sizes.
//!
//! Shards are trained apart, so their vocabularies differ. The mixture builds one shared
//! vocabulary (the union, in shard order) and, per shard, a table from shared ids to the shard's
//! own ids; a token a shard never saw gets that shard's `<unk>` probability.

use crate::hash::FxHashMap;
use crate::lm::LanguageModel;
use crate::ngram::{NgramModel, MAX_ORDER};
use crate::vocab::{TokenId, Vocab, UNK};
use crate::{Error, Result};

struct Shard {
    weight: f64,
    model: NgramModel,
    /// Shared id → this shard's id.
    map: Vec<TokenId>,
}

/// Shard models combined by weight (Bourtoule et al. 2021, "Machine Unlearning": Sharded,
/// Isolated, Sliced, Aggregated training). Retraining one shard means building a new mixture
/// with that shard's model replaced; the others are untouched.
///
/// With one shard the mixture gives exactly that shard's probabilities. Across shards, tokens
/// unknown to some shard each receive that shard's `<unk>` probability, so the sum over the
/// shared vocabulary can exceed 1 slightly; for ranking, sampling and the leakage audit that is
/// harmless (sampling renormalises).
pub struct Mixture {
    vocab: Vocab,
    shards: Vec<Shard>,
    context_len: usize,
}

impl std::fmt::Debug for Mixture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mixture")
            .field("vocab", &self.vocab.len())
            .field("weights", &self.shards.iter().map(|s| s.weight).collect::<Vec<_>>())
            .finish()
    }
}

impl Mixture {
    /// Combines `(size, model)` pairs; sizes (say, the number of training texts of each shard)
    /// are normalised into weights. Sizes must be finite and non-negative, at least one above
    /// zero. An empty shard (size 0) is allowed and contributes nothing.
    pub fn new(shards: Vec<(f64, NgramModel)>) -> Result<Mixture> {
        if shards.is_empty() {
            return Err(Error::Mixture("no shards".into()));
        }
        if let Some((w, _)) = shards.iter().find(|(w, _)| !w.is_finite() || *w < 0.0) {
            return Err(Error::Mixture(format!("shard weight {w} is not a finite, non-negative number")));
        }
        let total: f64 = shards.iter().map(|(w, _)| w).sum();
        if total <= 0.0 {
            return Err(Error::Mixture("all shard weights are zero".into()));
        }
        let mut index: FxHashMap<&str, usize> = FxHashMap::default();
        let mut words: Vec<(Box<str>, Option<Box<str>>)> = Vec::new();
        for (_, m) in &shards {
            let v = m.vocab();
            for id in 3..v.len() as TokenId {
                let t = v.token(id);
                match index.get(t) {
                    Some(&i) => {
                        if words[i].1.is_none() {
                            words[i].1 = v.display_override(id).map(Into::into);
                        }
                    }
                    None => {
                        index.insert(t, words.len());
                        words.push((t.into(), v.display_override(id).map(Into::into)));
                    }
                }
            }
        }
        drop(index);
        let vocab = Vocab::new(words).expect("union of distinct tokens");
        let context_len = shards.iter().map(|(_, m)| m.order() - 1).max().unwrap_or(1);
        let shards = shards
            .into_iter()
            .map(|(w, model)| {
                let map = vocab
                    .tokens()
                    .enumerate()
                    .map(|(g, t)| if g < 3 { g as TokenId } else { model.vocab().id(t) })
                    .collect();
                Shard { weight: w / total, model, map }
            })
            .collect();
        Ok(Mixture { vocab, shards, context_len })
    }

    /// Number of shards.
    pub fn len(&self) -> usize {
        self.shards.len()
    }

    /// Never true: a mixture has at least one shard.
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty()
    }

    /// The normalised weights and models, in shard order.
    pub fn shards(&self) -> impl Iterator<Item = (f64, &NgramModel)> + '_ {
        self.shards.iter().map(|s| (s.weight, &s.model))
    }

    fn map_into(shard: &Shard, ids: &[TokenId], out: &mut Vec<TokenId>) {
        out.clear();
        out.extend(ids.iter().map(|&g| shard.map.get(g as usize).copied().unwrap_or(UNK)));
    }
}

impl LanguageModel for Mixture {
    fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    fn context_len(&self) -> usize {
        self.context_len
    }

    fn log2_prob(&self, context: &[TokenId], token: TokenId) -> f64 {
        // The hot path of scoring: no allocation (a shard looks at most MAX_ORDER − 1 tokens back).
        let tail = &context[context.len().saturating_sub(self.context_len)..];
        let mut ctx = [UNK; MAX_ORDER - 1];
        let mut sum = 0.0;
        for s in self.shards.iter().filter(|s| s.weight > 0.0) {
            for (c, &g) in ctx.iter_mut().zip(tail) {
                *c = s.map.get(g as usize).copied().unwrap_or(UNK);
            }
            let t = s.map.get(token as usize).copied().unwrap_or(UNK);
            let mut p = [0.0];
            s.model.probs_into(&ctx[..tail.len()], &[t], &mut p);
            sum += s.weight * p[0];
        }
        sum.log2()
    }

    fn log2_probs(&self, context: &[TokenId], tokens: &[TokenId], out: &mut [f64]) {
        let tail = &context[context.len().saturating_sub(self.context_len)..];
        let mut ctx = Vec::with_capacity(tail.len());
        let mut toks = Vec::with_capacity(tokens.len());
        let mut p = vec![0.0; tokens.len()];
        out.fill(0.0);
        for s in self.shards.iter().filter(|s| s.weight > 0.0) {
            Self::map_into(s, tail, &mut ctx);
            Self::map_into(s, tokens, &mut toks);
            s.model.probs_into(&ctx, &toks, &mut p);
            for (o, &p) in out.iter_mut().zip(&p) {
                *o += s.weight * p;
            }
        }
        for o in out.iter_mut() {
            *o = o.log2();
        }
    }

    fn next_probs(&self, context: &[TokenId], out: &mut Vec<f64>) {
        let tail = &context[context.len().saturating_sub(self.context_len)..];
        let mut ctx = Vec::with_capacity(tail.len());
        let mut local = Vec::new();
        out.clear();
        out.resize(self.vocab.len(), 0.0);
        for s in self.shards.iter().filter(|s| s.weight > 0.0) {
            Self::map_into(s, tail, &mut ctx);
            s.model.next_probs(&ctx, &mut local);
            for (o, &l) in out.iter_mut().zip(&s.map) {
                *o += s.weight * local[l as usize];
            }
        }
    }
}
