//! The language a text is written in, as the corpus records it (the `lang` column of shard
//! files) and as the writing assistant checks its drafts: `en`, `fr`, or `und` (BCP 47 for
//! "undetermined") when the text gives no evidence either way (a list of skills, a name).
//!
//! Members of Assent write in English or French, so the question is only which of the two: the
//! answer counts the function words of each language (articles, pronouns, prepositions,
//! auxiliaries: words every sentence needs and the other language lacks) and French accented
//! letters. It is deterministic and needs no model.

/// English words that French text does not use.
const ENGLISH: &[&str] = &[
    "the", "and", "is", "are", "was", "were", "be", "been", "i", "i'm", "i've", "you", "he", "she", "we", "they", "it",
    "this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "for", "in", "with", "at", "by",
    "not", "than", "who", "what", "where", "of", "to", "from", "as", "have", "has", "had", "do", "does", "did", "very",
    "but", "or", "so", "because", "also", "since", "like", "all", "about", "an", "it's", "we're", "how", "when", "why",
    "just", "more", "into", "out", "over", "after", "before", "there", "here", "will", "would", "can", "could",
    "should", "working", "work", "team",
];

/// French words that English text does not use.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "sont", "je", "j", "tu", "il", "elle", "nous",
    "vous", "ils", "elles", "ce", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "tes", "ses", "notre", "nos",
    "votre", "vos", "leur", "leurs", "pour", "dans", "avec", "sur", "pas", "que", "qui", "quoi", "où", "au", "aux",
    "ne", "se", "être", "été", "avoir", "ai", "avons", "avez", "très", "mais", "ou", "donc", "car", "aussi", "chez",
    "depuis", "comme", "tout", "tous", "toute", "toutes", "l", "d", "qu", "n", "c", "s", "m", "y", "équipe", "travail",
    "merci", "bonjour", "ravi", "ravie",
];

/// Every answer of [`detect`].
pub const TAGS: [&str; 3] = ["en", "fr", "und"];

/// The answer of [`detect`] spelled `tag`, if it is one (a label read back from storage).
pub fn tag(tag: &str) -> Option<&'static str> {
    TAGS.into_iter().find(|t| *t == tag)
}

/// `en`, `fr` or `und`: see the module documentation.
pub fn detect(text: &str) -> &'static str {
    let (en, fr) = evidence(text);
    match en.cmp(&fr) {
        std::cmp::Ordering::Greater => "en",
        std::cmp::Ordering::Less => "fr",
        std::cmp::Ordering::Equal => "und",
    }
}

/// How many signs of English and of French the text holds (function words; accented letters
/// count for French).
///
/// Runs once per exported item, so it allocates nothing for the common case: one pass over the
/// bytes finds the words, an ASCII word is looked up as one integer without being copied, and
/// only a word with other letters (accents, a typographic apostrophe) is lower-cased char by char
/// into a reused buffer.
pub fn evidence(text: &str) -> (u32, u32) {
    // A word is a run of letters and apostrophes (' or ’). ASCII separators end a run here;
    // other separators ('·', '—', emoji) can only sit in a run with bytes outside ASCII, which
    // the cold path splits again by chars. The text is read 64 bytes at a time: two bit masks
    // say which bytes are word bytes and which of those are apostrophes or outside ASCII, and
    // the loop turns once per run, not once per byte.
    let bytes = text.as_bytes();
    let mut rare = Tally::default();
    let (mut en, mut fr) = (0u32, 0u32);
    let mut count = |(e, f): (u32, u32)| {
        en += e;
        fr += f;
    };
    // A run still open at the end of the last block: its start, and whether it has a byte
    // other than an ASCII letter.
    let mut open: Option<(usize, bool)> = None;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let base = block * 64;
        let (mut word, special) = masks(chunk);
        if let Some((start, other)) = open.take() {
            let len = (!word).trailing_zeros() as usize;
            let other = other || special & low_bits(len) != 0;
            if len == 64 {
                open = Some((start, other));
                continue;
            }
            count(run(&mut rare, text, start, base + len, other));
            word &= !low_bits(len);
        }
        while word != 0 {
            let from = word.trailing_zeros() as usize;
            let len = (!(word >> from)).trailing_zeros() as usize;
            let span = low_bits(len) << from;
            let other = special & span != 0;
            if from + len == 64 {
                open = Some((base + from, other));
                break;
            }
            count(run(&mut rare, text, base + from, base + from + len, other));
            word &= !span;
        }
    }
    if let Some((start, other)) = open {
        count(run(&mut rare, text, start, bytes.len(), other));
    }
    (en + rare.en, fr + rare.fr)
}

