//! Lake snapshots: the store's and the ledger's tables that the eligibility rule needs, written
//! as Parquet so that any engine (DataFusion here, Ballista on a cluster, DuckDB in the
//! benchmark) can read them.
//!
//! A snapshot as of T holds every member, items created by T (erased text stays
//! erased: `text` is null), every consent event recorded by T, and every policy version. Private
//! messages are never in a snapshot: the store's scan API cannot read them.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assent_ledger::Ledger;
use assent_policy::{Policy, PolicyHistory, Timestamp};
use assent_store::scan::{ItemRow, MemberRow};
use assent_store::Store;
use datafusion::arrow::array::{
    Array, ArrayBuilder, ArrayRef, BooleanBuilder, Date32Builder, Int64Builder, RecordBatch, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};

use crate::error::{io, Error, Result};
use crate::fsx::{ParquetFile, Staging};

/// Rows per record batch written.
const BATCH: usize = 64 * 1024;

/// The timestamp type of every time column: microseconds, UTC.
pub fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

/// `members.parquet`.
pub fn members_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("member_id", DataType::Int64, false),
        Field::new("region", DataType::Utf8, false),
        Field::new("birth_date", DataType::Date32, false),
        Field::new("joined_at", ts_type(), false),
        Field::new("closed_at", ts_type(), true),
    ]))
}

/// `items.parquet`.
pub fn items_schema() -> SchemaRef {
    let mut fields = unlabelled_items_schema().fields().to_vec();
    // The text's language as the store labelled it when the text was written; null once erased
    // (and where the store has none, which the export then labels from the text).
    fields.push(Arc::new(Field::new("lang", DataType::Utf8, true)));
    Arc::new(Schema::new(fields))
}

/// `items.parquet` as snapshots taken before the store labelled languages wrote it: without
/// `lang`. An export of such a snapshot finds each text's language itself.
fn unlabelled_items_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("item_id", DataType::Int64, false),
        Field::new("member_id", DataType::Int64, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("visibility", DataType::Utf8, false),
        Field::new("visibility_since", ts_type(), false),
        Field::new("created_at", ts_type(), false),
        Field::new("deleted_at", ts_type(), true),
        Field::new("text", DataType::Utf8, true),
    ]))
}

/// `consent_events.parquet`.
pub fn consent_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("seq", DataType::Int64, false),
        Field::new("member_id", DataType::Int64, false),
        Field::new("purpose", DataType::Utf8, false),
        Field::new("value", DataType::Boolean, false),
        Field::new("recorded_at", ts_type(), false),
    ]))
}

/// `policies.parquet`.
pub fn policies_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("version", DataType::Utf8, false),
        Field::new("effective_at", ts_type(), false),
        Field::new("source", DataType::Utf8, false),
    ]))
}

/// Rows per row group of the lake's tables. An engine splits a scan at row-group boundaries, so
/// this bounds how finely a plan's tasks divide a table: 64 Ki rows gives a 10 M-item lake 153
/// pieces to share among a cluster's task slots (the writer's default, 1 Mi rows, gave 10).
pub const LAKE_ROW_GROUP: usize = 64 * 1024;

/// Parquet writer settings shared by the lake and the datasets: zstd, deterministic output.
pub(crate) fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1).expect("valid level")))
        .set_created_by("assent".to_string())
        .build()
}

/// What `snapshot.json` records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// The instant the snapshot describes (RFC 3339).
    pub as_of: Timestamp,
    /// When it was taken (RFC 3339).
    pub taken_at: Timestamp,
    /// The ledger's last sequence number included.
    pub ledger_last_seq: i64,
    /// Rows in `members.parquet`.
    pub members: u64,
    /// Rows in `items.parquet`.
    pub items: u64,
    /// Rows in `consent_events.parquet`.
    pub consent_events: u64,
    /// Rows in `policies.parquet`.
    pub policies: u64,
}

/// A snapshot: Parquet tables in its directory, or (an unlearning pass's, read once by an
/// export in the same process) the same tables held in memory, never written.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Its directory; for a snapshot held in memory, the name it is known by (no such directory).
    pub dir: PathBuf,
    /// Its description.
    pub info: SnapshotInfo,
    memory: Option<Arc<Tables>>,
    /// Whether `items` has the `lang` column (see [`unlabelled_items_schema`]).
    labelled: bool,
}

