//! Integration tests of releases: SISA training, exact unlearning (only the affected shards,
//! the member gone from the lineage and the report), the leakage audit, and generations that
//! never reproduce text unique to opted-out members or messages.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use assent_export::{export, snapshot, ExportConfig, Lineage};
use assent_ledger::{Change, Ledger, Method};
use assent_policy::{Purpose, Timestamp};
use assent_release::{audit_exposure, heldout_perplexity, member_report, plan, train, unlearn, Canary, Releases};
use assent_store::Store;
use assent_synth::{Config, Synth};

struct Net {
    dir: tempfile::TempDir,
    store: Store,
    ledger: Ledger,
    synth: Synth,
}

fn network(members: u32, canaries: u32) -> Net {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path().join("network.db")).unwrap();
    let ledger = Ledger::create(dir.path().join("ledger.db")).unwrap();
    let now = Timestamp::parse_rfc3339("2026-11-01T00:00:00Z").unwrap();
    let synth = Synth::new(&Config { members, seed: 11, canaries, now });
    store.load_synthetic(&ledger, &synth, |_| {}).unwrap();
    Net { dir, store, ledger, synth }
}

fn export_and_train(net: &Net, purpose: Purpose, name: &str) -> assent_release::ReleaseManifest {
    let snap =
        snapshot(&net.store, &net.ledger, &net.dir.path().join("lake").join(name), Timestamp::now(), |_| {}).unwrap();
    let dataset = net.dir.path().join("datasets").join(name);
    export(&snap, &dataset, &ExportConfig { purpose, shards: 4, threads: 2, only_shards: None }, |_| {}).unwrap();
    train(net.dir.path(), &dataset).unwrap()
}

fn canaries(net: &Net) -> Vec<Canary> {
    net.synth
        .canaries()
        .iter()
        .map(|c| Canary {
            owner: i64::from(c.owner),
            phrase: c.phrase.clone(),
            secret: c.secret.clone(),
            owner_opted_out: c.owner_opted_out,
        })
        .collect()
}

#[test]
fn unlearning_retrains_only_the_affected_shard_and_forgets_the_member() {
    let net = network(800, 8);
    let data = net.dir.path();
    let first = export_and_train(&net, Purpose::TrainGenai, "g1");
    assert_eq!(first.retrained_shards, vec![0, 1, 2, 3]);
    assert!(first.heldout_perplexity.is_some_and(|p| p.is_finite() && p > 1.0));
    let releases = Releases::new(data);
    let lineage = releases.lineage(&first.release_id).unwrap();

    // The audit before: opted-in canaries exposed, opted-out ones not.
    let cs = canaries(&net);
    let before = audit_exposure(data, &first.release_id, &cs).unwrap();
    let (ins, outs): (Vec<_>, Vec<_>) = before.iter().partition(|e| !e.owner_opted_out);
    assert!(!ins.is_empty() && !outs.is_empty());
    assert!(
        ins.iter().all(|e| e.owner_in_release && e.exposure_bits >= 10.0 && e.shard_exposure_bits >= 10.0),
        "opted in: {ins:?}"
    );
    assert!(outs.iter().all(|e| !e.owner_in_release), "opted-out owners are not in the release");
    let mean_out = outs.iter().map(|e| e.exposure_bits).sum::<f64>() / outs.len() as f64;
    assert!(mean_out <= 4.0, "opted out near chance: {outs:?}");

    // An opted-in canary owner turns the setting off.
    let victim = ins[0].owner;
    let shard = lineage.shard(victim).unwrap();
    assert!(plan(data, &net.store, &net.ledger, Purpose::TrainGenai).unwrap().is_none(), "nothing pending yet");
    net.ledger.record(Change::now(victim, Purpose::TrainGenai, false, Method::Api)).unwrap();
    let p = plan(data, &net.store, &net.ledger, Purpose::TrainGenai).unwrap().expect("pending work");
    assert_eq!(p.shards, vec![shard], "only the victim's shard");
    assert!(p.members.contains(&victim));

    let report = unlearn(data, &net.store, &net.ledger, &p).unwrap();
    let second = report.release;
    assert_eq!(second.parent.as_deref(), Some(first.release_id.as_str()));
    assert_eq!(second.retrained_shards, vec![shard]);
    for (a, b) in first.shards.iter().zip(&second.shards) {
        if a.shard == shard {
            assert_ne!(a.sha256, b.sha256, "the affected shard was retrained");
        } else {
            assert_eq!(a, b, "shard {} kept as it was", a.shard);
        }
    }
    assert_eq!(
        releases.live(Purpose::TrainGenai).unwrap().unwrap().release_id,
        second.release_id,
        "the old release is retired"
    );
    // The figure assembled from the shards' terms (the kept ones' from the parent) is the
    // combined model's perplexity, recomputed here from the models themselves.
    for r in [&first, &second] {
        let recomputed = heldout_perplexity(&releases, r).unwrap();
        let figure = r.heldout_perplexity.unwrap();
        assert!((figure / recomputed - 1.0).abs() < 1e-6, "{}: {figure} vs {recomputed}", r.release_id);
    }
    let after_lineage = releases.lineage(&second.release_id).unwrap();
    assert!(!after_lineage.contains(victim));
    assert_eq!(after_lineage.len() + 1, lineage.len(), "only the victim left");
    for m in lineage.member_ids().into_iter().filter(|m| *m != victim) {
        assert_eq!(after_lineage.items(m), lineage.items(m), "member {m} keeps their items");
        assert_eq!(after_lineage.shard(m), lineage.shard(m), "member {m} keeps their shard");
    }
    // The kept shards' lineage is the parent's own file, linked, not rewritten.
    let inode = |release: &str, s: u32| {
        use std::os::unix::fs::MetadataExt;
        let path = releases.dir(release).join(format!("lineage/shard-{s:05}.parquet"));
        std::fs::metadata(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).ino()
    };
    for s in 0..4 {
        let same = inode(&first.release_id, s) == inode(&second.release_id, s);
        assert_eq!(same, s != shard, "shard {s}'s lineage linked from the parent iff it was not retrained");
    }

    // The member report shows where the data was and where it was removed.
    let r = member_report(data, victim).unwrap();
    let old = r.releases.iter().find(|x| x.release_id == first.release_id).unwrap();
    let new = r.releases.iter().find(|x| x.release_id == second.release_id).unwrap();
    assert!(old.included && !old.live);
    assert!(!new.included && new.live);
    assert_eq!(new.removed, old.items);
    assert!(r.datasets.iter().any(|d| d.included));

    // The victim's canary falls to chance; the others keep theirs.
    let after = audit_exposure(data, &second.release_id, &cs).unwrap();
    let victim_after = after.iter().find(|e| e.owner == victim).unwrap();
    assert!(
        victim_after.exposure_bits <= 4.0 && victim_after.shard_exposure_bits <= 4.0,
        "after unlearning: {victim_after:?}"
    );
    assert_eq!(victim_after.owner_shard, shard);
    assert!(ins[0].exposure_bits - victim_after.exposure_bits >= 8.0);
    assert!(plan(data, &net.store, &net.ledger, Purpose::TrainGenai).unwrap().is_none(), "nothing left to do");
}

