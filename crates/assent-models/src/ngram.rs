//! The word n-gram language model: interpolated modified Kneser–Ney smoothing (Chen and Goodman
//! 1998, as in KenLM), trained in one pass over texts, stored in a compact versioned format.
//!
//! Counting follows KenLM: each sentence is `<s> w1 … wk </s>`; the highest order keeps raw
//! counts; a lower-order n-gram keeps its continuation count (how many distinct tokens precede
//! it), except n-grams that start with `<s>`, which keep raw counts because nothing can precede
//! them. Each order has three discounts (for counts 1, 2 and 3+) estimated from its counts of
//! counts. The unigram level interpolates with the uniform distribution over every token but
//! `<s>`, so that every token, `<unk>` included, has a probability above zero.

use crate::codec::{Reader, Writer};
use crate::hash::FxHashMap;
use crate::lm::{perplexity, LanguageModel};
use crate::tokenize::{scan_sentences, Event};
use crate::vocab::{TokenId, Vocab, BOS, EOS, UNK};
use crate::{Error, Result};

/// The smallest supported order (bigrams).
pub const MIN_ORDER: usize = 2;
/// The largest supported order (5-grams).
pub const MAX_ORDER: usize = 5;
/// The order used unless a caller asks for another.
pub const DEFAULT_ORDER: usize = 4;

/// Ids are packed into `u128` keys, 25 bits each; five ids fit. The vocabulary is capped to
/// match (33 million tokens; the rarest beyond that become `<unk>`).
const ID_BITS: u32 = 25;
const ID_MASK: u128 = (1 << ID_BITS) - 1;
const MAX_VOCAB: usize = 1 << ID_BITS;
/// Distinct capitalisations remembered per token for its display form.
const MAX_FORMS: usize = 8;

const MAGIC: &[u8; 8] = b"ASNTNGRM";
const VERSION: u32 = 1;
const WHAT: &str = "n-gram model";

fn pack(ids: &[TokenId]) -> u128 {
    ids.iter().fold(0, |k, &id| (k << ID_BITS) | u128::from(id))
}

/// How to train an [`NgramModel`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainConfig {
    /// The n of the n-grams, from [`MIN_ORDER`] to [`MAX_ORDER`].
    pub order: usize,
    /// Tokens seen fewer times than this become `<unk>`. 1 keeps every token; 2 or more also
    /// keeps words that only one text ever used out of the vocabulary.
    pub min_count: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig { order: DEFAULT_ORDER, min_count: 1 }
    }
}

/// One context of one order: where its continuations sit and its interpolation weights.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    start: u32,
    end: u32,
    inv_total: f64,
    gamma: f64,
}

/// The n-grams of one order n ≥ 2, grouped by context (the first n − 1 ids).
#[derive(Debug, Clone)]
struct Level {
    contexts: FxHashMap<u128, Ctx>,
    /// Continuations, grouped by context in key order, ascending within a context.
    words: Vec<TokenId>,
    counts: Vec<u32>,
    discounts: [f64; 3],
}

/// The canonical content of a level: what is stored, and what training produces.
struct LevelData {
    /// Context keys in ascending order with their number of continuations.
    contexts: Vec<(u128, u32)>,
    words: Vec<TokenId>,
    counts: Vec<u32>,
}

impl LevelData {
    fn from_entries(mut entries: Vec<(u128, u32)>) -> LevelData {
        entries.sort_unstable_by_key(|e| e.0);
        let mut contexts: Vec<(u128, u32)> = Vec::new();
        let mut words = Vec::with_capacity(entries.len());
        let mut counts = Vec::with_capacity(entries.len());
        for (key, count) in entries {
            let ctx = key >> ID_BITS;
            match contexts.last_mut() {
                Some((k, n)) if *k == ctx => *n += 1,
                _ => contexts.push((ctx, 1)),
            }
            words.push((key & ID_MASK) as TokenId);
            counts.push(count);
        }
        LevelData { contexts, words, counts }
    }
}

