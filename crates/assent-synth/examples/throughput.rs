//! Generates a whole network the way `assent seed` does, member by member, and reports how long
//! it took and what it produced.
//!
//! `cargo run --release -p assent-synth --example throughput -- [MEMBERS] [SEED]`

use std::time::Instant;

use assent_policy::{Kind, Purpose, Timestamp};
use assent_synth::{Config, Synth};

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("arguments are numbers")).collect();
    let members = args.first().copied().unwrap_or(100_000) as u32;
    let seed = args.get(1).copied().unwrap_or(1);
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").expect("valid");

    let started = Instant::now();
    let synth = Synth::new(&Config { members, seed, canaries: 20, now });
    let built = started.elapsed();

    let (mut posts, mut articles, mut comments, mut edges, mut messages, mut changes, mut genai_off) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut bytes = 0;
    for id in 1..=members {
        let member = synth.member(id);
        for post in &member.posts {
            bytes += post.text.len();
            match post.kind {
                Kind::Article => articles += 1,
                Kind::Comment => comments += 1,
                _ => posts += 1,
            }
        }
        bytes += member.about.text.len() + member.headline.text.len();
        edges += synth.connections(id).len();
        messages += synth.messages(id).len();
        let c = synth.consent_changes(id);
        genai_off += usize::from(c.iter().any(|c| c.purpose == Purpose::TrainGenai && !c.value));
        changes += c.len();
    }
    let total = started.elapsed();
    println!("{members} members (seed {seed}): tables built in {built:.2?}, everything in {total:.2?}");
    println!(
        "  {} companies, {} jobs, {} canaries",
        synth.companies().len(),
        synth.jobs().len(),
        synth.canaries().len()
    );
    println!("  {posts} posts, {articles} articles, {comments} comments ({} MB of text)", bytes / 1_000_000);
    println!(
        "  {edges} connections (average degree {:.1}), {messages} messages",
        2.0 * edges as f64 / f64::from(members)
    );
    println!("  {changes} consent changes; {genai_off} members turned train-genai off");
}
