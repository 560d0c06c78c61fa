//! The vocabulary: token strings to dense ids and back, with a display form per token.

use crate::hash::FxHashMap;

/// A token's id in one model's [`Vocab`].
pub type TokenId = u32;

/// The id of the unknown token: anything the model never saw (or saw too rarely).
pub const UNK: TokenId = 0;
/// The id of the sentence-start token; it is context only, never predicted.
pub const BOS: TokenId = 1;
/// The id of the sentence-end token.
pub const EOS: TokenId = 2;
/// How [`UNK`] is spelled.
pub const UNK_TOKEN: &str = "<unk>";
/// How [`BOS`] is spelled.
pub const BOS_TOKEN: &str = "<s>";
/// How [`EOS`] is spelled.
pub const EOS_TOKEN: &str = "</s>";

/// Tokens and their ids. Ids 0, 1 and 2 are [`UNK`], [`BOS`] and [`EOS`]; the tokenizer never
/// produces those spellings, because `<` and `>` are tokens of their own. An n-gram model
/// numbers the other tokens from the most frequent in its training data to the rarest (ties by
/// spelling); a mixture keeps its first shard's order and appends what other shards add.
///
/// Each token also has a display form: the casing it was most often written with when not at
/// the start of a sentence (`kafka` → `Kafka`, `i` → `I`), used when generated text is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    tokens: Vec<Box<str>>,
    display: Vec<Option<Box<str>>>,
    index: FxHashMap<Box<str>, TokenId>,
}

impl Vocab {
    /// A vocabulary of the reserved tokens followed by `tokens` (which must be distinct and not
    /// reserved), with optional display forms.
    pub(crate) fn new(words: Vec<(Box<str>, Option<Box<str>>)>) -> Result<Vocab, String> {
        let mut v = Vocab {
            tokens: Vec::with_capacity(words.len() + 3),
            display: Vec::with_capacity(words.len() + 3),
            index: FxHashMap::default(),
        };
        v.index.reserve(words.len() + 3);
        for t in [UNK_TOKEN, BOS_TOKEN, EOS_TOKEN] {
            v.push(t.into(), None)?;
        }
        for (t, d) in words {
            if t.is_empty() {
                return Err("empty token".into());
            }
            v.push(t, d)?;
        }
        Ok(v)
    }

    fn push(&mut self, token: Box<str>, display: Option<Box<str>>) -> Result<(), String> {
        let id = self.tokens.len() as TokenId;
        if self.index.insert(token.clone(), id).is_some() {
            return Err(format!("token `{token}` appears twice"));
        }
        self.tokens.push(token);
        self.display.push(display);
        Ok(())
    }

    /// Number of tokens, reserved ones included.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Never true: the reserved tokens are always there.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The id of a token, if the vocabulary has it. Tokens are what [`crate::tokenize`] returns;
    /// an upper-case spelling is looked up lower-cased.
    pub fn get(&self, token: &str) -> Option<TokenId> {
        if let Some(&id) = self.index.get(token) {
            return Some(id);
        }
        if token.chars().any(char::is_uppercase) {
            return self.index.get(token.to_lowercase().as_str()).copied();
        }
        None
    }

    /// The id of a token, or [`UNK`].
    pub fn id(&self, token: &str) -> TokenId {
        self.get(token).unwrap_or(UNK)
    }

    /// The token with this id (`<unk>` for an id out of range).
    pub fn token(&self, id: TokenId) -> &str {
        self.tokens.get(id as usize).map_or(UNK_TOKEN, |t| t)
    }

    /// How the token is best shown in running text (its usual casing).
    pub fn display(&self, id: TokenId) -> &str {
        match self.display.get(id as usize) {
            Some(Some(d)) => d,
            _ => self.token(id),
        }
    }

    /// All tokens in id order.
    pub fn tokens(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.tokens.iter().map(|t| &**t)
    }

    /// The display form stored for an id, if it differs from the token.
    pub(crate) fn display_override(&self, id: TokenId) -> Option<&str> {
        self.display.get(id as usize).and_then(|d| d.as_deref())
    }
}
