//! Integration tests of snapshots and the export: a property test against a naive reference
//! written straight from DESIGN.md (with the network in SQLite and in PostgreSQL), determinism,
//! and atomic publication.

mod world;

use std::collections::BTreeSet;
use std::path::Path;

use assent_export::{export, snapshot, ExportConfig, Manifest, Storage};
use assent_ledger::scratch::Place;
use assent_policy::{Purpose, Timestamp};
use datafusion::arrow::array::{AsArray, Int64Array};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader;
use proptest::prelude::*;

use world::World;

/// (item_id, member_id, text) of every row of a dataset's shards.
pub fn read_dataset(dir: &Path) -> Vec<(String, i64, String)> {
    let manifest = Manifest::read(dir).unwrap();
    let mut rows = Vec::new();
    for s in &manifest.shards {
        let reader = ParquetRecordBatchReader::try_new(std::fs::File::open(dir.join(&s.file)).unwrap(), 1024).unwrap();
        let mut n = 0;
        for b in reader {
            let b = b.unwrap();
            let ids = b.column(0).as_string::<i32>();
            let members = b.column(1).as_any().downcast_ref::<Int64Array>().unwrap();
            let texts = b.column(3).as_string::<i32>();
            for i in 0..b.num_rows() {
                rows.push((ids.value(i).to_string(), members.value(i), texts.value(i).to_string()));
                n += 1;
            }
        }
        assert_eq!(n, s.rows, "manifest row count of {}", s.file);
    }
    rows
}

fn config(purpose: Purpose, shards: u32) -> ExportConfig {
    ExportConfig { purpose, shards, threads: 2, only_shards: None }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_equals_the_naive_reference(world in world::arb_world(), as_of_day in 0i64..420, genai in any::<bool>()) {
        let purpose = if genai { Purpose::TrainGenai } else { Purpose::TrainAi };
        let as_of = Timestamp(world::START + as_of_day * world::DAY);
        // The same world from SQLite files and from a PostgreSQL database.
        let dir = tempfile::tempdir().unwrap();
        export_equals_the_naive_reference_from(&World::build(dir.path(), &world), dir.path(), &world, as_of, purpose)?;
        let place = Place::postgres();
        let dir = tempfile::tempdir().unwrap();
        export_equals_the_naive_reference_from(&World::build_in_postgres(&place.db, &world), dir.path(), &world, as_of, purpose)?;
    }
}

fn export_equals_the_naive_reference_from(
    w: &World,
    dir: &Path,
    world: &world::WorldSpec,
    as_of: Timestamp,
    purpose: Purpose,
) -> Result<(), TestCaseError> {
    let snap = snapshot(&w.store, &w.ledger, &dir.join("snap"), as_of, |_| {}).unwrap();
    let out = dir.join("dataset");
    let manifest = export(&snap, &out, &config(purpose, 3), |_| {}).unwrap();
    let rows = read_dataset(&out);

    let got: BTreeSet<i64> = rows.iter().map(|r| r.0.parse().unwrap()).collect();
    let expected = world::naive_included(world, purpose, as_of);
    prop_assert_eq!(&got, &expected);
    prop_assert_eq!(manifest.included(), expected.len() as u64);
    let excluded: u64 = manifest.excluded_by_reason.values().sum();
    prop_assert_eq!(excluded + manifest.included(), world::items_created_by(world, as_of));
    for (_, member, text) in &rows {
        prop_assert!(!text.contains("MESSAGE-"), "a private message leaked");
        prop_assert!(!world.members[(*member - 1) as usize].minor_at(as_of), "a minor's item");
        prop_assert_eq!(
            assent_export::udf::shard_of(*member, 3) as usize,
            rows.iter()
                .filter(|r| r.1 == *member)
                .map(|r| assent_export::udf::shard_of(r.1, 3) as usize)
                .next()
                .unwrap()
        );
    }
    Ok(())
}