fn five_grams(text: &str) -> HashSet<Vec<String>> {
    let tokens = assent_models::tokenize(text);
    tokens.windows(5).map(|w| w.to_vec()).collect()
}

#[test]
fn generations_never_reproduce_text_unique_to_excluded_data() {
    let net = network(600, 0);
    let release = export_and_train(&net, Purpose::TrainGenai, "g");
    let releases = Releases::new(net.dir.path());
    let model = releases.load_model(&release).unwrap();
    let lineage: Lineage = releases.lineage(&release.release_id).unwrap();

    // n-grams of the training data, and of what was left out: opted-out and other excluded
    // members' items, and every private message.
    let mut trained: HashSet<Vec<String>> = HashSet::new();
    for s in &release.shards {
        for row in
            assent_export::read_shard(&Path::new(&s.dataset).join(format!("shard-{:05}.parquet", s.shard))).unwrap()
        {
            trained.extend(five_grams(&row.text));
        }
    }
    let mut excluded: HashSet<Vec<String>> = HashSet::new();
    for id in 1..=600u32 {
        let m = net.synth.member(id);
        if !lineage.contains(i64::from(id)) {
            for p in &m.posts {
                excluded.extend(five_grams(&p.text));
            }
            excluded.extend(five_grams(&m.about.text));
        }
        for msg in net.synth.messages(id) {
            excluded.extend(five_grams(&msg.text));
        }
    }
    let unique: HashSet<&Vec<String>> = excluded.iter().filter(|g| !trained.contains(*g)).collect();
    assert!(unique.len() > 100, "the test needs text unique to excluded data: {}", unique.len());

    let mut generated = 0;
    for id in lineage.member_ids().into_iter().take(25) {
        let m = net.synth.member(id as u32);
        let profile = assent_models::ProfileContext {
            name: m.name.clone(),
            headline: m.headline.text.clone(),
            about: m.about.text.clone(),
            skills: m.skills.clone(),
            experience: Vec::new(),
            language: m.language.to_string(),
        };
        for (task, seed) in [
            (assent_models::Task::About, 1),
            (assent_models::Task::Post, 2),
            (assent_models::Task::MessageReply, 3),
            (assent_models::Task::Headline, 4),
        ] {
            let text = assent_models::assist(&model, task, &profile, None, seed);
            assert!(!text.trim().is_empty());
            for g in five_grams(&text) {
                assert!(!unique.contains(&g), "generated {g:?}, unique to excluded data, in `{text}`");
            }
            generated += 1;
        }
    }
    assert_eq!(generated, 100);
    let distinct: BTreeSet<String> = (0..5)
        .map(|s| {
            assent_models::assist(&model, assent_models::Task::Post, &Default::default(), Some("Excited to share"), s)
        })
        .collect();
    assert!(distinct.len() > 1, "different seeds give different drafts");
}

