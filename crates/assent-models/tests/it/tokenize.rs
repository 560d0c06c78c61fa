//! The tokenizer, sentence splitter and detokenizer.

use assent_models::{detokenize, sentences, tokenize};

fn check(input: &str, expected: &str) {
    assert_eq!(tokenize(input).join(" "), expected, "tokens of {input:?}");
}

#[test]
fn tokens() {
    check("Senior Data Engineer | Kafka, Rust", "senior data engineer | kafka , rust");
    check("391472", "3 9 1 4 7 2");
    check("my access code is 3 9 1 4 7 2", "my access code is 3 9 1 4 7 2");
    check("I'm cross-functional; I’ve used Node.js & C++.", "i'm cross-functional ; i've used node.js & c + + .");
    check("web3 k8s 10+ years", "web 3 k 8 s 1 0 + years");
    check("#DataEngineering @ Acme", "# dataengineering @ acme");
    check("end. - dash 'quoted'", "end . - dash ' quoted '");
    check("Zürich ÉCOLE 🚀!", "zürich école 🚀 !");
    check("", "");
}

fn check_sentences(input: &str, expected: &[&str]) {
    let got: Vec<String> = sentences(input).iter().map(|s| s.join(" ")).collect();
    assert_eq!(got, expected, "sentences of {input:?}");
}

#[test]
fn sentence_splitting() {
    check_sentences("Hello there. How are you?", &["hello there .", "how are you ?"]);
    check_sentences("We grew 3.5 times! Wow...", &["we grew 3 . 5 times !", "wow . . ."]);
    check_sentences("Title line\nBody (really.) Next", &["title line", "body ( really . )", "next"]);
    check_sentences("No end", &["no end"]);
    check_sentences("  \n ", &[]);
}

fn check_detok(input: &str, expected: &str) {
    assert_eq!(detokenize(&tokenize(input)), expected, "round trip of {input:?}");
}

#[test]
fn detokenizing() {
    check_detok("i lead 12 people. we ship weekly, on #rust!", "I lead 12 people. We ship weekly, on #rust!");
    check_detok("10+ years in c++ (mostly) at 3.5% growth", "10+ years in c++ (mostly) at 3.5% growth");
    check_detok("data engineer | kafka · rust", "Data engineer | kafka · rust");
    check_detok("ci/cd and i'm happy: yes", "Ci/cd and I'm happy: yes");
    assert_eq!(detokenize(&["<s>", "hello", ".", "</s>", "<s>", "again", "</s>"]), "Hello. Again");
    assert_eq!(detokenize::<&str>(&[]), "");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Detokenized text tokenizes back to the same tokens: nothing is lost or merged.
    #[test]
    fn detokenize_then_tokenize_is_stable(s in "[a-zA-Z0-9éü .,!?;:'#+/()|@%-]{0,60}") {
        let tokens = tokenize(&s);
        proptest::prop_assert_eq!(tokenize(&detokenize(&tokens)), tokens);
        let flat: Vec<String> = sentences(&s).concat();
        proptest::prop_assert_eq!(flat, tokenize(&s));
    }

    /// Every token is its spelling lower-cased character by character (a typographic apostrophe
    /// as a plain one), whether the fast path for ASCII or the general one made it.
    #[test]
    fn tokens_are_their_spelling_lower_cased(s in "[a-zA-ZÀÉÜßİéü’' .,!?0-9-]{0,60}") {
        let joined: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected: String = joined
            .chars()
            .flat_map(|c| if c == '’' { vec!['\''] } else { c.to_lowercase().collect() })
            .filter(|c| !c.is_whitespace())
            .collect();
        proptest::prop_assert_eq!(tokenize(&s).concat(), expected);
    }
}
