//! The French sentence templates, for members of French-speaking countries: the counterparts of
//! the pools in [`crate::templates`], with the same names and an `_FR` suffix. Private messages
//! and job descriptions have no French pools: they stay in English.
//!
//! The slots are those of `text::Writer::slot`, filled from the French vocabulary of
//! [`crate::industries_fr`], except `{a_title}` and `{a_track}`, which add English articles:
//! French writes "Je suis {title}", with no article before a profession. A capitalised slot name
//! (`{Topic}`) capitalises the first letter of what it is filled with.
//!
//! `{topic}`, `{topic2}`, `{field}`, `{audience}` and `{value}` carry their definite article
//! ("les systèmes distribués"), so no template puts "de" or "à" before them ("de les", "à le"):
//! they follow prepositions that do not contract ("sur", "pour", "dans", "avec", "entre") or a
//! colon. No template agrees a verb or an adjective with them either (they may be singular or
//! plural), nor with the writer (whose gender the templates do not know): "Quelle fierté", not
//! "Fier". The pools need not match the English ones in length or order; [`LESSONS_FR`],
//! [`VALUES_FR`] and [`EVENTS_FR`] do, index for index.

/// Headlines of members who hold a position now.
pub(crate) const HEADLINES_WORKING_FR: &[&str] = &[
    "{title} chez {company}",
    "{title} chez {company} | {skill}, {skill2}, {skill3}",
    "{title} @ {company} · {Topic}",
    "{title} | {Topic} | {city}",
    "J'aide {audience} à {goal} | {title} chez {company}",
    "{title} · {skill} · {skill2}",
    "{title} | {years} ans d'expérience dans {field}",
    "{title} chez {company} | {Topic} et {topic2}",
    "{title} | {Topic}, {topic2} | Prise de parole et mentorat",
];

/// Headlines of members between positions.
pub(crate) const HEADLINES_BETWEEN_FR: &[&str] = &[
    "{title} | À l'écoute de nouvelles opportunités",
    "{title} | {years} ans d'expérience | {Topic} | Disponible immédiatement",
    "{years} ans dans {field} | {skill}, {skill2} | {city}",
    "Ex-{title} chez {company} | En recherche de mon prochain défi",
];

/// Headlines of members who have not worked yet.
pub(crate) const HEADLINES_STUDENT_FR: &[&str] = &[
    "En études à {city} | Objectif : {track}",
    "En formation | Intérêt pour {field} et {topic}",
    "En formation | En ce moment : {skill} | {city}",
    "{track} en devenir | Curiosité pour {topic}",
];

/// First sentences of an About text that fit anyone who has worked.
pub(crate) const ABOUT_OPEN_ANY_FR: &[&str] = &[
    "J'aide {audience} à {goal}.",
    "Mon travail se situe à la frontière entre {topic} et {topic2}.",
    "Je travaille dans {field} et j'aime transformer des problèmes complexes en solutions simples et fiables.",
    "J'ai passé ces {years} dernières années à travailler sur {topic} avec {audience}.",
    "Mes {years} ans dans {field} ont un fil conducteur : {topic}.",
];

/// First sentences of an About text of someone who holds a position now.
pub(crate) const ABOUT_OPEN_WORKING_FR: &[&str] = &[
    "Je suis {title} chez {company}, avec {years} ans d'expérience dans {field}.",
    "Après {years} ans de carrière dans {field}, j'ai toujours le même enthousiasme pour {topic}.",
    "Je suis {title} à {city} et je me concentre sur {topic} et {topic2}.",
    "Actuellement {title} chez {company}, je travaille sur {topic}.",
    "Je travaille dans {field} depuis {years} ans, en dernier lieu comme {title} chez {company}.",
];

/// First sentences of an About text of someone between positions.
pub(crate) const ABOUT_OPEN_BETWEEN_FR: &[&str] = &[
    "Je suis {title}, avec {years} ans d'expérience dans {field}, et je cherche actuellement mon prochain poste.",
    "Après {years} ans dans {field}, en dernier lieu chez {company}, je prends le temps de trouver mon prochain défi.",
];