/// The `n` lowest bits (all of them for 64 or more).
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// Bit masks of up to 64 bytes (bit `i` for byte `i`): the word bytes (ASCII letters,
/// apostrophes, bytes outside ASCII), and those of them that are not ASCII letters. Written as
/// plain comparisons over an array, which the compiler turns into vector instructions.
fn masks(chunk: &[u8]) -> (u64, u64) {
    let mut block = [0u8; 64];
    block[..chunk.len()].copy_from_slice(chunk);
    let (mut word, mut other) = ([0u8; 64], [0u8; 64]);
    for ((b, w), o) in block.iter().zip(&mut word).zip(&mut other) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let rare = *b == b'\'' || *b >= 0x80;
        *w = u8::from(letter | rare);
        *o = u8::from(rare);
    }
    (bits(&word), bits(&other))
}

/// 64 flags (0 or 1) as the bits of an integer: each 8 flags gathered into a byte by one
/// multiplication.
fn bits(flags: &[u8; 64]) -> u64 {
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().expect("8 flags"));
        mask |= (eight.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// The signs of each language in the run `text[start..end]` (`other`: it holds a byte that is
/// not an ASCII letter), the rare runs counted in `rare`.
#[inline]
fn run(rare: &mut Tally, text: &str, start: usize, end: usize, other: bool) -> (u32, u32) {
    let len = end - start;
    if other {
        // Runs start and end next to ASCII bytes or the text's ends: char boundaries.
        rare.run(&text[start..end]);
        (0, 0)
    } else if len <= 8 {
        // Most words: ASCII letters alone, looked up without a copy, and counted without a
        // branch (about half the words of a text are list words: which way a branch would go
        // cannot be foreseen).
        let language = WORDS.get(lower_key_at(text.as_bytes(), start, len));
        (u32::from(language == Some(Language::English)), u32::from(language == Some(Language::French)))
    } else {
        // A word of more than 8 letters is in neither list.
        (0, 0)
    }
}

#[derive(Default)]
struct Tally {
    en: u32,
    fr: u32,
    lower: String,
}

impl Tally {
    /// A run of word bytes with an apostrophe or a byte outside ASCII.
    #[cold]
    #[inline(never)]
    fn run(&mut self, run: &str) {
        if run.is_ascii() {
            self.ascii_word(run.as_bytes(), true);
        } else {
            for word in run.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’') {
                if !word.is_empty() {
                    self.word(word);
                }
            }
        }
    }

    /// A word of ASCII letters and apostrophes (`apostrophe`: at least one).
    fn ascii_word(&mut self, word: &[u8], apostrophe: bool) {
        // French elision: "l'équipe", "j'ai", "qu'on" count their clitic.
        if let Some(at) = apostrophe.then(|| word.iter().position(|&b| b == b'\'')).flatten() {
            if let Some(head) = lower_key(&word[..at]).filter(|k| is_french(*k)) {
                self.head(head);
                if lower_key(&word[at + 1..]).is_some_and(is_french) {
                    self.fr += 1;
                }
                return;
            }
        }
        if let Some(key) = lower_key(word) {
            self.head(key);
        }
    }

    /// Any other word: lower-cased, with ’ read as '.
    fn word(&mut self, word: &str) {
        let mut lower = std::mem::take(&mut self.lower);
        lower.clear();
        for c in word.chars() {
            if c == '’' {
                lower.push('\'');
            } else {
                lower.extend(c.to_lowercase());
            }
        }
        let (head, tail) = match lower.split_once('\'') {
            Some((h, t)) if key(h).is_some_and(is_french) => (h, Some(t)),
            _ => (lower.as_str(), None),
        };
        if let Some(k) = key(head) {
            self.head(k);
        }
        let rest = tail.unwrap_or(&lower);
        if rest.chars().any(|c| "éèêàâçùûôîëïœ".contains(c)) {
            self.fr += 1;
        }
        if tail.and_then(key).is_some_and(is_french) {
            self.fr += 1;
        }
        self.lower = lower;
    }

    fn head(&mut self, key: u64) {
        match WORDS.get(key) {
            Some(Language::English) => self.en += 1,
            Some(Language::French) => self.fr += 1,
            None => {}
        }
    }
}

fn is_french(key: u64) -> bool {
    WORDS.get(key) == Some(Language::French)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    English,
    French,
}

/// Both word lists in one table of keys (see [`key`]), built when compiling: a perfect hash,
/// each word alone in its slot, so that a lookup is one multiplication, one load and one
/// comparison.
static WORDS: Words = Words::build();

struct Words {
    /// The hash's multiplier: one under which no two words share a slot.
    multiplier: u64,
    /// Each slot's word; 0 marks a free slot (no word packs to 0).
    keys: [u64; Words::SLOTS],
    languages: [Option<Language>; Words::SLOTS],
}