#[test]
fn exports_are_deterministic_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    let as_of = Timestamp(world::START + 400 * world::DAY);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), as_of, |_| {}).unwrap();
    let a = export(&snap, &dir.path().join("a"), &config(Purpose::TrainGenai, 4), |_| {}).unwrap();
    let one_thread = ExportConfig { threads: 1, ..config(Purpose::TrainGenai, 4) };
    let b = export(&snap, &dir.path().join("b"), &one_thread, |_| {}).unwrap();
    assert!(a.included() > 0);
    assert_eq!(a.dataset_id, b.dataset_id, "the same bytes whatever the number of threads");
    for (x, y) in a.shards.iter().zip(&b.shards) {
        assert_eq!(x.sha256, y.sha256);
        assert_eq!(
            std::fs::read(dir.path().join("a").join(&x.file)).unwrap(),
            std::fs::read(dir.path().join("b").join(&y.file)).unwrap()
        );
    }
    let err = export(&snap, &dir.path().join("a"), &config(Purpose::TrainGenai, 4), |_| {}).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let err = export(&snap, &dir.path().join("c"), &config(Purpose::TrainGenai, 0), |_| {}).unwrap_err();
    assert!(err.to_string().contains("--shards"), "{err}");
    assert!(!dir.path().join("c").exists());
    let lineage = assent_export::Lineage::open(&dir.path().join("a")).unwrap();
    assert_eq!(lineage.len() as u64, a.members);
    // Every row records its text's language.
    let mut langs = std::collections::BTreeMap::new();
    for s in &a.shards {
        for row in assent_export::read_shard(&dir.path().join("a").join(&s.file)).unwrap() {
            assert_eq!(row.lang, assent_policy::language::detect(&row.text), "{row:?}");
            *langs.entry(row.lang).or_insert(0) += 1;
        }
    }
    assert!(langs.get("fr").is_some_and(|n| *n > 0) && langs.get("en").is_some_and(|n| *n > 0), "{langs:?}");

    // Exporting only some shards gives exactly those shards' files, byte for byte.
    let partial = ExportConfig { only_shards: Some(vec![1, 3]), ..config(Purpose::TrainGenai, 4) };
    let p = export(&snap, &dir.path().join("p"), &partial, |_| {}).unwrap();
    assert_eq!(p.shards.iter().map(|s| s.shard).collect::<Vec<_>>(), vec![1, 3]);
    for s in &p.shards {
        assert_eq!(s.sha256, a.shards[s.shard as usize].sha256);
    }
    assert!(!dir.path().join("p").join("shard-00000.parquet").exists());
    // A snapshot of one shard's members only (looked up member by member), in files or held in
    // memory, exports that shard byte for byte as the full snapshot does.
    let full8 = export(&snap, &dir.path().join("full8"), &config(Purpose::TrainGenai, 8), |_| {}).unwrap();
    // Shard 5 holds eligible items; shard 0 holds members who made a choice, and nothing of it
    // is eligible: both compare as the full snapshot's.
    for ((shard, rows), storage) in
        [(5, 19), (0, 0)].into_iter().flat_map(|s| [(s, Storage::Files), (s, Storage::Memory)])
    {
        let keep = |m: i64| assent_export::udf::shard_of(m, 8) == shard;
        let dir = dir.path().join(format!("part{shard}-{storage:?}"));
        let part_snap =
            assent_export::snapshot_of(&w.store, &w.ledger, &dir.join("snap"), storage, as_of, &keep, |_| {}).unwrap();
        // Held in memory, nothing is written.
        assert_eq!(dir.join("snap").exists(), storage == Storage::Files);
        assert!(part_snap.info.members * 4 < snap.info.members, "the per-member path is taken");
        // Of the ledger, only each member's latest event per purpose as of the instant: what the
        // rule reads.
        let latest: u64 = (1..=40i64)
            .filter(|&m| keep(m))
            .map(|m| {
                let events = w.ledger.history(m).unwrap();
                let chose = |p: &&Purpose| events.iter().any(|e| e.purpose == **p && e.recorded_at <= as_of);
                Purpose::ALL.iter().filter(chose).count() as u64
            })
            .sum();
        assert_eq!(part_snap.info.consent_events, latest);
        assert_eq!(latest > 0, shard == 0);
        let only = ExportConfig { only_shards: Some(vec![shard]), ..config(Purpose::TrainGenai, 8) };
        let p = export(&part_snap, &dir.join("out"), &only, |_| {}).unwrap();
        assert_eq!((p.shards[0].rows, full8.shards[shard as usize].rows), (rows, rows));
        assert_eq!(p.shards[0].sha256, full8.shards[shard as usize].sha256);
    }

    let bad = ExportConfig { only_shards: Some(vec![9]), ..config(Purpose::TrainGenai, 4) };
    assert!(export(&snap, &dir.path().join("q"), &bad, |_| {}).unwrap_err().to_string().contains("shard 9"));
}