/// Middle sentences of an About text.
pub(crate) const ABOUT_MIDDLE_FR: &[&str] = &[
    "Chez {prev_company}, j'ai {win}.",
    "Un projet qui compte pour moi : nous avons {win}.",
    "Récemment, mon équipe a {win}.",
    "Ma boîte à outils : {skills}.",
    "Au quotidien, je travaille avec {skills}.",
    "Ce qui compte pour moi : {topic}, une communication claire et le travail bien fait.",
    "J'aime accompagner les personnes qui débutent dans {field}.",
    "En dehors du travail, j'écris sur {topic2} et j'interviens dans des meetups quand je le peux.",
    "Pour moi, un travail de qualité dans {field} repose sur {value} et {value2}.",
    "Je suis le plus efficace dans de petites équipes pluridisciplinaires qui prennent en charge {topic} de bout en bout.",
    "Ces derniers temps, je creuse {topic2} et ce que cela change pour {audience}.",
    "On vient souvent me chercher quand les choses se compliquent sur {topic}.",
    "J'ai commencé dans {field} parce que j'aimais résoudre des problèmes, et ce sont les gens qui m'ont donné envie de rester.",
    "On me reconnaît pour {value} et pour ma façon de poser tôt les questions qui dérangent.",
];

/// Last sentences of an About text.
pub(crate) const ABOUT_CLOSE_FR: &[&str] = &[
    "Contactez-moi si vous travaillez sur {topic} : c'est toujours un plaisir d'échanger.",
    "N'hésitez pas à me contacter si vous voulez échanger sur {topic} ou {topic2}.",
    "Je reste disponible pour échanger sur {field}, le mentorat et les idées nouvelles.",
    "Connectons-nous !",
    "Je vis à {city}.",
    "Si vous passez par {city}, je vous offre un café avec plaisir.",
    "Les opinions exprimées ici n'engagent que moi.",
];

/// First sentences of a student's About text.
pub(crate) const ABOUT_STUDENT_OPEN_FR: &[&str] = &[
    "Je fais mes études à {city} et j'ai un intérêt grandissant pour {field}.",
    "Je suis encore en études, mais je sais déjà que je veux travailler dans {field}.",
    "En études, avec une vraie curiosité pour {topic} et pour la façon dont travaillent {audience}.",
];

/// Further sentences of a student's About text.
pub(crate) const ABOUT_STUDENT_MORE_FR: &[&str] = &[
    "Pendant mon temps libre, je me forme en autodidacte sur {skill}.",
    "J'ai récemment rejoint une association où nous travaillons sur {topic}.",
    "J'adore en apprendre plus sur {topic2}.",
    "Mon objectif est de devenir {track} un jour.",
    "J'aimerais recueillir les conseils de personnes qui travaillent dans {field}.",
    "Au plaisir d'échanger et d'apprendre à vos côtés !",
];

/// Descriptions of a position (résumé style, fitting past and current roles).
pub(crate) const EXPERIENCE_FR: &[&str] = &[
    "Périmètre : {topic}, pour {n} équipes.",
    "Résultat clé : nous avons {win}.",
    "Membre de l'équipe qui a {win}.",
    "Axes principaux : {topic} et {topic2}.",
    "Collaboration avec {audience} sur {topic}.",
    "Outils au quotidien : {skills}.",
    "Conception et pilotage des processus pour {topic}.",
    "Travail en étroite collaboration avec {audience} sur {topic2}.",
];

/// Posts of a member who holds a position now.
pub(crate) const POSTS_WORKING_FR: &[&str] = &[
    "J'ai le plaisir de vous annoncer que je commence un nouveau poste : {title} chez {company} !",
    "Nous venons de boucler chez {company} un projet sur {topic}. {reflection}",
    "Ce trimestre, nous avons {win}. Bravo à toute l'équipe chez {company} !",
    "Nous recrutons ! Nous cherchons notre futur {title} pour rejoindre {company} à {city}. Une expérience avec {skill} et {skill2} est un plus. Écrivez-moi si le poste vous intéresse.",
    "Grosse semaine chez {company} : nous avons enfin {win}. {reflection}",
    "Notre équipe chez {company} organise {event} sur {topic} le mois prochain. Qui vient ?",
];

