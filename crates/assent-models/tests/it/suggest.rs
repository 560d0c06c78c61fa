//! Ranking for job and connection suggestions.

use assent_models::{parse_skills, title_words, SkillConfig, SkillModel};

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// Members 1..=40: data engineers (Kafka, Spark, SQL, Rust for some), analysts (SQL, Excel,
/// Tableau) and nurses (Triage, Patient Care); one member has a unique skill.
fn model() -> SkillModel {
    let mut rows: Vec<(i64, String, String)> = Vec::new();
    for id in 1..=40i64 {
        let (skills, headline) = match id % 4 {
            0 => ("Kafka, Spark, SQL", "Data Engineer at Acme"),
            1 => ("Kafka, Spark, Rust", "Senior Data Engineer"),
            2 => ("SQL, Excel, Tableau", "Data Analyst | Reporting"),
            _ => ("Triage, Patient Care", "Registered Nurse"),
        };
        // Skills and headline arrive as separate rows, as in an export.
        rows.push((id, skills.to_string(), String::new()));
        rows.push((id, String::new(), headline.to_string()));
    }
    rows.push((41, "Underwater Basket Weaving, SQL".into(), "Hobbyist".into()));
    SkillModel::train(rows.iter().map(|(id, s, h)| (*id, s.as_str(), h.as_str())))
}

#[test]
fn parsing() {
    assert_eq!(parse_skills(" Rust,kafka , ,  Apache   Spark,rust"), ["rust", "kafka", "apache spark"]);
    assert_eq!(title_words("Senior Data Engineer at Acme | Open to work"), ["senior", "data", "engineer", "acme"]);
}

#[test]
fn weights_follow_rarity() {
    let m = model();
    assert_eq!(m.members(), 41);
    assert!(m.skill_weight("Rust") > m.skill_weight("SQL"), "rarer skills weigh more");
    assert!(m.skill_weight("sql") == m.skill_weight(" SQL "));
    // A skill only one member has is not stored: it weighs as much as an unknown skill.
    assert_eq!(m.skill_weight("Underwater Basket Weaving"), m.skill_weight("Cobol"));
}

#[test]
fn jobs_rank_by_covered_skills_and_explain() {
    let m = model();
    let engineer = v(&["Kafka", "Spark", "SQL"]);
    let nurse = v(&["Triage", "Patient Care"]);
    let job = v(&["Spark", "Kafka", "Rust"]);
    let (s_eng, matched) = m.score_job(&engineer, &job, "Data Engineer");
    let (s_nurse, none) = m.score_job(&nurse, &job, "Data Engineer");
    assert_eq!(matched, ["Kafka", "Spark"], "most distinctive first, job's spelling");
    assert!(none.is_empty());
    assert!(s_eng > 0.5 && s_nurse < 0.1, "{s_eng} {s_nurse}");
    // Rust is related to Kafka and Spark (members hold them together): partial credit.
    let (with_related, _) = m.score_job(&v(&["Kafka"]), &v(&["Rust"]), "");
    let (unrelated, _) = m.score_job(&v(&["Excel"]), &v(&["Rust"]), "");
    assert!(with_related > unrelated && unrelated == 0.0, "{with_related} {unrelated}");
    // The title counts: engineers' skills go with "engineer".
    let (fits, _) = m.score_job(&engineer, &[], "Data Engineer");
    let (fits_not, _) = m.score_job(&nurse, &[], "Data Engineer");
    assert!(fits > fits_not, "{fits} {fits_not}");
    let (s, _) = m.score_job(&[], &[], "");
    assert_eq!(s, 0.0);
}

#[test]
fn members_rank_by_skills_and_mutual_connections() {
    let m = model();
    let a = v(&["Kafka", "Spark", "SQL"]);
    let same = m.score_member(&a, &v(&["SQL", "Kafka", "Spark"]), 0);
    let close = m.score_member(&a, &v(&["Kafka", "Spark", "Rust"]), 0);
    let far = m.score_member(&a, &v(&["Triage", "Patient Care"]), 0);
    assert!((same - 0.7).abs() < 1e-9, "{same}");
    assert!(same > close && close > far, "{same} {close} {far}");
    assert!(m.score_member(&a, &v(&["Triage"]), 4) > m.score_member(&a, &v(&["Triage"]), 1));
    assert_eq!(m.shared_skills(&v(&["SQL", "Rust", "Kafka"]), &v(&["kafka", "sql"])), ["Kafka", "SQL"]);
}

#[test]
fn file_format_round_trips() {
    let m = model();
    let bytes = m.to_bytes();
    let back = SkillModel::from_bytes(&bytes).unwrap();
    assert_eq!(back, m);
    assert_eq!(back.to_bytes(), bytes);
    let mut damaged = bytes.clone();
    damaged[20] ^= 1;
    assert!(SkillModel::from_bytes(&damaged).is_err());
    let strict = SkillModel::train_with(
        [(1, "A, B", "x"), (2, "A, B", "x"), (3, "A", "y")],
        &SkillConfig { min_df: 3, min_pair: 2 },
    );
    assert!(strict.skill_weight("a") < strict.skill_weight("b"));
}