/// Discounts for counts 1, 2 and 3+ from counts of counts (Chen and Goodman's estimates),
/// falling back to fixed values where the data is too small to estimate them.
fn estimate_discounts(counts: impl Iterator<Item = u32>) -> [f64; 3] {
    let mut n = [0u64; 5];
    for c in counts {
        if (1..=4).contains(&c) {
            n[c as usize] += 1;
        }
    }
    let fallback = [0.5, 1.0, 1.5];
    let mut d = fallback;
    if n[1] > 0 && n[2] > 0 {
        let y = n[1] as f64 / (n[1] as f64 + 2.0 * n[2] as f64);
        for k in 1..=3usize {
            // The estimate for count k needs counts k and k + 1 (without n₃, D₂ would come out
            // as 2: every twice-seen n-gram would lose all its mass). It must also stay within
            // (0, k) so that no count goes negative and every context passes some mass down.
            if n[k] == 0 || n[k + 1] == 0 {
                continue;
            }
            let est = k as f64 - (k as f64 + 1.0) * y * n[k + 1] as f64 / n[k] as f64;
            if est > 0.0 && est < k as f64 {
                d[k - 1] = est;
            }
        }
    }
    d
}

#[inline]
fn discounted(count: u32, d: &[f64; 3]) -> f64 {
    match count {
        0 => 0.0,
        1 => 1.0 - d[0],
        2 => 2.0 - d[1],
        c => f64::from(c) - d[2],
    }
}

impl Level {
    fn new(data: LevelData, discounts: [f64; 3]) -> Level {
        let mut contexts = FxHashMap::default();
        contexts.reserve(data.contexts.len());
        let mut start = 0u32;
        for &(key, len) in &data.contexts {
            let end = start + len;
            let mut total = 0u64;
            let mut nk = [0u64; 3];
            for &c in &data.counts[start as usize..end as usize] {
                total += u64::from(c);
                nk[(c.min(3) - 1) as usize] += 1;
            }
            let total = total as f64;
            let gamma =
                (discounts[0] * nk[0] as f64 + discounts[1] * nk[1] as f64 + discounts[2] * nk[2] as f64) / total;
            contexts.insert(key, Ctx { start, end, inv_total: 1.0 / total, gamma });
            start = end;
        }
        Level { contexts, words: data.words, counts: data.counts, discounts }
    }

    #[inline]
    fn count(&self, ctx: &Ctx, token: TokenId) -> u32 {
        let words = &self.words[ctx.start as usize..ctx.end as usize];
        words.binary_search(&token).map_or(0, |i| self.counts[ctx.start as usize + i])
    }
}

/// A token while training: how often it was seen and how it was written.
struct Interned {
    token: Box<str>,
    count: u64,
    /// Occurrences not at the start of a sentence, and how many of those were capitalised.
    noninitial: u64,
    capitalised: u64,
    forms: Vec<(Box<str>, u64)>,
}

impl Interned {
    /// The most frequent spelling away from sentence starts, if it is not the token itself.
    fn display(&self) -> Option<Box<str>> {
        let lower = self.noninitial - self.capitalised;
        let best = self.forms.iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
        (best.1 > lower).then(|| best.0.clone())
    }
}

/// Ends a sentence in the flat token lists of training.
const SEP: u32 = u32::MAX;

/// The tokens of a run of texts under provisional ids, and each sentence's ids ([`SEP`] after
/// each). A token's spellings are all kept here, in the order first seen; the training keeps the
/// first [`MAX_FORMS`] once the runs are merged.
struct Interning {
    index: FxHashMap<Box<str>, u32>,
    words: Vec<Interned>,
    flat: Vec<u32>,
}

impl Interning {
    fn of(texts: &[&str]) -> Interning {
        let mut index: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut words: Vec<Interned> = Vec::new();
        let mut flat: Vec<u32> = Vec::new();
        let mut norm = String::new();
        for text in texts {
            let mut pos = 0usize;
            scan_sentences(text, |e| match e {
                Event::Token { lower, surface } => {
                    let id = match index.get(lower) {
                        Some(&id) => id,
                        None => {
                            let id = words.len() as u32;
                            index.insert(lower.into(), id);
                            words.push(Interned {
                                token: lower.into(),
                                count: 0,
                                noninitial: 0,
                                capitalised: 0,
                                forms: Vec::new(),
                            });
                            id
                        }
                    };
                    let w = &mut words[id as usize];
                    w.count += 1;
                    if pos > 0 {
                        w.noninitial += 1;
                        let surface = if surface.contains('’') {
                            norm.clear();
                            norm.extend(surface.chars().map(|c| if c == '’' { '\'' } else { c }));
                            norm.as_str()
                        } else {
                            surface
                        };
                        if surface != lower {
                            w.capitalised += 1;
                            match w.forms.iter_mut().find(|f| &*f.0 == surface) {
                                Some(f) => f.1 += 1,
                                None => w.forms.push((surface.into(), 1)),
                            }
                        }
                    }
                    flat.push(id);
                    pos += 1;
                }
                Event::End => {
                    flat.push(SEP);
                    pos = 0;
                }
            });
        }
        Interning { index, words, flat }
    }
}