/// Posts anyone who has worked may write.
pub(crate) const POSTS_ANY_FR: &[&str] = &[
    "Avis personnel : la plupart des soucis avec {topic} sont en réalité des soucis avec {topic2}. {reflection}",
    "J'ai passé la journée à {event} pour échanger sur {topic}. {reflection}",
    "Quelle est votre ressource préférée pour se former sur {skill} ? Je prends toutes vos recommandations.",
    "{years} ans dans {field} m'ont appris une chose avant tout : {lesson}.",
    "Petit rappel pour celles et ceux qui travaillent sur {topic} : {lesson}.",
    "Trois conseils que je me donnerais à mes débuts dans {field} : {lesson}, {lesson2} et ne pas avoir peur de demander de l'aide.",
    "Lu ce matin un excellent article sur {topic}. {reflection}",
    "Merci à toutes les personnes qui m'ont permis de grandir chez {prev_company}.",
    "Vous aussi, vous voyez monter l'intérêt pour {topic} ces derniers temps ? J'aimerais savoir comment {audience} autour de vous s'y prennent.",
    "Opinion impopulaire : des outils comme {skill} comptent moins qu'on ne le croit ; l'essentiel, c'est de bien faire les choses sur {topic}.",
    "Il y a un an, je savais très peu de choses sur {skill2}. Aujourd'hui, c'est mon premier réflexe.",
    "Petit conseil pour {audience} sur {topic} : {lesson}.",
    "Quelle fierté : avec une équipe formidable, nous avons {win}. {reflection}",
];

/// Posts of a member between positions.
pub(crate) const POSTS_BETWEEN_FR: &[&str] = &[
    "Après {years} ans dans {field}, je cherche mon prochain poste comme {title}. Si votre équipe a besoin d'aide sur {topic} ou {skill}, parlons-en !",
    "Je suis en recherche active ! Poste visé : {title}, à {city} ou en télétravail. Toute piste est la bienvenue.",
];

/// Posts of a member who has not worked yet.
pub(crate) const POSTS_STUDENT_FR: &[&str] = &[
    "Je viens de terminer un cours en ligne sur {skill}. Prochaine étape : {topic} !",
    "Des conseils pour quelqu'un qui fait ses études et veut se lancer dans {field} ?",
    "Aujourd'hui, j'ai beaucoup appris sur {topic} en pratique. Vraiment passionnant !",
    "J'ai lancé un petit projet pour m'entraîner sur {skill}. Tous les retours sont les bienvenus.",
    "Aujourd'hui, j'ai assisté à {event} sur {topic} et j'ai rencontré des gens formidables.",
    "Je cherche un stage d'été dans {field} à {city}. Des conseils pour savoir par où commencer ?",
    "Notre projet d'école sur {topic} a remporté la première place ! Bravo à toute mon équipe.",
    "Quels livres recommanderiez-vous pour découvrir {topic} ?",
    "J'ai passé le week-end à travailler sur {skill2}. Plus difficile qu'il n'y paraît, mais j'avance.",
    "Un grand merci à toutes celles et ceux qui ont répondu à mes questions sur {field} cette semaine.",
];

/// Sentences that round off a post.
pub(crate) const REFLECTIONS_FR: &[&str] = &[
    "Cela m'a rappelé qu'une bonne communication est essentielle pour {topic}.",
    "Le plus difficile n'a jamais été la technique : c'était de mettre tout le monde d'accord.",
    "Encore une fois, ce sont les petites améliorations régulières qui ont fait la différence.",
    "Il reste beaucoup à apprendre, mais nous sommes sur la bonne voie.",
    "J'aimerais savoir comment vous abordez ce sujet.",
    "Un immense merci à toutes les personnes impliquées.",
    "Leçon retenue : {lesson}.",
    "Je le referais sans hésiter.",
    "J'en reparlerai bientôt.",
];

/// Article titles.
pub(crate) const ARTICLE_TITLES_FR: &[&str] = &[
    "Ce que {years} ans dans {field} m'ont appris sur {topic}",
    "{n} leçons tirées de mon travail sur {topic}",
    "Pourquoi il faut remettre {topic} au centre des discussions",
    "{Topic} : un guide pratique pour {audience}",
    "{Topic} : ce que la plupart des équipes font mal",
    "Comment nous avons {win}",
];

