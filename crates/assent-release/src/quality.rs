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

use std::path::{Path, PathBuf};

use assent_models::NgramModel;

use crate::error::{io, Error, Result};

/// The directory of a release's terms.
pub(crate) const TERMS_DIR: &str = "terms";
const MAGIC: &[u8; 8] = b"ASNTTERM";
const VERSION: u32 = 1;

/// The file of one shard's terms in the release directory `dir`.
pub(crate) fn terms_path(dir: &Path, shard: u32) -> PathBuf {
    dir.join(TERMS_DIR).join(format!("shard-{shard:05}.bin"))
}

/// A held-out text's key in a terms file.
pub(crate) fn key(text: &str) -> u64 {
    assent_policy::mix::fnv1a(text.as_bytes())
}

/// The held-out texts a release is measured on, one per key, in key order (the order of a terms
/// file).
pub(crate) struct Sample<'a> {
    keys: Vec<u64>,
    texts: Vec<&'a str>,
}

impl<'a> Sample<'a> {
    /// The distinct texts of `texts` (the first text of each key).
    pub(crate) fn new(texts: &[&'a str]) -> Sample<'a> {
        let mut keyed: Vec<(u64, &str)> = texts.iter().map(|t| (key(t), *t)).collect();
        keyed.sort_by_key(|(k, _)| *k);
        keyed.dedup_by_key(|(k, _)| *k);
        let (keys, texts) = keyed.into_iter().unzip();
        Sample { keys, texts }
    }
}

/// One shard model's terms: per held-out text (by [`key`], ascending), p of each of its tokens,
/// laid out flat so that reading a file is one pass and looking a text up a binary search.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Terms {
    keys: Vec<u64>,
    /// Where each text's terms end in `probs`.
    ends: Vec<usize>,
    probs: Vec<f32>,
}

impl Terms {
    /// The terms of the text with key `k`.
    fn get(&self, k: u64) -> Option<&[f32]> {
        let i = self.keys.binary_search(&k).ok()?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.probs[start..self.ends[i]])
    }

    fn push(&mut self, k: u64, probs: impl IntoIterator<Item = f32>) {
        self.keys.push(k);
        self.probs.extend(probs);
        self.ends.push(self.probs.len());
    }

    /// Adds the terms of `text` (key `k`) as `model` scores them; `probs` is scratch space.
    fn push_scored(&mut self, k: u64, text: &str, model: &NgramModel, probs: &mut Vec<f64>) {
        model.token_probs(text, probs);
        self.push(k, probs.iter().map(|&p| p as f32));
    }

    /// Whether these are the terms of exactly the texts of `sample`.
    pub(crate) fn is_of(&self, sample: &Sample<'_>) -> bool {
        self.keys == sample.keys
    }

    /// The terms of exactly the texts of `sample`: those `known` has, and the rest scored by the
    /// model `model` gives (asked for only if some text is missing).
    pub(crate) fn of(sample: &Sample<'_>, known: &Terms, model: impl FnOnce() -> Result<NgramModel>) -> Result<Terms> {
        let mut out = Terms::default();
        let (mut load, mut loaded) = (Some(model), None);
        let mut probs = Vec::new();
        for (&k, text) in sample.keys.iter().zip(&sample.texts) {
            match known.get(k) {
                Some(p) => out.push(k, p.iter().copied()),
                None => {
                    if let Some(load) = load.take() {
                        loaded = Some(load()?);
                    }
                    out.push_scored(k, text, loaded.as_ref().expect("loaded above"), &mut probs);
                }
            }
        }
        Ok(out)
    }

    /// The terms of `sample` scored by `model`, on up to `threads` threads (each scores a
    /// contiguous run of the texts).
    pub(crate) fn scored(sample: &Sample<'_>, model: &NgramModel, threads: usize) -> Terms {
        let score = |keys: &[u64], texts: &[&str]| {
            let mut out = Terms::default();
            let mut probs = Vec::new();
            for (&k, text) in keys.iter().zip(texts) {
                out.push_scored(k, text, model, &mut probs);
            }
            out
        };
        let run = sample.keys.len().div_ceil(threads.max(1)).max(1);
        let parts: Vec<Terms> = std::thread::scope(|scope| {
            let handles: Vec<_> = sample
                .keys
                .chunks(run)
                .zip(sample.texts.chunks(run))
                .map(|(keys, texts)| scope.spawn(move || score(keys, texts)))
                .collect();
            handles.into_iter().map(|h| h.join().expect("scoring thread panicked")).collect()
        });
        let mut out = Terms::default();
        for part in parts {
            let base = out.probs.len();
            out.keys.extend(part.keys);
            out.ends.extend(part.ends.iter().map(|e| e + base));
            out.probs.extend(part.probs);
        }
        out
    }
}

