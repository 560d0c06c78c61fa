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
pub fn evidence(text: &str) -> (u32, u32) {
    let (mut en, mut fr) = (0u32, 0u32);
    for word in text.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’') {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase().replace('’', "'");
        // French elision: "l'équipe", "j'ai", "qu'on" count their clitic.
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

#[cfg(test)]
mod tests {
    use super::detect;

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