/// First sentences of an article.
pub(crate) const ARTICLE_INTRO_FR: &[&str] = &[
    "Quand j'ai commencé dans {field}, on traitait {topic} comme un détail.",
    "Tous les quelques mois, quelqu'un me demande comment nous abordons {topic} : j'ai enfin pris le temps de l'écrire.",
    "Sur {topic}, tout le monde est d'accord sur l'essentiel, mais rares sont les équipes qui y arrivent vraiment.",
    "L'an dernier, chez {company}, nous avons {win}, et on me demande encore souvent comment.",
];

/// Body sentences of an article.
pub(crate) const ARTICLE_BODY_FR: &[&str] = &[
    "Aujourd'hui, c'est l'une des premières questions que posent {audience}.",
    "Les équipes qui réussissent ont quelques points communs.",
    "Elles traitent {topic} comme une pratique continue, pas comme un projet ponctuel.",
    "Elles investissent tôt dans {skill} au lieu d'attendre que les problèmes s'accumulent.",
    "L'erreur la plus fréquente que je vois : ignorer {topic2} jusqu'à ce qu'il soit trop tard.",
    "Rien de tout cela ne demande un gros budget, mais il faut de la patience.",
    "Nous avons commencé petit : une équipe, un problème et une définition claire du résultat attendu.",
    "Les chiffres ont aidé, mais le vrai changement a été culturel.",
    "Si je ne devais garder qu'une habitude, ce serait celle-ci : {lesson}.",
    "Reconnaître honnêtement ce que nous ne savions pas nous a aussi beaucoup aidés.",
    "Des outils comme {skill} et {skill2} ont fait la différence, mais seulement une fois les bases en place.",
    "Un travail de qualité dans {field} repose sur {value} et {value2}, et ce projet n'a pas fait exception.",
];

/// Last sentences of an article.
pub(crate) const ARTICLE_CLOSE_FR: &[&str] = &[
    "Si vous débutez, choisissez un petit problème et résolvez-le correctement.",
    "J'aimerais beaucoup savoir comment votre équipe aborde {topic}.",
    "Qu'ajouteriez-vous à cette liste ?",
    "Merci pour votre lecture, et n'hésitez pas à me contacter pour comparer nos expériences.",
];

/// Comments on other members' posts.
pub(crate) const COMMENTS_FR: &[&str] = &[
    "Très juste, ce point sur {topic} !",
    "Félicitations, c'est amplement mérité !",
    "Cela correspond tout à fait à mon expérience dans {field}. {reflection}",
    "Merci pour le partage ! Nous avons rencontré le même problème avec {topic2}.",
    "Article intéressant. Comment avez-vous géré {topic} ?",
    "Je ne pourrais pas être plus d'accord. {Lesson}.",
    "J'adore. {Topic}, on n'en parle jamais assez.",
    "Je garde ça sous le coude pour mon équipe.",
    "Bien dit. Dans {field}, on oublie trop souvent qu'il faut {lesson}.",
    "Félicitations pour ce nouveau poste, de beaux projets en perspective !",
];

/// Sentences that put contact data in a post (the corpus export must scrub them).
pub(crate) const CONTACT_EMAIL_FR: &[&str] =
    &["Des questions ? Écrivez-moi à {email}.", "Vous pouvez me joindre à {email}."];
/// Like [`CONTACT_EMAIL_FR`], with a phone number.
pub(crate) const CONTACT_PHONE_FR: &[&str] =
    &["Vous pouvez m'appeler au {phone}.", "Appelez-moi au {phone} si vous voulez en discuter."];

/// Lessons, as infinitive clauses that complete "Leçon retenue : …" or "il faut …"; lesson `i`
/// translates `LESSONS[i]`.
pub(crate) const LESSONS_FR: &[&str] = &[
    "poser ses questions tôt",
    "tout mettre par écrit",
    "mesurer avant d'optimiser",
    "protéger son temps de concentration",
    "partager le mérite sans compter",
    "comprendre le métier, pas seulement les outils",
    "avancer par petites étapes plutôt que tout réécrire",
    "écouter plus que parler",
    "célébrer les petites victoires",
    "documenter les décisions, pas seulement les résultats",
    "demander des retours avant d'en avoir besoin",
];

