//! Assent's model layer: what the AI features compute, with no IO of its own.
//!
//! - [`tokenize`], [`sentences`], [`detokenize`]: the one tokenizer (words, single digits,
//!   single punctuation marks) used for training, prompting and auditing alike.
//! - [`NgramModel`]: an interpolated modified Kneser–Ney word n-gram model (order 2 to 5),
//!   trained from texts in one pass, saved in a compact, versioned, deterministic format.
//! - [`LanguageModel`]: the interface the assistant and the audit use, implemented by
//!   [`NgramModel`] and by [`Mixture`], the SISA combination of one model per shard.
//! - [`generate`] and [`assist`]: seeded sampling, and the writing assistant's tasks
//!   (headline, About, post, message reply) prompted with the member's own [`ProfileContext`].
//! - [`exposure`]: the canary leakage audit (Carlini et al. 2019), exact over all 10^k secrets.
//! - [`SkillModel`]: IDF and co-occurrence statistics of skills and headline words, ranking job
//!   and connection suggestions with an explanation.
//!
//! Training data reaches this crate only as the texts and rows a caller hands in (in Assent, the
//! shards of an exported dataset); which data may train is decided before, by the corpus export.
//!
//! ```
//! use assent_models::{assist, exposure, Mixture, NgramModel, Position, ProfileContext, Task};
//!
//! let shard_a = ["I build data pipelines with Kafka and Spark.", "Data quality matters more than volume."];
//! let shard_b = ["I lead a team of engineers working on Rust services.", "Mentoring is the best part of my job."];
//! let a = NgramModel::train(shard_a, 4);
//! let b = NgramModel::train(shard_b, 4);
//! let release = Mixture::new(vec![(2.0, a), (2.0, b)]).unwrap();
//!
//! let me = ProfileContext {
//!     name: "Ana Lima".into(),
//!     skills: vec!["Kafka".into(), "Rust".into(), "Spark".into()],
//!     experience: vec![Position { title: "Data Engineer".into(), company: "Acme".into() }],
//!     ..ProfileContext::default()
//! };
//! let headline = assist(&release, Task::Headline, &me, None, 7);
//! assert!(headline.starts_with("Data Engineer"));
//!
//! let audit = exposure(&release, "my access code is", "3 9 1").unwrap();
//! assert!(audit.bits < 5.0);
//! ```

mod assist;
mod codec;
mod error;
mod exposure;
mod generate;
mod hash;
mod lm;
mod mixture;
mod ngram;
mod rng;
mod suggest;
mod tokenize;
mod vocab;

pub use assist::{assist, Position, ProfileContext, Task};
pub use error::{Error, Result};
pub use exposure::{exposure, Exposure, MAX_SECRET_DIGITS};
pub use generate::{generate, generate_with, Sampling};
pub use lm::{perplexity, LanguageModel};
pub use mixture::Mixture;
pub use ngram::{NgramModel, TrainConfig, DEFAULT_ORDER, MAX_ORDER, MIN_ORDER};
pub use suggest::{normalise_skill, parse_skills, title_words, SkillConfig, SkillModel};
pub use tokenize::{detokenize, sentences, tokenize};
pub use vocab::{TokenId, Vocab, BOS, BOS_TOKEN, EOS, EOS_TOKEN, UNK, UNK_TOKEN};