/// Writes `terms` to `path` (in a directory that exists): `ASNTTERM`, u32 version, u64 count, then per text (in key order)
/// u64 key, u32 n, n × f32, then the u64 FNV-1a of everything before; little-endian.
pub(crate) fn write(path: &Path, terms: &Terms) -> Result<()> {
    let mut out = Vec::with_capacity(28 + terms.keys.len() * 12 + terms.probs.len() * 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(terms.keys.len() as u64).to_le_bytes());
    let mut start = 0;
    for (k, &end) in terms.keys.iter().zip(&terms.ends) {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&((end - start) as u32).to_le_bytes());
        for p in &terms.probs[start..end] {
            out.extend_from_slice(&p.to_le_bytes());
        }
        start = end;
    }
    let sum = assent_policy::mix::fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
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
    let mut out = Terms::default();
    let texts = count.min(body.len() as u64 / 12) as usize;
    out.keys.reserve(texts);
    out.ends.reserve(texts);
    out.probs.reserve(body.len() / 4);
    for _ in 0..count {
        let k = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
        if out.keys.last().is_some_and(|last| *last >= k) {
            return Err(bad("texts out of order"));
        }
        let n = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let probs = take(n.checked_mul(4).ok_or_else(|| bad("length overflow"))?)?;
        out.push(k, probs.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))));
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
            let t = terms.get(k).ok_or_else(|| Error::Invalid(format!("no terms for held-out text {k:016x}")))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 6] = [
        "I lead a team of data engineers.",
        "We shipped the new search in March.",
        "Looking for a role in product design.",
        "Nous recrutons une développeuse backend.",
        "Kubernetes, Rust and PostgreSQL at scale.",
        "Mentoring junior engineers is what I enjoy most.",
    ];

    fn model() -> NgramModel {
        NgramModel::train(TEXTS.iter().copied(), 3)
    }

    #[test]
    fn scoring_on_several_threads_gives_the_same_terms() {
        let sample = Sample::new(&TEXTS);
        let one = Terms::scored(&sample, &model(), 1);
        for threads in 2..=7 {
            assert_eq!(Terms::scored(&sample, &model(), threads), one, "{threads} threads");
        }
        assert!(one.is_of(&sample));
        assert!(one.probs.iter().all(|p| *p > 0.0 && *p <= 1.0));
    }

    #[test]
    fn terms_of_a_smaller_sample_hold_nothing_of_the_texts_that_left() {
        let all = Terms::scored(&Sample::new(&TEXTS), &model(), 1);
        let fewer = Sample::new(&TEXTS[..4]);
        let kept = Terms::of(&fewer, &all, || panic!("every text is known")).unwrap();
        assert!(kept.is_of(&fewer) && !all.is_of(&fewer));
        for gone in &TEXTS[4..] {
            assert_eq!(kept.get(key(gone)), None);
        }
        for text in &TEXTS[..4] {
            assert_eq!(kept.get(key(text)), all.get(key(text)));
        }
    }

    #[test]
    fn missing_terms_are_scored_by_the_model_loaded_once() {
        let sample = Sample::new(&TEXTS);
        let some = Terms::scored(&Sample::new(&TEXTS[..2]), &model(), 1);
        let mut loads = 0;
        let completed = Terms::of(&sample, &some, || {
            loads += 1;
            Ok(model())
        })
        .unwrap();
        assert_eq!(loads, 1);
        assert_eq!(completed, Terms::scored(&sample, &model(), 1));
    }

    #[test]
    fn a_terms_file_reads_back_and_its_damage_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shard-00000.bin");
        let terms = Terms::scored(&Sample::new(&TEXTS), &model(), 2);
        write(&path, &terms).unwrap();
        assert_eq!(read(&path).unwrap(), terms);

        let mut bytes = std::fs::read(&path).unwrap();
        bytes[30] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("checksum mismatch"));

        // Two texts swapped, checksum made good: out of order.
        let mut swapped = Terms::default();
        let (first, second) = (terms.keys[0], terms.keys[1]);
        swapped.push(second, terms.get(second).unwrap().iter().copied());
        swapped.push(first, terms.get(first).unwrap().iter().copied());
        write(&path, &swapped).unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("texts out of order"));
    }
}