/// Values, as nouns with their definite article ("repose sur la curiosité et l'empathie");
/// value `i` translates `VALUES[i]`.
pub(crate) const VALUES_FR: &[&str] = &[
    "la curiosité",
    "la clarté de l'écrit",
    "les petites itérations",
    "les retours honnêtes",
    "l'empathie",
    "la mesure de ce qui compte vraiment",
    "la patience",
    "le goût du travail bien fait",
    "le sens des responsabilités",
    "la bienveillance",
];

/// Events, with their indefinite article; event `i` translates `EVENTS[i]`.
pub(crate) const EVENTS_FR: &[&str] = &[
    "un meetup local",
    "une conférence du secteur",
    "un hackathon interne",
    "un atelier pratique",
    "une table ronde",
    "un webinaire",
    "une rencontre entre pairs",
    "un forum de l'emploi",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{EVENTS, LESSONS, VALUES};

    /// The slots a French template may use: those of `text::Writer::slot` without the ones that
    /// add English articles, nor the private-message ones.
    const SLOTS: &[&str] = &[
        "title",
        "company",
        "city",
        "field",
        "Field",
        "topic",
        "Topic",
        "topic2",
        "skill",
        "skill2",
        "skill3",
        "skills",
        "win",
        "goal",
        "audience",
        "lesson",
        "Lesson",
        "lesson2",
        "value",
        "value2",
        "event",
        "reflection",
        "years",
        "n",
        "prev_company",
        "track",
        "first",
        "email",
        "phone",
    ];

    fn pools() -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("HEADLINES_WORKING_FR", HEADLINES_WORKING_FR),
            ("HEADLINES_BETWEEN_FR", HEADLINES_BETWEEN_FR),
            ("HEADLINES_STUDENT_FR", HEADLINES_STUDENT_FR),
            ("ABOUT_OPEN_ANY_FR", ABOUT_OPEN_ANY_FR),
            ("ABOUT_OPEN_WORKING_FR", ABOUT_OPEN_WORKING_FR),
            ("ABOUT_OPEN_BETWEEN_FR", ABOUT_OPEN_BETWEEN_FR),
            ("ABOUT_MIDDLE_FR", ABOUT_MIDDLE_FR),
            ("ABOUT_CLOSE_FR", ABOUT_CLOSE_FR),
            ("ABOUT_STUDENT_OPEN_FR", ABOUT_STUDENT_OPEN_FR),
            ("ABOUT_STUDENT_MORE_FR", ABOUT_STUDENT_MORE_FR),
            ("EXPERIENCE_FR", EXPERIENCE_FR),
            ("POSTS_WORKING_FR", POSTS_WORKING_FR),
            ("POSTS_ANY_FR", POSTS_ANY_FR),
            ("POSTS_BETWEEN_FR", POSTS_BETWEEN_FR),
            ("POSTS_STUDENT_FR", POSTS_STUDENT_FR),
            ("REFLECTIONS_FR", REFLECTIONS_FR),
            ("ARTICLE_TITLES_FR", ARTICLE_TITLES_FR),
            ("ARTICLE_INTRO_FR", ARTICLE_INTRO_FR),
            ("ARTICLE_BODY_FR", ARTICLE_BODY_FR),
            ("ARTICLE_CLOSE_FR", ARTICLE_CLOSE_FR),
            ("COMMENTS_FR", COMMENTS_FR),
            ("CONTACT_EMAIL_FR", CONTACT_EMAIL_FR),
            ("CONTACT_PHONE_FR", CONTACT_PHONE_FR),
        ]
    }

    /// The slot names of `template`, or why its braces do not pair up.
    fn slots(template: &str) -> Result<Vec<&str>, String> {
        let mut out = Vec::new();
        let mut rest = template;
        loop {
            let open = rest.find('{');
            let close = rest.find('}');
            match (open, close) {
                (None, None) => return Ok(out),
                (Some(o), Some(c)) if o < c => {
                    let key = &rest[o + 1..c];
                    if key.contains('{') {
                        return Err(format!("nested brace in {template:?}"));
                    }
                    out.push(key);
                    rest = &rest[c + 1..];
                }
                _ => return Err(format!("unbalanced braces in {template:?}")),
            }
        }
    }

    #[test]
    fn every_slot_is_known_and_braces_pair_up() {
        for (name, pool) in pools() {
            assert!(!pool.is_empty(), "{name} is empty");
            for template in pool {
                let keys = slots(template).unwrap_or_else(|e| panic!("{name}: {e}"));
                for key in keys {
                    assert!(SLOTS.contains(&key), "{name}: unknown slot {{{key}}} in {template:?}");
                }
            }
        }
    }

    /// Whether `text` holds `word` where a word starts ("de {" in "… de {topic}", not in
    /// "J'aide {audience}").
    fn has_word(text: &str, word: &str) -> bool {
        text.match_indices(word).any(|(i, _)| !text[..i].ends_with(char::is_alphabetic))
    }

    #[test]
    fn no_contraction_before_an_article() {
        // Slots that carry their article must not follow "de" or "à" ("de les", "à le"); no slot
        // follows an elided "d'" or "qu'", and no title follows "que" (which elides before a
        // vowel: "qu'Ingénieur").
        let banned = [
            "de {",
            "d'{",
            "qu'{",
            "que {title",
            "que {track",
            "à {topic",
            "à {field",
            "à {audience",
            "à {value",
            "à {lesson",
        ];
        for (name, pool) in pools() {
            for template in pool {
                let lower = template.to_lowercase();
                for b in banned {
                    assert!(!has_word(&lower, b), "{name}: {b:?} in {template:?}");
                }
                assert!(!template.contains("{a_"), "{name}: English article slot in {template:?}");
            }
        }
        assert!(has_word("parler de {topic}", "de {") && !has_word("J'aide {audience}", "de {"));
        for word in LESSONS_FR.iter().chain(VALUES_FR).chain(EVENTS_FR) {
            assert!(!word.contains(['{', '}', '.', '\n']), "{word}");
        }
    }

    #[test]
    fn french_typography() {
        for (name, pool) in pools() {
            for template in pool {
                assert!(!template.contains(['’', '\u{a0}', '\u{202f}', '\n']), "{name}: {template:?}");
                for (i, c) in template.char_indices() {
                    if matches!(c, ':' | ';' | '!' | '?') {
                        assert!(template[..i].ends_with(' '), "{name}: no space before {c:?} in {template:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_lists_translate_the_english_ones_index_for_index() {
        assert_eq!(LESSONS_FR.len(), LESSONS.len());
        assert_eq!(VALUES_FR.len(), VALUES.len());
        assert_eq!(EVENTS_FR.len(), EVENTS.len());
        assert!(VALUES_FR.iter().all(|v| ["le ", "la ", "l'", "les "].iter().any(|a| v.starts_with(a))));
        assert!(EVENTS_FR.iter().all(|e| e.starts_with("un ") || e.starts_with("une ")));
    }

    #[test]
    fn pools_are_large_enough_for_the_compositions() {
        // `text` draws distinct sentences: up to 4 middles of an About text, 3 further sentences
        // of a student's, 6 article body sentences, 2 résumé sentences.
        assert!(ABOUT_MIDDLE_FR.len() >= 4);
        assert!(ABOUT_STUDENT_MORE_FR.len() >= 3);
        assert!(ARTICLE_BODY_FR.len() >= 6);
        assert!(EXPERIENCE_FR.len() >= 2);
        // An About text is counted in sentences: its openings, middles and closings are one each.
        let about = [ABOUT_OPEN_ANY_FR, ABOUT_OPEN_WORKING_FR, ABOUT_OPEN_BETWEEN_FR, ABOUT_MIDDLE_FR, ABOUT_CLOSE_FR];
        for template in about.iter().flat_map(|p| p.iter()) {
            assert_eq!(template.matches(['.', '!', '?']).count(), 1, "{template}");
        }
    }
}
