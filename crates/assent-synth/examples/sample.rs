//! Prints one member of a synthetic network as text, to see what the generator writes.
//!
//! `cargo run -p assent-synth --example sample -- [MEMBERS] [SEED] [ID]`

use assent_policy::Timestamp;
use assent_synth::{Config, Synth};

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("arguments are numbers")).collect();
    let members = args.first().copied().unwrap_or(1000) as u32;
    let seed = args.get(1).copied().unwrap_or(1);
    let id = args.get(2).copied().unwrap_or(1) as u32;
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").expect("valid");
    let synth = Synth::new(&Config { members, seed, canaries: 0, now });
    let m = synth.member(id);
    println!(
        "{} ({}), {} · born {} · joined {} · closed {:?}",
        m.name,
        m.handle,
        m.region,
        m.birth_date,
        m.joined_at,
        m.closed_at.map(|t| t.to_string())
    );
    println!("\nHEADLINE [{}] {}", m.headline.visibility, m.headline.text);
    println!("\nABOUT [{}] {}", m.about.visibility, m.about.text);
    println!("\nEXPERIENCE [{}]", m.experience_visibility);
    for e in &m.experience {
        let company = &synth.companies()[e.company as usize - 1];
        let end = e.end.map_or("now".to_string(), |d| d.to_string());
        println!(
            "  {} at {} ({}, {}) {} – {}\n    {}",
            e.title, company.name, company.industry, company.region, e.start, end, e.description
        );
    }
    println!("\nSKILLS [{}] {}", m.skills_visibility, m.skills.join(", "));
    println!("\nPOSTS");
    for p in &m.posts {
        let deleted = p.deleted_at.map_or(String::new(), |t| format!(" deleted {t}"));
        println!("  {} {} [{}]{deleted}\n    {}", p.created_at, p.kind, p.visibility, p.text.replace('\n', "\n    "));
    }
    println!("\nCONNECTIONS (lower ids) {:?}", synth.connections(id));
    println!("\nMESSAGES");
    for msg in synth.messages(id) {
        println!("  {} to {}: {}", msg.sent_at, msg.to, msg.text);
    }
    println!("\nCONSENT {:?}", synth.consent_changes(id));
}