/// A snapshot's tables held in memory, in the order their files would hold them.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub(crate) members: Vec<RecordBatch>,
    pub(crate) items: Vec<RecordBatch>,
    pub(crate) consent_events: Vec<RecordBatch>,
    pub(crate) policies: Vec<RecordBatch>,
}

/// The function giving a table's schema.
type SchemaOf = fn() -> SchemaRef;

/// A snapshot's tables, by name, with their schemas.
const TABLES: [(&str, SchemaOf); 4] = [
    ("members", members_schema),
    ("items", items_schema),
    ("consent_events", consent_schema),
    ("policies", policies_schema),
];

impl Tables {
    /// A table by name, with its schema.
    pub(crate) fn table(&self, name: &str) -> Option<(&[RecordBatch], SchemaRef)> {
        let (_, schema) = TABLES.iter().find(|(t, _)| *t == name)?;
        let batches = match name {
            "members" => &self.members,
            "items" => &self.items,
            "consent_events" => &self.consent_events,
            _ => &self.policies,
        };
        Some((batches, schema()))
    }
}

/// Where a snapshot's tables are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Parquet files in a new directory, published atomically: any engine, in any process.
    Files,
    /// Record batches in memory, for an export in this process.
    Memory,
}

impl Snapshot {
    /// The table files, by name.
    pub fn table(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.parquet"))
    }

    /// Its tables, when they are held in memory rather than in files.
    pub(crate) fn in_memory(&self) -> Option<&Tables> {
        self.memory.as_deref()
    }

    /// Whether its items carry the languages the store labelled (a snapshot taken before the
    /// store kept them does not).
    pub fn labelled(&self) -> bool {
        self.labelled
    }

    /// The instant the snapshot describes.
    pub fn as_of(&self) -> Result<Timestamp> {
        Ok(self.info.as_of)
    }

    /// Opens a snapshot directory, checking that every table is there.
    pub fn open(dir: &Path) -> Result<Snapshot> {
        let inconsistent = |detail: String| Error::Inconsistent { dir: dir.to_path_buf(), detail };
        let meta = dir.join("snapshot.json");
        let text =
            std::fs::read_to_string(&meta).map_err(|e| inconsistent(format!("cannot read snapshot.json: {e}")))?;
        let info: SnapshotInfo =
            serde_json::from_str(&text).map_err(|e| inconsistent(format!("snapshot.json: {e}")))?;
        let mut snapshot = Snapshot { dir: dir.to_path_buf(), info, memory: None, labelled: true };
        for (t, schema) in TABLES {
            let schema = schema();
            let path = snapshot.table(t);
            if !path.is_file() {
                return Err(inconsistent(format!("table {t}.parquet is missing")));
            }
            // The footer is checked here, by the reader that bounds every length by the file's
            // size, before any engine trusts it.
            let checked = crate::fsx::check_footer(&path, &schema);
            if checked.is_err() && t == "items" && crate::fsx::check_footer(&path, &unlabelled_items_schema()).is_ok() {
                snapshot.labelled = false;
                continue;
            }
            checked?;
        }
        Ok(snapshot)
    }

    /// The policy history stored in the snapshot.
    pub fn policies(&self) -> Result<PolicyHistory> {
        let path = self.table("policies");
        let batches = match &self.memory {
            Some(tables) => tables.policies.clone(),
            None => {
                let file = File::open(&path).map_err(io(&path))?;
                let reader = datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader::try_new(file, 1024)
                    .map_err(crate::fsx::parquet(&path))?;
                reader
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?
            }
        };
        let mut versions = Vec::new();
        for batch in batches {
            let col = batch
                .column_by_name("source")
                .and_then(|c| c.as_any().downcast_ref::<datafusion::arrow::array::StringArray>())
                .ok_or_else(|| Error::Inconsistent {
                    dir: self.dir.clone(),
                    detail: "policies.source is not text".into(),
                })?;
            for i in 0..col.len() {
                versions.push(Policy::parse(&format!("{} (policy {i})", path.display()), col.value(i))?);
            }
        }
        Ok(PolicyHistory::new(versions)?)
    }
}

/// Where one table of a snapshot being taken goes.
enum Sink {
    File(Box<ParquetFile>),
    Memory(Vec<RecordBatch>),
}