impl Words {
    /// A power of two, about twelve times the words' count, so that a multiplier spreading them
    /// all apart is found after a hundred or so tries.
    const SLOTS: usize = 2048;

    const fn build() -> Words {
        // Where the search once ended for these lists, so that building the table takes one try;
        // were the lists changed, the search would go on from here (and the compiler would warn
        // if it took long: then write the multiplier it finds here).
        let mut multiplier = 0xB515_AB19_F319_0739_u64;
        let mut tries = 0;
        loop {
            if let Some(words) = Words::spread(multiplier) {
                return words;
            }
            tries += 1;
            assert!(tries < 100_000, "no multiplier gives every list word a slot of its own");
            multiplier = multiplier.wrapping_add(0x4A8B_E922_9ED9_BA3B) | 1;
        }
    }

    /// The table under `multiplier`, if no two words fall in one slot.
    const fn spread(multiplier: u64) -> Option<Words> {
        let mut words = Words { multiplier, keys: [0; Words::SLOTS], languages: [None; Words::SLOTS] };
        // English first: were a word in both lists, it would count for English, as it always has.
        let lists = [(ENGLISH, Language::English), (FRENCH, Language::French)];
        let mut l = 0;
        while l < lists.len() {
            let (list, language) = lists[l];
            let mut w = 0;
            while w < list.len() {
                let Some((key, _)) = pack(list[w].as_bytes()) else { panic!("list words fit a key") };
                let slot = words.slot(key);
                if words.keys[slot] == 0 {
                    words.keys[slot] = key;
                    words.languages[slot] = Some(language);
                } else if words.keys[slot] != key {
                    return None;
                }
                w += 1;
            }
            l += 1;
        }
        Some(words)
    }

    #[inline]
    const fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(self.multiplier) >> (64 - Words::SLOTS.trailing_zeros())) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<Language> {
        let slot = self.slot(key);
        if self.keys[slot] == key {
            self.languages[slot]
        } else {
            None
        }
    }
}

/// A word of at most 8 bytes as one integer (its bytes, zero-padded: words hold no NUL); longer
/// words are in neither list, and neither is the empty word.
fn key(word: &str) -> Option<u64> {
    pack(word.as_bytes()).map(|(key, _)| key)
}

/// [`key`] of the lower case of a word of ASCII letters and apostrophes: setting each byte's
/// bit 5 lower-cases a letter and leaves the apostrophe (0x27) as it is.
fn lower_key(word: &[u8]) -> Option<u64> {
    pack(word).map(|(key, len)| key | (0x2020_2020_2020_2020u64 >> (8 * (8 - len))))
}

/// [`lower_key`] of `bytes[start..start + len]`, a word of ASCII letters (`len`: 1 to 8), read as
/// one unaligned load where the text goes on for 8 bytes (most words), copied otherwise.
#[inline]
fn lower_key_at(bytes: &[u8], start: usize, len: usize) -> u64 {
    match bytes.get(start..start + 8) {
        Some(eight) => {
            (u64::from_le_bytes(eight.try_into().expect("8 bytes")) | 0x2020_2020_2020_2020)
                & (u64::MAX >> (8 * (8 - len)))
        }
        None => lower_key(&bytes[start..start + len]).expect("1 to 8 bytes"),
    }
}