#[test]
fn a_release_that_fails_after_its_models_are_written_leaves_nothing_behind() {
    let net = network(300, 0);
    let data = net.dir.path();
    let first = export_and_train(&net, Purpose::TrainGenai, "g1");
    let releases = Releases::new(data);
    let lineage = releases.lineage(&first.release_id).unwrap();
    let member = lineage.member_ids()[0];
    // The parent's held-out file is damaged: the child fails after writing its shard models,
    // when it merges the held-out texts.
    let heldout = data.join("releases").join(&first.release_id).join("heldout.txt");
    std::fs::write(&heldout, "not a shard line\n").unwrap();
    net.ledger.record(Change::now(member, Purpose::TrainGenai, false, Method::Api)).unwrap();
    let p = plan(data, &net.store, &net.ledger, Purpose::TrainGenai).unwrap().expect("pending work");
    let err = unlearn(data, &net.store, &net.ledger, &p).unwrap_err().to_string();
    assert!(err.contains("heldout.txt") && err.contains("line 1"), "{err}");
    let left: Vec<String> = std::fs::read_dir(data.join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut expected = vec![first.release_id.clone(), "LIVE-train-genai".to_string()];
    expected.sort();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    assert_eq!(left_sorted, expected, "no partial release directory: {left:?}");
    assert_eq!(releases.live(Purpose::TrainGenai).unwrap().unwrap().release_id, first.release_id);
}

#[test]
fn the_member_report_reads_the_same_lineage_as_a_full_load() {
    let net = network(400, 0);
    let data = net.dir.path();
    let first = export_and_train(&net, Purpose::TrainGenai, "g1");
    let releases = Releases::new(data);
    let full = releases.lineage(&first.release_id).unwrap();
    for member in 1..=400 {
        let one = releases.member_lineage(&first, member).unwrap();
        assert_eq!(one.as_ref().map(|l| l.shard), full.shard(member), "member {member}");
        assert_eq!(one.map(|l| l.items).unwrap_or_default(), full.items(member), "member {member}");
    }
}

#[test]
fn a_release_with_one_lineage_file_is_still_read_and_unlearned_from() {
    // Releases published before the lineage was kept per shard hold one `lineage.parquet`.
    let net = network(400, 4);
    let data = net.dir.path();
    let first = export_and_train(&net, Purpose::TrainGenai, "g1");
    let releases = Releases::new(data);
    let lineage = releases.lineage(&first.release_id).unwrap();
    let dir = releases.dir(&first.release_id);
    lineage.write(&dir.join("lineage.parquet")).unwrap();
    std::fs::remove_dir_all(dir.join("lineage")).unwrap();
    // Nor did they keep their shards' held-out terms: the child scores with the kept models.
    std::fs::remove_dir_all(dir.join("terms")).unwrap();
    let reread = releases.lineage(&first.release_id).unwrap();
    assert_eq!(reread.member_ids(), lineage.member_ids());
    for m in lineage.member_ids() {
        let one = releases.member_lineage(&first, m).unwrap().expect("in the release");
        assert_eq!((Some(one.shard), one.items.as_slice()), (lineage.shard(m), lineage.items(m)));
    }

    let victim = lineage.member_ids()[7];
    net.ledger.record(Change::now(victim, Purpose::TrainGenai, false, Method::Api)).unwrap();
    let p = plan(data, &net.store, &net.ledger, Purpose::TrainGenai).unwrap().expect("pending work");
    assert_eq!(p.members, vec![victim]);
    assert_eq!(p.shards, vec![lineage.shard(victim).unwrap()]);
    let second = unlearn(data, &net.store, &net.ledger, &p).unwrap().release;
    let after = releases.lineage(&second.release_id).unwrap();
    assert!(releases.dir(&second.release_id).join("lineage").is_dir(), "the child keeps its lineage per shard");
    let (figure, recomputed) = (second.heldout_perplexity.unwrap(), heldout_perplexity(&releases, &second).unwrap());
    assert!((figure / recomputed - 1.0).abs() < 1e-6, "{figure} vs {recomputed}");
    assert_eq!(after.len() + 1, lineage.len());
    for m in lineage.member_ids().into_iter().filter(|m| *m != victim) {
        assert_eq!((after.shard(m), after.items(m)), (lineage.shard(m), lineage.items(m)), "member {m}");
    }
}