/// `f` of each job, in order: one thread per job, or on this thread when there is only one.
fn on_threads<J: Send, T: Send>(jobs: Vec<J>, f: impl Fn(J) -> T + Sync) -> Vec<T> {
    if jobs.len() <= 1 {
        return jobs.into_iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs.into_iter().map(|job| scope.spawn(move || f(job))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Which of `parts` parts of the vocabulary a token is in (by a hash of its id, so frequent
/// tokens spread over the parts).
fn part_of(token: TokenId, parts: usize) -> usize {
    ((u64::from(token).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) % parts as u64) as usize
}

/// The n-gram tables (index = n) of the windows in `flat` whose last token is in `part`, with
/// the continuation counts of orders below `order`.
fn count(flat: &[TokenId], order: usize, part: usize, parts: usize) -> Vec<FxHashMap<u128, u32>> {
    let mut tables: Vec<FxHashMap<u128, u32>> = (0..=order).map(|_| FxHashMap::default()).collect();
    let mut seq: Vec<TokenId> = vec![BOS];
    for &p in flat {
        if p != SEP {
            seq.push(p);
            continue;
        }
        seq.push(EOS);
        for i in 1..seq.len() {
            if parts > 1 && part_of(seq[i], parts) != part {
                continue;
            }
            let g = &seq[i.saturating_sub(order - 1)..=i];
            let c = tables[g.len()].entry(pack(g)).or_insert(0);
            *c = c.saturating_add(1);
        }
        seq.truncate(1);
    }
    // Continuation counts: each distinct n-gram adds one to its (n−1)-suffix.
    for len in (2..=order).rev() {
        let (lo, hi) = tables.split_at_mut(len);
        let lower = &mut lo[len - 1];
        let mask = (1u128 << (ID_BITS * (len as u32 - 1))) - 1;
        for &key in hi[0].keys() {
            let c = lower.entry(key & mask).or_insert(0);
            *c = c.saturating_add(1);
        }
    }
    tables
}

/// An interpolated modified Kneser–Ney word n-gram model.
///
/// ```
/// use assent_models::{NgramModel, BOS};
/// let m = NgramModel::train(["I work with Kafka and Rust.", "I work with Spark."], 3);
/// let ctx = [BOS, m.token_id("i"), m.token_id("work")];
/// assert!(m.log2_prob(&ctx, m.token_id("with")) > m.log2_prob(&ctx, m.token_id("rust")));
/// let copy = assent_models::NgramModel::from_bytes(&m.to_bytes()).unwrap();
/// assert_eq!(copy.to_bytes(), m.to_bytes());
/// ```
#[derive(Debug, Clone)]
pub struct NgramModel {
    order: usize,
    vocab: Vocab,
    /// Adjusted (continuation) counts of single tokens, by id.
    unigram_counts: Vec<u32>,
    /// p₁(w) by id: the unigram level, interpolated with the uniform distribution.
    unigram: Vec<f64>,
    /// Orders 2..=order, at index n − 2.
    levels: Vec<Level>,
    unigram_discounts: [f64; 3],
}

impl NgramModel {
    /// Trains a model of the given order on `texts` (every token kept).
    ///
    /// # Panics
    /// If `order` is outside [`MIN_ORDER`]`..=`[`MAX_ORDER`]; use [`NgramModel::train_with`] to
    /// get an error instead.
    pub fn train<'a>(texts: impl IntoIterator<Item = &'a str>, order: usize) -> NgramModel {
        assert!((MIN_ORDER..=MAX_ORDER).contains(&order), "n-gram order {order} is not in 2..=5");
        Self::train_with(texts, &TrainConfig { order, ..TrainConfig::default() }).expect("order was checked")
    }

    /// Trains a model as `config` says. The result depends only on the texts and their order
    /// of sentences, never on hash-table iteration order: the same input gives the same bytes.
    pub fn train_with<'a>(texts: impl IntoIterator<Item = &'a str>, config: &TrainConfig) -> Result<NgramModel> {
        let texts: Vec<&str> = texts.into_iter().collect();
        Self::train_parallel(&texts, config, 1)
    }

    /// [`NgramModel::train_with`] on up to `threads` threads: the same model, byte for byte.
    /// Each thread interns a contiguous run of the texts, and the runs' tokens are merged in
    /// order; then each thread counts the n-grams whose last token falls in its part of the
    /// vocabulary (an n-gram and its suffixes share their last token, so continuation counts
    /// stay within a part).
    pub fn train_parallel(texts: &[&str], config: &TrainConfig, threads: usize) -> Result<NgramModel> {
        let order = config.order;
        if !(MIN_ORDER..=MAX_ORDER).contains(&order) {
            return Err(Error::Order(order));
        }
        let threads = threads.clamp(1, texts.len().max(1));
        // Pass 1: intern tokens under provisional ids, keep sentences as a flat id list.
        let runs: Vec<&[&str]> = texts.chunks(texts.len().div_ceil(threads).max(1)).collect();
        let mut interned: Vec<Interning> = on_threads(runs, Interning::of);
        if interned.is_empty() {
            interned.push(Interning::of(&[]));
        }
        // Merged in text order: a token's forms stay in the order they were first seen.
        let mut runs = interned.into_iter();
        let Interning { mut index, mut words, flat } = runs.next().expect("one run at least");
        let mut flats: Vec<(Vec<u32>, Vec<u32>)> = vec![((0..words.len() as u32).collect(), flat)];
        for run in runs {
            let mut to_global = Vec::with_capacity(run.words.len());
            for w in run.words {
                match index.get(&w.token) {
                    Some(&g) => {
                        let into = &mut words[g as usize];
                        into.count += w.count;
                        into.noninitial += w.noninitial;
                        into.capitalised += w.capitalised;
                        for (form, n) in w.forms {
                            match into.forms.iter_mut().find(|f| f.0 == form) {
                                Some(f) => f.1 += n,
                                None => into.forms.push((form, n)),
                            }
                        }
                        to_global.push(g);
                    }
                    None => {
                        let g = words.len() as u32;
                        index.insert(w.token.clone(), g);
                        words.push(w);
                        to_global.push(g);
                    }
                }
            }
            flats.push((to_global, run.flat));
        }
        drop(index);
        for w in &mut words {
            // Only the first spellings seen count, as if the texts had been read in one run.
            w.forms.truncate(MAX_FORMS);
        }

        // The vocabulary: most frequent first (small ids store small), ties by spelling.
        let mut kept: Vec<u32> =
            (0..words.len() as u32).filter(|&i| words[i as usize].count >= config.min_count).collect();
        kept.sort_unstable_by(|&a, &b| {
            let (a, b) = (&words[a as usize], &words[b as usize]);
            b.count.cmp(&a.count).then_with(|| a.token.cmp(&b.token))
        });
        kept.truncate(MAX_VOCAB - 3);
        let mut remap = vec![UNK; words.len()];
        for (rank, &p) in kept.iter().enumerate() {
            remap[p as usize] = 3 + rank as TokenId;
        }
        let entries = kept.iter().map(|&p| (words[p as usize].token.clone(), words[p as usize].display())).collect();
        let vocab = Vocab::new(entries).expect("interned tokens are distinct and not reserved");
        drop(words);
        let mut flat: Vec<TokenId> = Vec::with_capacity(flats.iter().map(|f| f.1.len()).sum());
        for (to_global, run) in flats {
            flat.extend(run.into_iter().map(|p| if p == SEP { SEP } else { remap[to_global[p as usize] as usize] }));
        }

        // Pass 2: count every window of up to `order` tokens inside a sentence, part by part.
        let mut parts: Vec<Vec<FxHashMap<u128, u32>>> =
            on_threads((0..threads).collect(), |part| count(&flat, order, part, threads));
        drop(flat);

        let mut unigram_counts = vec![0u32; vocab.len()];
        for tables in &parts {
            for (&key, &c) in &tables[1] {
                unigram_counts[key as usize] = c;
            }
        }
        let levels = (2..=order)
            .map(|len| {
                let entries: Vec<(u128, u32)> =
                    parts.iter_mut().flat_map(|tables| std::mem::take(&mut tables[len])).collect();
                LevelData::from_entries(entries)
            })
            .collect();
        Ok(Self::build(order, vocab, unigram_counts, levels))
    }

    fn build(order: usize, vocab: Vocab, unigram_counts: Vec<u32>, data: Vec<LevelData>) -> NgramModel {
        let unigram_discounts = estimate_discounts(unigram_counts.iter().copied());
        // Every token but <s> can be predicted.
        let uniform = 1.0 / (vocab.len() - 1) as f64;
        let total: u64 = unigram_counts.iter().map(|&c| u64::from(c)).sum();
        let unigram = if total == 0 {
            (0..vocab.len()).map(|i| if i == BOS as usize { 0.0 } else { uniform }).collect()
        } else {
            let mut nk = [0u64; 3];
            for &c in unigram_counts.iter().filter(|&&c| c > 0) {
                nk[(c.min(3) - 1) as usize] += 1;
            }
            let d = &unigram_discounts;
            let total = total as f64;
            let gamma = (d[0] * nk[0] as f64 + d[1] * nk[1] as f64 + d[2] * nk[2] as f64) / total;
            unigram_counts
                .iter()
                .enumerate()
                .map(|(i, &c)| if i == BOS as usize { 0.0 } else { discounted(c, d) / total + gamma * uniform })
                .collect()
        };
        let levels = data
            .into_iter()
            .map(|d| {
                let discounts = estimate_discounts(d.counts.iter().copied());
                Level::new(d, discounts)
            })
            .collect();
        NgramModel { order, vocab, unigram_counts, unigram, levels, unigram_discounts }
    }

    /// The n of the n-grams.
    pub fn order(&self) -> usize {
        self.order
    }

    /// The model's vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The id of a token (as [`crate::tokenize`] spells it), or [`UNK`].
    pub fn token_id(&self, token: &str) -> TokenId {
        self.vocab.id(token)
    }

    /// The token with this id.
    pub fn token(&self, id: TokenId) -> &str {
        self.vocab.token(id)
    }

    /// How many distinct n-grams of order `n` the model holds (`n` = 1 counts tokens seen).
    pub fn ngrams(&self, n: usize) -> usize {
        match n {
            1 => self.unigram_counts.iter().filter(|&&c| c > 0).count(),
            n if (2..=self.order).contains(&n) => self.levels[n - 2].words.len(),
            _ => 0,
        }
    }

    /// The discounts for counts 1, 2 and 3+ of order `n` (1..=order).
    pub fn discounts(&self, n: usize) -> Option<[f64; 3]> {
        match n {
            1 => Some(self.unigram_discounts),
            n if (2..=self.order).contains(&n) => Some(self.levels[n - 2].discounts),
            _ => None,
        }
    }

    /// The part of `context` the model looks at: the last `order − 1` ids, cut after the last
    /// `<s>` among them, unknown ids as `<unk>`.
    fn window(&self, context: &[TokenId], buf: &mut [TokenId; MAX_ORDER - 1]) -> usize {
        let tail = &context[context.len().saturating_sub(self.order - 1)..];
        let tail = match tail.iter().rposition(|&t| t == BOS) {
            Some(i) => &tail[i..],
            None => tail,
        };
        for (b, &t) in buf.iter_mut().zip(tail) {
            *b = if (t as usize) < self.vocab.len() { t } else { UNK };
        }
        tail.len()
    }

    /// The contexts (one per order above 1) that the model has seen, lowest order first.
    /// A context unseen at one order is unseen at every higher order (its extension's suffix
    /// would have been counted), so the walk stops at the first miss.
    fn for_each_seen_context(&self, ctx: &[TokenId], mut f: impl FnMut(&Level, &Ctx)) {
        for (k, level) in (1..=ctx.len()).zip(&self.levels) {
            match level.contexts.get(&pack(&ctx[ctx.len() - k..])) {
                Some(c) => f(level, c),
                None => break,
            }
        }
    }

    /// p(t | context) (not log) for each of `tokens`.
    pub(crate) fn probs_into(&self, context: &[TokenId], tokens: &[TokenId], out: &mut [f64]) {
        let mut buf = [0; MAX_ORDER - 1];
        let n = self.window(context, &mut buf);
        for (o, &t) in out.iter_mut().zip(tokens) {
            *o = self.unigram.get(t as usize).copied().unwrap_or(self.unigram[UNK as usize]);
        }
        self.for_each_seen_context(&buf[..n], |level, ctx| {
            for (o, &t) in out.iter_mut().zip(tokens) {
                let t = if (t as usize) < self.vocab.len() { t } else { UNK };
                *o = discounted(level.count(ctx, t), &level.discounts) * ctx.inv_total + ctx.gamma * *o;
            }
        });
    }

    /// log2 p(token | context); see [`LanguageModel`] for what a context is.
    pub fn log2_prob(&self, context: &[TokenId], token: TokenId) -> f64 {
        let mut p = [0.0];
        self.probs_into(context, &[token], &mut p);
        p[0].log2()
    }

    /// p(token | context) of every token and sentence end of `text`, in order, each sentence
    /// scored from its start: the terms of [`crate::perplexity`] for one text, into `out`.
    /// A mixture's probability of a token is its shards' terms weighted
    /// ([`crate::Mixture`]), so its perplexity can be assembled from each shard's terms alone.
    pub fn token_probs(&self, text: &str, out: &mut Vec<f64>) {
        out.clear();
        let mut ctx: Vec<TokenId> = vec![BOS];
        scan_sentences(text, |e| {
            let id = match e {
                Event::Token { lower, .. } => self.vocab.id(lower),
                Event::End => EOS,
            };
            let mut p = [0.0];
            self.probs_into(&ctx, &[id], &mut p);
            out.push(p[0]);
            if id == EOS {
                ctx.clear();
                ctx.push(BOS);
            } else {
                ctx.push(id);
            }
        });
    }

    /// Per-token perplexity of `texts` (see [`crate::perplexity`]).
    pub fn perplexity<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> f64 {
        perplexity(self, texts)
    }

    /// The model in its file format (version 1), little-endian with LEB128 varints:
    ///
    /// ```text
    /// "ASNTNGRM"  u32 version  varint order
    /// varint V−3, then for each token with id ≥ 3: string token, varint 0 | 1 + string display
    /// V varints: adjusted unigram counts by id
    /// for n in 2..=order: varint contexts; per context in ascending id order:
    ///     n−1 varint ids, varint k, then k × (varint word − previous word, varint count)
    /// u64 FNV-1a of everything before
    /// ```
    /// (strings are a varint length and UTF-8 bytes). Discounts and probabilities are derived
    /// from the counts when loading, so the bytes are a function of the counts alone.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION);
        w.varint(self.order as u64);
        w.varint(self.vocab.len() as u64 - 3);
        for id in 3..self.vocab.len() as TokenId {
            w.str(self.vocab.token(id));
            match self.vocab.display_override(id) {
                None => w.varint(0),
                Some(d) => {
                    w.varint(1);
                    w.str(d);
                }
            }
        }
        for &c in &self.unigram_counts {
            w.varint(u64::from(c));
        }
        for (i, level) in self.levels.iter().enumerate() {
            let ctx_len = i + 1;
            let mut ctxs: Vec<(u128, &Ctx)> = level.contexts.iter().map(|(&k, c)| (k, c)).collect();
            ctxs.sort_unstable_by_key(|(_, c)| c.start);
            w.varint(ctxs.len() as u64);
            for (key, ctx) in ctxs {
                for j in (0..ctx_len).rev() {
                    w.varint(((key >> (ID_BITS * j as u32)) & ID_MASK) as u64);
                }
                w.varint(u64::from(ctx.end - ctx.start));
                let mut prev = 0;
                for k in ctx.start as usize..ctx.end as usize {
                    w.varint(u64::from(level.words[k] - prev));
                    w.varint(u64::from(level.counts[k]));
                    prev = level.words[k];
                }
            }
        }
        w.finish()
    }

    /// Reads a model written by [`NgramModel::to_bytes`], checking it thoroughly: a damaged or
    /// foreign file is an error, never a model that answers wrongly.
    pub fn from_bytes(bytes: &[u8]) -> Result<NgramModel> {
        let mut r = Reader::open(WHAT, bytes, MAGIC, VERSION)?;
        let order = r.varint()? as usize;
        if !(MIN_ORDER..=MAX_ORDER).contains(&order) {
            return Err(r.error(format!("order {order} is not in 2..=5")));
        }
        let words = r.len()?;
        if words > MAX_VOCAB - 3 {
            return Err(r.error("vocabulary too large"));
        }
        let mut entries = Vec::with_capacity(words);
        for _ in 0..words {
            let token: Box<str> = r.str()?.into();
            let display = match r.varint()? {
                0 => None,
                1 => Some(r.str()?.into()),
                _ => return Err(r.error("bad display flag")),
            };
            entries.push((token, display));
        }
        let vocab = Vocab::new(entries).map_err(|m| r.error(m))?;
        let v = vocab.len() as u64;
        let mut unigram_counts = Vec::with_capacity(vocab.len());
        for _ in 0..v {
            unigram_counts.push(r.u32()?);
        }
        if unigram_counts[BOS as usize] != 0 {
            return Err(r.error("<s> has a unigram count"));
        }
        let mut levels = Vec::with_capacity(order - 1);
        for ctx_len in 1..order {
            let n = r.len()?;
            let mut data = LevelData { contexts: Vec::with_capacity(n), words: Vec::new(), counts: Vec::new() };
            let mut prev_key: Option<u128> = None;
            for _ in 0..n {
                let mut key = 0u128;
                for j in 0..ctx_len {
                    let id = r.varint()?;
                    if id >= v || (id == u64::from(BOS) && j > 0) || id == u64::from(EOS) {
                        return Err(r.error(format!("bad context id {id}")));
                    }
                    key = (key << ID_BITS) | u128::from(id);
                }
                if prev_key.is_some_and(|p| p >= key) {
                    return Err(r.error("contexts out of order"));
                }
                prev_key = Some(key);
                let k = r.len()?;
                if k == 0 || k > u32::MAX as usize {
                    return Err(r.error("context without continuations"));
                }
                let mut prev: u64 = 0;
                for i in 0..k {
                    let delta = r.varint()?;
                    if i > 0 && delta == 0 {
                        return Err(r.error("continuations out of order"));
                    }
                    let word = prev.checked_add(delta).filter(|&w| w < v && w != u64::from(BOS));
                    let Some(word) = word else {
                        return Err(r.error("bad continuation id"));
                    };
                    let count = r.u32()?;
                    if count == 0 {
                        return Err(r.error("zero count"));
                    }
                    data.words.push(word as TokenId);
                    data.counts.push(count);
                    prev = word;
                }
                data.contexts.push((key, k as u32));
            }
            if data.words.len() > u32::MAX as usize {
                return Err(r.error("too many n-grams"));
            }
            levels.push(data);
        }
        r.end()?;
        Ok(Self::build(order, vocab, unigram_counts, levels))
    }
}

impl LanguageModel for NgramModel {
    fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    fn context_len(&self) -> usize {
        self.order - 1
    }

    fn log2_prob(&self, context: &[TokenId], token: TokenId) -> f64 {
        NgramModel::log2_prob(self, context, token)
    }

    fn log2_probs(&self, context: &[TokenId], tokens: &[TokenId], out: &mut [f64]) {
        self.probs_into(context, tokens, out);
        for o in out.iter_mut() {
            *o = o.log2();
        }
    }

    fn next_probs(&self, context: &[TokenId], out: &mut Vec<f64>) {
        let mut buf = [0; MAX_ORDER - 1];
        let n = self.window(context, &mut buf);
        out.clear();
        out.extend_from_slice(&self.unigram);
        self.for_each_seen_context(&buf[..n], |level, ctx| {
            for o in out.iter_mut() {
                *o *= ctx.gamma;
            }
            for k in ctx.start as usize..ctx.end as usize {
                out[level.words[k] as usize] += discounted(level.counts[k], &level.discounts) * ctx.inv_total;
            }
        });
    }
}