/// The export writes each shard as its plan's partitions give it, sorting only if they lost
/// the snapshot's (member, item) order, and writes the lineage beside the shards only if they
/// did not: the plan must keep it, even where most members made no choice.
#[test]
fn the_plan_keeps_the_snapshot_order_in_every_partition() {
    use futures::StreamExt;
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    let as_of = Timestamp(world::START + 400 * world::DAY);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), as_of, |_| {}).unwrap();
    let chose: BTreeSet<i64> =
        (1..=40i64).filter(|m| w.ledger.history(*m).unwrap().iter().any(|e| e.recorded_at <= as_of)).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let partitions: Vec<Vec<(i64, i64)>> = runtime.block_on(async {
        let ctx = assent_export::session(&snap, 2).await.unwrap();
        let sql = assent_export::plan_sql(&snap, &config(Purpose::TrainGenai, 4)).unwrap();
        let mut out = Vec::new();
        for mut stream in ctx.sql(&sql).await.unwrap().execute_stream_partitioned().await.unwrap() {
            let mut rows = Vec::new();
            while let Some(batch) = stream.next().await {
                let batch = batch.unwrap();
                let items = batch.column_by_name("item_id").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
                let members = batch.column_by_name("member_id").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
                rows.extend(members.values().iter().copied().zip(items.values().iter().copied()));
            }
            out.push(rows);
        }
        out
    });
    let all: Vec<(i64, i64)> = partitions.concat();
    assert_eq!(all.len() as u64, snap.info.items, "every item comes out once");
    // Members who made a choice and members who did not share the plan's batches.
    let members: BTreeSet<i64> = all.iter().map(|r| r.0).collect();
    assert!(members.iter().any(|m| chose.contains(m)) && members.iter().any(|m| !chose.contains(m)), "{chose:?}");
    assert!(all.windows(2).all(|w| w[0] < w[1]), "partitions in order, each sorted by (member, item): {all:?}");
}

#[test]
fn an_inconsistent_snapshot_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    let as_of = Timestamp(world::START + 400 * world::DAY);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), as_of, |_| {}).unwrap();
    // Break the snapshot: members.parquet from an empty world, items from the real one.
    let empty_dir = tempfile::tempdir().unwrap();
    let empty = World::build(empty_dir.path(), &world::WorldSpec::default());
    let empty_snap = snapshot(&empty.store, &empty.ledger, &empty_dir.path().join("snap"), as_of, |_| {}).unwrap();
    std::fs::copy(empty_snap.table("members"), snap.table("members")).unwrap();
    let out = dir.path().join("dataset");
    let err = export(&snap, &out, &config(Purpose::TrainGenai, 2), |_| {}).unwrap_err();
    assert!(err.to_string().contains("missing from the snapshot"), "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_table_whose_footer_overstates_its_metadata_is_refused_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    let as_of = Timestamp(world::START + 400 * world::DAY);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), as_of, |_| {}).unwrap();
    // Magic, a few bytes, then a footer claiming 4 GiB of metadata in a 20-byte file.
    let mut forged = b"PAR1\0\0\0\0\0\0\0\0".to_vec();
    forged.extend_from_slice(&u32::MAX.to_le_bytes());
    forged.extend_from_slice(b"PAR1");
    std::fs::write(snap.table("items"), &forged).unwrap();
    let err = assent_export::Snapshot::open(&dir.path().join("snap")).unwrap_err().to_string();
    assert!(err.contains("items.parquet"), "the error names the file: {err}");
}

