//! The held-out perplexity of a release's writing model, assembled from its shards' terms.
//!
//! The combined model gives a token p = Σᵢ wᵢ · pᵢ (`assent_models::Mixture`), so its perplexity
//! follows from each shard model's probabilities of the held-out tokens (its *terms*). A release
//! keeps them per shard (`terms/shard-NNNNN.bin`, keyed by text): a release that retrains some
//! shards computes the terms of those models alone and takes the others' from its parent, so the
//! figure is the combined model's exact perplexity without loading the untouched shards' models.
//! Terms the parent lacks (a text new since, or a parent published before terms were kept) are
//! computed from the shard's model, so the figure never depends on what the parent happened to
//! keep.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assent_models::NgramModel;

use crate::error::{io, Error, Result};

/// The directory of a release's terms.
pub(crate) const TERMS_DIR: &str = "terms";
const MAGIC: &[u8; 8] = b"ASNTTERM";
const VERSION: u32 = 1;

/// One shard model's terms: per held-out text (by [`key`]), p of each of its tokens.
pub(crate) type Terms = HashMap<u64, Vec<f32>>;

/// The file of one shard's terms in the release directory `dir`.
pub(crate) fn terms_path(dir: &Path, shard: u32) -> PathBuf {
    dir.join(TERMS_DIR).join(format!("shard-{shard:05}.bin"))
}

/// A held-out text's key in a terms file.
pub(crate) fn key(text: &str) -> u64 {
    assent_policy::mix::fnv1a(text.as_bytes())
}

/// Adds to `terms` those of `texts` it lacks, scored by `model`.
pub(crate) fn complete(terms: &mut Terms, model: &NgramModel, texts: &[&str]) {
    let mut probs = Vec::new();
    for text in texts {
        if let std::collections::hash_map::Entry::Vacant(e) = terms.entry(key(text)) {
            model.token_probs(text, &mut probs);
            e.insert(probs.iter().map(|&p| p as f32).collect());
        }
    }
}

/// Whether `terms` covers every one of `texts`.
pub(crate) fn covers(terms: &Terms, texts: &[&str]) -> bool {
    texts.iter().all(|t| terms.contains_key(&key(t)))
}

/// Writes the terms of `texts` (and of nothing else) to `path`:
/// `ASNTTERM`, u32 version, u64 count, then per text u64 key, u32 n, n × f32, then the u64
/// FNV-1a of everything before; little-endian.
pub(crate) fn write(path: &Path, terms: &Terms, texts: &[&str]) -> Result<()> {
    let mut out = Vec::with_capacity(16 + texts.len() * 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    let keys: Vec<u64> = {
        let mut k: Vec<u64> = texts.iter().map(|t| key(t)).collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    out.extend_from_slice(&(keys.len() as u64).to_le_bytes());
    for k in keys {
        let probs = terms.get(&k).ok_or_else(|| Error::Invalid(format!("no terms for held-out text {k:016x}")))?;
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&(probs.len() as u32).to_le_bytes());
        for p in probs {
            out.extend_from_slice(&p.to_le_bytes());
        }
    }
    let sum = assent_policy::mix::fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(path, out).map_err(io(path))
}

/// Reads a terms file written by [`write`].
pub(crate) fn read(path: &Path) -> Result<Terms> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let bad = |detail: &str| Error::Corrupt { path: path.to_path_buf(), detail: detail.to_string() };
    if bytes.len() < 28 || &bytes[..8] != MAGIC {
        return Err(bad("not a terms file"));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if assent_policy::mix::fnv1a(body) != u64::from_le_bytes(sum.try_into().expect("8 bytes")) {
        return Err(bad("checksum mismatch"));
    }
    if u32::from_le_bytes(body[8..12].try_into().expect("4 bytes")) != VERSION {
        return Err(bad("unknown version"));
    }
    let mut at = 20usize;
    let mut take = |n: usize| -> Result<&[u8]> {
        let s = body.get(at..at + n).ok_or_else(|| bad("truncated"))?;
        at += n;
        Ok(s)
    };
    let count = u64::from_le_bytes(body[12..20].try_into().expect("8 bytes"));
    let mut out = Terms::with_capacity(count.min(1 << 20) as usize);
    for _ in 0..count {
        let k = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
        let n = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let probs = take(n.checked_mul(4).ok_or_else(|| bad("length overflow"))?)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        out.insert(k, probs);
    }
    if at != body.len() {
        return Err(bad("trailing bytes"));
    }
    Ok(out)
}

/// The perplexity of the models weighted by `weights` (any positive scale; zero weights are
/// left out, as in the mixture) on `texts`, from each model's terms. `NaN` when the texts hold
/// no tokens.
pub(crate) fn perplexity(texts: &[&str], weighted: &[(f64, &Terms)]) -> Result<f64> {
    let weighted: Vec<(f64, &Terms)> = weighted.iter().copied().filter(|(w, _)| *w > 0.0).collect();
    let total: f64 = weighted.iter().map(|(w, _)| w).sum();
    let (mut sum, mut n) = (0.0f64, 0u64);
    let mut p: Vec<f64> = Vec::new();
    for text in texts {
        let k = key(text);
        p.clear();
        for (w, terms) in &weighted {
            let t = terms.get(&k).ok_or_else(|| Error::Invalid(format!("no terms for held-out text {k:016x}")))?;
            if p.is_empty() {
                p.resize(t.len(), 0.0);
            }
            if t.len() != p.len() {
                return Err(Error::Invalid(format!("held-out text {k:016x}: shards scored different tokens")));
            }
            for (o, &x) in p.iter_mut().zip(t) {
                *o += w / total * f64::from(x);
            }
        }
        sum += p.iter().map(|x| x.log2()).sum::<f64>();
        n += p.len() as u64;
    }
    Ok(if n == 0 { f64::NAN } else { (-sum / n as f64).exp2() })
}
