//! Trains the built-in models on a synthetic network and prints timings, perplexity, canary
//! exposures and sample assistant output: the figures behind the crate's documentation.
//!
//! `cargo run --release -p assent-models --example measure -- [MEMBERS] [SHARDS] [ORDER]`
//!
//! Opted-out canary owners' texts are left out (as the corpus export would), members whose id
//! is a multiple of 50 (canary owners excepted) are held out for perplexity, the rest are
//! sharded by id.

use std::time::Instant;

use assent_models::{assist, exposure, Mixture, NgramModel, Position, ProfileContext, SkillModel, Task};
use assent_policy::Timestamp;
use assent_synth::{Config, Synth};

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("arguments are numbers")).collect();
    let members = args.first().copied().unwrap_or(20_000) as u32;
    let shards = args.get(1).copied().unwrap_or(4);
    let order = args.get(2).copied().unwrap_or(4);
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").expect("valid");
    let t = Instant::now();
    let synth = Synth::new(&Config { members, seed: 7, canaries: 20, now });
    let opted_out: Vec<u32> = synth.canaries().iter().filter(|c| c.owner_opted_out).map(|c| c.owner).collect();
    let owners: Vec<u32> = synth.canaries().iter().map(|c| c.owner).collect();
    let mut shard_texts: Vec<Vec<String>> = vec![Vec::new(); shards];
    let mut held_out = Vec::new();
    let mut profiles = Vec::new();
    let mut sample_profiles = Vec::new();
    for id in 1..=members {
        let m = synth.member(id);
        if opted_out.contains(&id) {
            continue;
        }
        let mut texts = vec![m.headline.text.clone(), m.about.text.clone()];
        texts.extend(m.experience.iter().map(|e| e.description.clone()));
        texts.extend(m.posts.iter().filter(|p| p.deleted_at.is_none()).map(|p| p.text.clone()));
        texts.retain(|t| !t.is_empty());
        profiles.push((i64::from(id), m.skills.join(", "), m.headline.text.clone()));
        if id % 50 == 0 && !owners.contains(&id) {
            held_out.extend(texts);
            if sample_profiles.len() < 3 && !m.experience.is_empty() {
                let experience = m
                    .experience
                    .iter()
                    .rev()
                    .map(|e| Position {
                        title: e.title.clone(),
                        company: synth.companies()[e.company as usize - 1].name.clone(),
                    })
                    .collect();
                sample_profiles.push(ProfileContext {
                    name: m.name.clone(),
                    headline: m.headline.text.clone(),
                    about: m.about.text.clone(),
                    skills: m.skills.clone(),
                    experience,
                    language: m.language.to_string(),
                });
            }
        } else {
            shard_texts[id as usize % shards].extend(texts);
        }
    }
    let all: Vec<&str> = shard_texts.iter().flatten().map(String::as_str).collect();
    let tokens: usize = all.iter().map(|t| assent_models::tokenize(t).len()).sum();
    println!(
        "synthetic network: {members} members, {} training texts, {tokens} tokens ({:.1?})",
        all.len(),
        t.elapsed()
    );

    let t = Instant::now();
    let whole = NgramModel::train(all.iter().copied(), order);
    let train_time = t.elapsed();
    let t = Instant::now();
    let bytes = whole.to_bytes();
    let save = t.elapsed();
    let t = Instant::now();
    let back = NgramModel::from_bytes(&bytes).expect("round trip");
    let load = t.elapsed();
    assert_eq!(back.to_bytes(), bytes);
    println!(
        "one model, order {order}: trained in {train_time:.2?}; vocab {}, n-grams {:?}; {} bytes, saved in {save:.1?}, loaded in {load:.1?}",
        whole.vocab().len(),
        (1..=order).map(|n| whole.ngrams(n)).collect::<Vec<_>>(),
        bytes.len()
    );
    let t = Instant::now();
    let ppl = whole.perplexity(held_out.iter().map(String::as_str));
    println!("held-out perplexity ({} texts): {ppl:.2} ({:.1?})", held_out.len(), t.elapsed());

    let t = Instant::now();
    let models: Vec<(f64, NgramModel)> = shard_texts
        .iter()
        .map(|texts| (texts.len() as f64, NgramModel::train(texts.iter().map(String::as_str), order)))
        .collect();
    let shard_time = t.elapsed();
    let release = Mixture::new(models).expect("weights");
    let t = Instant::now();
    let mix_ppl = assent_models::perplexity(&release, held_out.iter().map(String::as_str));
    println!("{shards} shards trained in {shard_time:.2?}; mixture perplexity {mix_ppl:.2} ({:.1?})", t.elapsed());

    let prefix = assent_synth::CANARY_PREFIX.trim();
    for (name, model) in [("one model", &whole as &dyn assent_models::LanguageModel), ("mixture", &release)] {
        let mut rows = Vec::new();
        let t = Instant::now();
        for c in synth.canaries() {
            let e = exposure(model, prefix, &c.secret).expect("six digits");
            rows.push((c.owner_opted_out, e.bits));
        }
        let per = t.elapsed() / synth.canaries().len() as u32;
        let fmt =
            |out: bool| rows.iter().filter(|r| r.0 == out).map(|r| format!("{:.1}", r.1)).collect::<Vec<_>>().join(" ");
        println!("exposure ({name}, {per:.1?} per canary): opted in [{}] | opted out [{}]", fmt(false), fmt(true));
    }

    for (i, p) in sample_profiles.iter().enumerate() {
        println!("\n--- {} | {}", p.name, p.headline);
        for task in [Task::Headline, Task::About, Task::Post, Task::MessageReply] {
            let t = Instant::now();
            let text = assist(&release, task, p, None, i as u64);
            println!("[{} {:.1?}] {}", task.name(), t.elapsed(), text.replace('\n', " / "));
        }
        let draft = ["This week my team", "I have been thinking about", "Great to see"][i];
        println!("[post draft] {}", assist(&release, Task::Post, p, Some(draft), 9));
    }

    let t = Instant::now();
    let skills = SkillModel::train(profiles.iter().map(|(id, s, h)| (*id, s.as_str(), h.as_str())));
    let skill_time = t.elapsed();
    let job = &synth.jobs()[0];
    let me = &sample_profiles[0];
    let (score, matched) = skills.score_job(&me.skills, &job.skills, &job.title);
    println!(
        "\nskill model: {} members in {skill_time:.1?}, {} bytes; job `{}` {:?} for {:?}: {score:.3} matches {matched:?}",
        skills.members(),
        skills.to_bytes().len(),
        job.title,
        job.skills,
        me.skills
    );
}