impl Sink {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match self {
            Sink::File(f) => f.write(batch),
            Sink::Memory(batches) => {
                if batch.num_rows() > 0 {
                    batches.push(batch.clone());
                }
                Ok(())
            }
        }
    }

    /// Closes a file; returns the batches held in memory.
    fn close(self) -> Result<Vec<RecordBatch>> {
        match self {
            Sink::File(f) => f.close().map(|()| Vec::new()),
            Sink::Memory(batches) => Ok(batches),
        }
    }
}

fn sink(staging: Option<&Staging>, name: &str, schema: SchemaRef, part: &LedgerPart) -> Result<Sink> {
    match staging {
        Some(staging) => writer(staging, name, schema, part).map(|f| Sink::File(Box::new(f))),
        None => Ok(Sink::Memory(Vec::new())),
    }
}

fn writer(staging: &Staging, name: &str, schema: SchemaRef, part: &LedgerPart) -> Result<ParquetFile> {
    let props = match part {
        LedgerPart::Every => writer_properties().into_builder().set_max_row_group_row_count(Some(LAKE_ROW_GROUP)),
        // An unlearning pass reads its snapshot once and removes it: not worth compressing, and
        // small row groups let the few shards' items still split across the export's threads.
        LedgerPart::LatestChoices => writer_properties()
            .into_builder()
            .set_compression(Compression::UNCOMPRESSED)
            .set_max_row_group_row_count(Some(SCRATCH_ROW_GROUP)),
    };
    ParquetFile::create(&staging.path(&format!("{name}.parquet")), schema, props.build())
}

/// Rows per row group (or batch, in memory) of an unlearning pass's snapshot: small enough
/// that a few shards' items still split across the export's threads.
const SCRATCH_ROW_GROUP: usize = 8 * 1024;

struct MemberBatch {
    id: Int64Builder,
    region: StringBuilder,
    birth: Date32Builder,
    joined: TimestampMicrosecondBuilder,
    closed: TimestampMicrosecondBuilder,
}

impl MemberBatch {
    fn new() -> Self {
        MemberBatch {
            id: Int64Builder::with_capacity(BATCH),
            region: StringBuilder::new(),
            birth: Date32Builder::with_capacity(BATCH),
            joined: TimestampMicrosecondBuilder::with_capacity(BATCH).with_timezone("UTC"),
            closed: TimestampMicrosecondBuilder::with_capacity(BATCH).with_timezone("UTC"),
        }
    }
    fn push(&mut self, m: &MemberRow) -> Result<()> {
        let date = chrono_days(&m.birth_date)
            .ok_or_else(|| Error::Invalid(format!("member {}: bad birth date `{}`", m.id, m.birth_date)))?;
        self.id.append_value(m.id);
        self.region.append_value(&m.region);
        self.birth.append_value(date);
        self.joined.append_value(m.joined_at.0);
        self.closed.append_option(m.closed_at.map(|t| t.0));
        Ok(())
    }
    fn finish(&mut self) -> Result<RecordBatch> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.region.finish()),
            Arc::new(self.birth.finish()),
            Arc::new(self.joined.finish()),
            Arc::new(self.closed.finish()),
        ];
        Ok(RecordBatch::try_new(members_schema(), cols)?)
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn chrono_days(s: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days() as i32)
}

struct ItemBatch {
    id: Int64Builder,
    member: Int64Builder,
    kind: StringBuilder,
    vis: StringBuilder,
    vis_since: TimestampMicrosecondBuilder,
    created: TimestampMicrosecondBuilder,
    deleted: TimestampMicrosecondBuilder,
    text: StringBuilder,
    lang: StringBuilder,
}

