//! How fast `assent_policy::language::detect` labels the texts of a synthetic network.
//!
//! `cargo run --release -p assent-synth --example language -- [MEMBERS]`

use std::time::Instant;

use assent_policy::Timestamp;
use assent_synth::{Config, Synth};

fn main() {
    let members: u32 = std::env::args().nth(1).map_or(20_000, |a| a.parse().expect("MEMBERS is a number"));
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").expect("valid");
    let synth = Synth::new(&Config { members, seed: 1, canaries: 0, now });
    let mut texts = Vec::new();
    for id in 1..=members {
        let member = synth.member(id);
        texts.extend(member.posts.iter().map(|p| p.text.clone()));
        texts.push(member.about.text.clone());
        texts.push(member.headline.text.clone());
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    let (mut en, mut fr, mut und) = (0, 0, 0);
    for t in &texts {
        match assent_policy::language::detect(t) {
            "en" => en += 1,
            "fr" => fr += 1,
            _ => und += 1,
        }
    }
    let took = started.elapsed();
    println!(
        "{} texts ({} MB) in {took:.2?}: {:.0} texts/s, {:.0} MB/s; en {en}, fr {fr}, und {und}",
        texts.len(),
        bytes / 1_000_000,
        texts.len() as f64 / took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64()
    );
}