/// `bytes` (1 to 8 of them) zero-padded into an integer, and their count. A `const fn`, so that
/// the word table is built with it too.
const fn pack(bytes: &[u8]) -> Option<(u64, usize)> {
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut b = 0;
    while b < bytes.len() {
        key |= (bytes[b] as u64) << (8 * b);
        b += 1;
    }
    Some((key, bytes.len()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{detect, evidence, key, lower_key, lower_key_at, tag, Language, ENGLISH, FRENCH, WORDS};

    /// The first, plain implementation: every word lower-cased into a new string and looked up by
    /// a scan of the lists. [`evidence`] must count exactly as it does.
    fn reference(text: &str) -> (u32, u32) {
        let (mut en, mut fr) = (0u32, 0u32);
        for word in text.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’') {
            if word.is_empty() {
                continue;
            }
            let lower = word.to_lowercase().replace('’', "'");
            let (head, tail) = match lower.split_once('\'') {
                Some((h, t)) if FRENCH.contains(&h) => (h.to_string(), Some(t.to_string())),
                _ => (lower.clone(), None),
            };
            if ENGLISH.contains(&head.as_str()) {
                en += 1;
            } else if FRENCH.contains(&head.as_str()) {
                fr += 1;
            }
            let rest = tail.as_deref().unwrap_or(&lower);
            if rest.chars().any(|c| "éèêàâçùûôîëïœ".contains(c)) {
                fr += 1;
            }
            if let Some(t) = &tail {
                if FRENCH.contains(&t.as_str()) {
                    fr += 1;
                }
            }
        }
        (en, fr)
    }

    /// Pieces texts are made of: list words in any case, clitics, accented and other letters,
    /// apostrophes, ASCII and other separators, digits, long words.
    fn piece() -> impl Strategy<Value = String> {
        let words: Vec<&str> = ENGLISH.iter().chain(FRENCH).copied().collect();
        prop_oneof![
            4 => proptest::sample::select(words.clone()).prop_map(str::to_string),
            2 => proptest::sample::select(words).prop_map(|w| w.to_uppercase()),
            1 => proptest::sample::select(vec!["L", "d", "qu", "J", "n", "it", "I"]).prop_map(str::to_string),
            3 => proptest::sample::select(vec![" ", " ", "'", "’", ", ", "·", "—", "!", "\n", "-", "3", "🚀", "\u{0}"])
                .prop_map(str::to_string),
            2 => "[a-zA-Zéèàçœ’'ÉΣß]{1,12}",
            1 => any::<char>().prop_map(String::from),
        ]
    }

    proptest! {
        #[test]
        fn counts_as_the_plain_implementation(pieces in proptest::collection::vec(piece(), 0..40)) {
            let text = pieces.concat();
            prop_assert_eq!(evidence(&text), reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn every_answer_reads_back_as_a_tag_and_nothing_else_does() {
        for text in ["the team is here", "nous sommes là", "Rust, SQL"] {
            assert_eq!(tag(detect(text)), Some(detect(text)));
        }
        for bad in ["", "EN", "de", "en ", "und\0"] {
            assert_eq!(tag(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_word_of_letters_and_apostrophes_keys_as_its_lower_case() {
        for word in ["The", "THE", "l'", "Qu'", "I'M", "a", "ABCDEFGH", "zzzzzzzz", "'"] {
            assert_eq!(lower_key(word.as_bytes()), key(&word.to_ascii_lowercase()), "{word}");
        }
        assert_eq!(lower_key(b"ABCDEFGHI"), None);
        assert_eq!(lower_key(b""), None);
    }

    #[test]
    fn a_word_keys_the_same_wherever_it_sits_in_the_text() {
        let text = b"xx The QUICK a abcdefgh";
        for (start, len) in [(0, 2), (3, 3), (7, 5), (13, 1), (15, 8), (16, 7), (22, 1)] {
            let word = &text[start..start + len];
            assert_eq!(Some(lower_key_at(text, start, len)), lower_key(word), "{:?}", String::from_utf8_lossy(word));
        }
    }

    #[test]
    fn the_table_holds_every_list_word_in_its_language() {
        for (list, language) in [(ENGLISH, Language::English), (FRENCH, Language::French)] {
            for word in list {
                let expected =
                    if language == Language::French && ENGLISH.contains(word) { Language::English } else { language };
                assert!(WORDS.get(key(word).unwrap()) == Some(expected), "{word}");
            }
        }
        assert!(WORDS.get(key("rust").unwrap()).is_none());
    }

    #[test]
    fn runs_across_the_64_byte_blocks_count_as_anywhere_else() {
        for pad in 0..140 {
            for filler in [" ", "x", "é", "'", "’", "-"] {
                for tail in [" the l'équipe THE qu'il et ", "the", "l'", "Où"] {
                    let text = format!("{}{tail}", filler.repeat(pad));
                    assert_eq!(evidence(&text), reference(&text), "{text:?}");
                    let text = format!("{tail}{}{tail}", filler.repeat(pad));
                    assert_eq!(evidence(&text), reference(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn english_french_and_neither() {
        assert_eq!(detect("Excited to share that I've started a new position as Data Engineer at Acme!"), "en");
        assert_eq!(detect("Ravi de partager que j'ai rejoint l'équipe de Acme en tant qu'ingénieur data !"), "fr");
        assert_eq!(detect("Je travaille dans le génie logiciel depuis 14 ans."), "fr");
        assert_eq!(detect("The hardest part was never the technology."), "en");
        assert_eq!(detect("Kafka, Rust, PostgreSQL"), "und");
        assert_eq!(detect(""), "und");
        assert_eq!(detect("Ingénieur QA principal · Selenium · Automatisation des tests"), "fr");
        assert_eq!(detect("Senior Data Engineer at Acme | Kafka, Rust"), "en");
        assert_eq!(super::evidence("Avec plaisir pipeline now handles pipeline and Rust."), (1, 1));
    }
}