impl ItemBatch {
    fn new() -> Self {
        let ts = || TimestampMicrosecondBuilder::with_capacity(BATCH).with_timezone("UTC");
        ItemBatch {
            id: Int64Builder::with_capacity(BATCH),
            member: Int64Builder::with_capacity(BATCH),
            kind: StringBuilder::new(),
            vis: StringBuilder::new(),
            vis_since: ts(),
            created: ts(),
            deleted: ts(),
            text: StringBuilder::new(),
            lang: StringBuilder::with_capacity(BATCH, BATCH * 2),
        }
    }
    fn push(&mut self, i: &ItemRow) {
        self.id.append_value(i.id);
        self.member.append_value(i.member_id);
        self.kind.append_value(i.kind.as_str());
        self.vis.append_value(i.visibility.as_str());
        self.vis_since.append_value(i.visibility_since.0);
        self.created.append_value(i.created_at.0);
        self.deleted.append_option(i.deleted_at.map(|t| t.0));
        // Erasure: a deleted item's text is gone from the store; never write one even if asked.
        let text = if i.deleted_at.is_some() { None } else { i.text.as_deref() };
        self.text.append_option(text);
        // The store's label, as it is: where there is none, the export labels the text.
        self.lang.append_option(text.and(i.lang));
    }
    fn finish(&mut self) -> Result<RecordBatch> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.member.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.vis.finish()),
            Arc::new(self.vis_since.finish()),
            Arc::new(self.created.finish()),
            Arc::new(self.deleted.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.lang.finish()),
        ];
        Ok(RecordBatch::try_new(items_schema(), cols)?)
    }
}

/// Takes a snapshot as of `as_of` into a new directory `dir` (published atomically).
/// `progress` is told how many items were written so far.
pub fn snapshot(
    store: &Store,
    ledger: &Ledger,
    dir: &Path,
    as_of: Timestamp,
    mut progress: impl FnMut(u64),
) -> Result<Snapshot> {
    take(store, ledger, dir, Storage::Files, as_of, &|_| true, LedgerPart::Every, &mut progress)
}

/// Consent events being gathered into one record batch.
#[derive(Default)]
struct ConsentBatch {
    seq: Int64Builder,
    member: Int64Builder,
    purpose: StringBuilder,
    value: BooleanBuilder,
    at: TimestampMicrosecondBuilder,
}

impl ConsentBatch {
    fn push(&mut self, e: &assent_ledger::Event) {
        self.seq.append_value(e.seq);
        self.member.append_value(e.member);
        self.purpose.append_value(e.purpose.as_str());
        self.value.append_value(e.value);
        self.at.append_value(e.recorded_at.0);
    }

    /// Rows pushed since the last batch.
    fn len(&self) -> usize {
        self.seq.len()
    }

    /// The rows pushed since the last call, as a batch; the builders start empty again.
    fn finish(&mut self) -> Result<RecordBatch> {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.seq.finish()),
            Arc::new(self.member.finish()),
            Arc::new(self.purpose.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.at.finish().with_timezone("UTC")),
        ];
        Ok(RecordBatch::try_new(consent_schema(), cols)?)
    }
}

/// A snapshot of only the members `keep` accepts: what unlearning needs to re-export a few
/// shards without copying the whole network. Of the consent ledger it holds only what the
/// eligibility rule reads as of `as_of`: each kept member's latest event per purpose at or before
/// it (from the ledger's index, not the database), so that its cost follows the members, not
/// the length of the ledger. An export of it is the same, byte for byte, as one of a full
/// snapshot. With [`Storage::Memory`] nothing is written: `dir` only names it.
pub fn snapshot_of(
    store: &Store,
    ledger: &Ledger,
    dir: &Path,
    storage: Storage,
    as_of: Timestamp,
    keep: &dyn Fn(i64) -> bool,
    mut progress: impl FnMut(u64),
) -> Result<Snapshot> {
    take(store, ledger, dir, storage, as_of, keep, LedgerPart::LatestChoices, &mut progress)
}

/// What of the consent ledger a snapshot holds.
enum LedgerPart {
    /// Every event recorded by the instant (a lake snapshot).
    Every,
    /// Each kept member's latest event per purpose by the instant (unlearning).
    LatestChoices,
}