#[test]
fn a_table_whose_footer_carries_a_foreign_arrow_schema_is_refused_not_a_panic() {
    // The fuzz input that made arrow-ipc panic on a field of type NONE while the export
    // registered the tables (its first byte picks the table: 2, consent_events).
    let input = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/snapshot/foreign-arrow-schema-type-none"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), Timestamp::now(), |_| {}).unwrap();
    assert!(assent_export::Snapshot::open(&snap.dir).is_ok());
    std::fs::write(snap.dir.join("consent_events.parquet"), &input[1..]).unwrap();
    let err = assent_export::Snapshot::open(&snap.dir).unwrap_err().to_string();
    assert!(err.contains("consent_events.parquet"), "{err}");
    // The same bytes as a dataset shard.
    let shard = dir.path().join("shard-00000.parquet");
    std::fs::write(&shard, &input[1..]).unwrap();
    let err = assent_export::read_shard(&shard).unwrap_err().to_string();
    assert!(err.contains("shard-00000.parquet"), "{err}");
}

#[test]
fn the_shards_carry_the_languages_the_store_labelled_and_a_snapshot_without_them_still_exports() {
    let dir = tempfile::tempdir().unwrap();
    let world = world::fixed_world();
    let w = World::build(dir.path(), &world);
    // Every text labelled French in the store: the export writes the store's label and does
    // not read the texts again.
    w.store.with_transaction(|tx| tx.execute("UPDATE items SET lang = 'fr' WHERE text IS NOT NULL", &[])).unwrap();
    let as_of = Timestamp(world::START + 400 * world::DAY);
    let snap = snapshot(&w.store, &w.ledger, &dir.path().join("snap"), as_of, |_| {}).unwrap();
    assert!(snap.labelled());
    let langs = |dataset: &Path| -> Vec<(String, String, String)> {
        let manifest = Manifest::read(dataset).unwrap();
        let rows = manifest.shards.iter().flat_map(|s| assent_export::read_shard(&dataset.join(&s.file)).unwrap());
        rows.map(|r| (r.item_id, r.text, r.lang)).collect()
    };
    export(&snap, &dir.path().join("a"), &config(Purpose::TrainGenai, 4), |_| {}).unwrap();
    let a = langs(&dir.path().join("a"));
    assert!(!a.is_empty());
    assert!(a.iter().all(|(_, _, lang)| lang == "fr"), "{a:?}");
    assert!(a.iter().any(|(_, text, _)| assent_policy::language::detect(text) == "en"), "the world has English texts");

    // The same snapshot as one taken before the store labelled languages: `items` without `lang`.
    let path = snap.table("items");
    let reader = ParquetRecordBatchReader::try_new(std::fs::File::open(&path).unwrap(), 1024).unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap().project(&(0..8).collect::<Vec<_>>()).unwrap()).collect();
    let file = std::fs::File::create(&path).unwrap();
    let mut writer = datafusion::parquet::arrow::ArrowWriter::try_new(file, batches[0].schema(), None).unwrap();
    for b in &batches {
        writer.write(b).unwrap();
    }
    writer.close().unwrap();
    let old = assent_export::Snapshot::open(&snap.dir).unwrap();
    assert!(!old.labelled());
    export(&old, &dir.path().join("b"), &config(Purpose::TrainGenai, 4), |_| {}).unwrap();
    let b = langs(&dir.path().join("b"));
    assert_eq!(b.iter().map(|r| &r.0).collect::<Vec<_>>(), a.iter().map(|r| &r.0).collect::<Vec<_>>());
    for (_, text, lang) in &b {
        assert_eq!(lang, assent_policy::language::detect(text), "{text:?}");
    }
    assert!(b.iter().any(|(_, _, lang)| lang == "en"), "{b:?}");
}