#[allow(clippy::too_many_arguments)]
fn take(
    store: &Store,
    ledger: &Ledger,
    dir: &Path,
    storage: Storage,
    as_of: Timestamp,
    keep: &dyn Fn(i64) -> bool,
    part: LedgerPart,
    progress: &mut dyn FnMut(u64),
) -> Result<Snapshot> {
    let staging = match storage {
        Storage::Files => Some(Staging::new(dir)?),
        Storage::Memory => None,
    };
    // An unlearning pass's snapshot is taken inside the server: it is built in small batches
    // whatever its storage, so that it never holds more than a row group's rows in memory.
    let batch_rows = match (storage, &part) {
        (Storage::Files, LedgerPart::Every) => BATCH,
        _ => SCRATCH_ROW_GROUP,
    };
    let mut tables = Tables::default();
    let taken_at = Timestamp::now();
    if as_of > taken_at {
        return Err(Error::Invalid(format!("cannot snapshot as of {as_of}, which is in the future")));
    }
    // Ledger first, then the store: a consent change that lands in between is in the ledger copy
    // and governs items that the store copy may or may not hold — never the other way round.
    // The ledger is read on a connection of its own, so settings keep being written meanwhile.
    ledger.refresh()?;
    let events = match part {
        LedgerPart::Every => Some(ledger.reader()?),
        LedgerPart::LatestChoices => None,
    };
    let last_seq = events.as_ref().map_or_else(|| ledger.index().last_seq(), |r| r.last_seq());
    let mut scan = store.scan()?;

    let mut info = SnapshotInfo {
        as_of,
        taken_at,
        ledger_last_seq: last_seq,
        members: 0,
        items: 0,
        consent_events: 0,
        policies: 0,
    };

    // A few members (unlearning a few shards): look them and their items up; otherwise scan
    // them all. Which ones is decided from the ids alone, without reading every member's row.
    let ids = scan.member_ids()?;
    let all_members = ids.len();
    let kept: Vec<i64> = ids.into_iter().filter(|m| keep(*m)).collect();
    let few = kept.len() * 4 < all_members;
    let mut w = sink(staging.as_ref(), "members", members_schema(), &part)?;
    let mut b = MemberBatch::new();
    let mut n = 0usize;
    let mut add = |m: assent_store::scan::MemberRow| -> Result<()> {
        if !keep(m.id) {
            return Ok(());
        }
        b.push(&m)?;
        n += 1;
        info.members += 1;
        if n == batch_rows {
            w.write(&b.finish()?)?;
            n = 0;
        }
        Ok(())
    };
    if few {
        scan.members_of(&kept, &mut add)?;
    } else {
        scan.members(&mut add)?;
    }
    w.write(&b.finish()?)?;
    tables.members = w.close()?;

    let mut w = sink(staging.as_ref(), "items", items_schema(), &part)?;
    let mut b = ItemBatch::new();
    let mut n = 0usize;
    let mut add = |i: assent_store::scan::ItemRow| -> Result<()> {
        if !keep(i.member_id) {
            return Ok(());
        }
        b.push(&i);
        n += 1;
        info.items += 1;
        if n == batch_rows {
            w.write(&b.finish()?)?;
            n = 0;
            progress(info.items);
        }
        Ok(())
    };
    if few {
        scan.items_of(as_of, &kept, &mut add)?;
    } else {
        scan.items(as_of, &mut add)?;
    }
    w.write(&b.finish()?)?;
    tables.items = w.close()?;
    progress(info.items);

    let mut w = sink(staging.as_ref(), "consent_events", consent_schema(), &part)?;
    let mut b = ConsentBatch::default();
    let mut add = |e: assent_ledger::Event| -> Result<()> {
        b.push(&e);
        info.consent_events += 1;
        if b.len() == batch_rows {
            w.write(&b.finish()?)?;
        }
        Ok(())
    };
    match events {
        Some(events) => events.events(|e| if e.recorded_at <= as_of && keep(e.member) { add(e) } else { Ok(()) })?,
        None => ledger.latest_events(&kept, as_of, last_seq, add)?,
    }
    w.write(&b.finish()?)?;
    tables.consent_events = w.close()?;

    let mut w = sink(staging.as_ref(), "policies", policies_schema(), &part)?;
    {
        let policies = ledger.policies();
        let mut version = StringBuilder::new();
        let mut effective = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut source = StringBuilder::new();
        for p in policies.versions() {
            version.append_value(p.version());
            effective.append_value(p.effective().0);
            source.append_value(p.source());
            info.policies += 1;
        }
        let cols: Vec<ArrayRef> =
            vec![Arc::new(version.finish()), Arc::new(effective.finish()), Arc::new(source.finish())];
        w.write(&RecordBatch::try_new(policies_schema(), cols)?)?;
    }
    tables.policies = w.close()?;

    let Some(staging) = staging else {
        return Ok(Snapshot { dir: dir.to_path_buf(), info, memory: Some(Arc::new(tables)), labelled: true });
    };
    let meta = staging.path("snapshot.json");
    std::fs::write(&meta, serde_json::to_string_pretty(&info)?).map_err(io(&meta))?;
    let dir = staging.publish()?;
    Ok(Snapshot { dir, info, memory: None, labelled: true })
}
