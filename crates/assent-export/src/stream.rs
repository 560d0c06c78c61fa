//! Shards written as the plan produces them, so that the dataset is never held whole in memory.
//!
//! Each partition task of the export plan encodes its included rows of each shard into Parquet
//! row groups as they arrive (item ids as text, language, compression), and keeps the encoded
//! pages in a spill file of its own. Once every partition is done, each shard's file is put
//! together from its partitions' row groups, in order, by copying the encoded column chunks: no
//! page is decoded or compressed twice.
//!
//! A row group starts at the first row of a member whose id is a *boundary* (one member in
//! [`GROUP_MEMBERS`], by hash), and at the shard's first row. Where row groups fall therefore
//! depends on the rows alone, never on how the plan split them into partitions and batches, and
//! a shard file has the same bytes on any number of threads. A partition cannot know whether
//! its first rows continue a row group of the partition before it, so it keeps them as rows up
//! to its first boundary (its *head*), and the rows after its last boundary too (its *tail*);
//! the assembly encodes a tail and the heads after it as the one row group they form.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use assent_policy::mix::{hex, splitmix64};
use assent_policy::Kind;
use bytes::Bytes;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int32Array, Int64Array, RecordBatch, StringBuilder};
use datafusion::arrow::compute::concat_batches;
use datafusion::parquet::arrow::arrow_writer::{compute_leaves, ArrowColumnChunk, ArrowRowGroupWriterFactory};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::column::page_store::{PageKey, PageStore, PageStoreArgs, PageStoreFactory};
use datafusion::parquet::errors::ParquetError;
use datafusion::parquet::file::writer::SerializedFileWriter;
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::export::{item_id_strings, languages, lineage_schema, routed_schema, shard_properties, shard_schema};
use crate::export::{kind_counts, sync_file, Counts, ShardEntry, Verdicts};
use crate::fsx::{parquet, ParquetFile};
use crate::lineage::{lineage_properties, LINEAGE_ROW_GROUP};

/// One member in this many (by hash of the id) starts a row group of a shard file: with about
/// six included items per member, row groups of about 6 000 rows.
pub(crate) const GROUP_MEMBERS: u64 = 1024;

/// Whether a row group starts at `member`'s first row (any shard's).
pub(crate) fn boundary(member: i64) -> bool {
    // Not the shard hash (FNV-1a), so that boundaries fall evenly within every shard.
    splitmix64(member as u64 ^ 0xA55E_47B0_0C1D_2F3E_u64).is_multiple_of(GROUP_MEMBERS)
}

/// (member_id, item_id): the order of every shard's rows.
type Key = (i64, i64);

/// Whether the row `key`, coming right after the row `last` of the same shard, starts a row group.
fn starts_group(last: Key, key: Key) -> bool {
    key.0 != last.0 && boundary(key.0)
}

/// Rows of one shard, encoded as a row group whose pages wait in a spill file (or in memory).
struct Group {
    chunks: Vec<ArrowColumnChunk>,
    rows: u64,
}

/// One partition's rows of one shard, as it goes.
#[derive(Default)]
struct Stream {
    /// Rows before the first boundary: complete once `closed`.
    head: Vec<RecordBatch>,
    closed: bool,
    groups: Vec<Group>,
    /// Rows since the last boundary (the head's, while not `closed`).
    open: Vec<RecordBatch>,
    first: Option<Key>,
    last: Option<Key>,
    lineage: LineageRun,
}

/// Lineage rows of a run of one shard, in order: 17 bytes a row instead of an Arrow batch's 40.
#[derive(Debug, Default)]
pub(crate) struct LineageRun {
    members: Vec<i64>,
    items: Vec<i64>,
    /// Index into [`Kind::ALL`].
    kinds: Vec<u8>,
}

/// What a partition produced for one shard: the pieces [`assemble`] puts in order.
pub(crate) struct Piece {
    first: Option<Key>,
    last: Option<Key>,
    head: Vec<RecordBatch>,
    closed: bool,
    groups: Vec<Group>,
    tail: Vec<RecordBatch>,
}

/// One partition task's state: its verdict counts and a stream per shard asked for.
pub(crate) struct PartitionShards {
    pub verdicts: Verdicts,
    streams: Vec<Option<Stream>>,
    encoder: ArrowRowGroupWriterFactory,
    spill: PathBuf,
}

/// What a partition task hands over: its counts, and per shard its piece and lineage run.
pub(crate) struct Finished {
    pub verdicts: Verdicts,
    pub shards: Vec<Option<(Piece, LineageRun)>>,
}

impl PartitionShards {
    /// A partition of an export of `shards` shards, of which `selected` are written; encoded pages
    /// are kept in the file `spill` (created here; the caller removes it).
    pub(crate) fn new(shards: usize, selected: &[bool], spill: PathBuf) -> Result<PartitionShards> {
        let file = File::create_new(&spill).map_err(io(&spill))?;
        let store = Arc::new(Spill { file: Arc::new(file), end: Arc::new(AtomicU64::new(0)) });
        let encoder = encoder(store)?;
        let streams = (0..shards).map(|s| selected.get(s).copied().unwrap_or(false).then(Stream::default)).collect();
        Ok(PartitionShards { verdicts: Verdicts::new(), streams, encoder, spill })
    }

    /// Counts a batch of the plan's verdicts and adds its included rows to their shards' streams.
    pub(crate) fn add(&mut self, batch: &RecordBatch) -> Result<()> {
        if !self.verdicts.add(batch)? {
            return Ok(());
        }
        for (shard, rows) in crate::export::route(batch, self.streams.len())? {
            if let Some(stream) = self.streams.get_mut(shard).and_then(Option::as_mut) {
                stream.push(&rows, shard, &self.encoder).map_err(|e| self.blame(e))?;
            }
        }
        Ok(())
    }

    /// The partition's pieces, once the plan's stream is exhausted.
    pub(crate) fn finish(self) -> Finished {
        let shards = self.streams.into_iter().map(|s| s.map(Stream::finish)).collect();
        Finished { verdicts: self.verdicts, shards }
    }

    /// A failure writing the spill file names that file.
    fn blame(&self, e: Error) -> Error {
        match e {
            Error::Parquet(cause) => parquet(&self.spill)(cause),
            e => e,
        }
    }
}

impl Stream {
    /// Appends routed rows of `shard` (in (member, item) order, after every row before them).
    fn push(&mut self, rows: &RecordBatch, shard: usize, encoder: &ArrowRowGroupWriterFactory) -> Result<()> {
        let (items, members, kinds) = routed_keys(rows)?;
        let mut start = 0;
        for i in 0..rows.num_rows() {
            let key = (members.value(i), items.value(i));
            match self.last {
                Some(last) if key <= last => return Err(lost_order(shard, last, key)),
                Some(last) if starts_group(last, key) => {
                    if i > start {
                        self.open.push(rows.slice(start, i - start));
                    }
                    start = i;
                    self.cut(shard, encoder)?;
                }
                Some(_) => {}
                None => self.first = Some(key),
            }
            self.last = Some(key);
            self.lineage.members.push(key.0);
            self.lineage.items.push(key.1);
            self.lineage.kinds.push(kind_code(kinds.value(i))?);
        }
        if rows.num_rows() > start {
            self.open.push(rows.slice(start, rows.num_rows() - start));
        }
        Ok(())
    }

    /// A boundary: the rows so far end the head, or form a row group.
    fn cut(&mut self, shard: usize, encoder: &ArrowRowGroupWriterFactory) -> Result<()> {
        let rows = std::mem::take(&mut self.open);
        if self.closed {
            self.groups.push(encode(encoder, shard, &rows)?);
        } else {
            self.head = rows;
            self.closed = true;
        }
        Ok(())
    }

    fn finish(self) -> (Piece, LineageRun) {
        let (head, tail) = if self.closed { (self.head, self.open) } else { (self.open, Vec::new()) };
        let piece = Piece { first: self.first, last: self.last, head, closed: self.closed, groups: self.groups, tail };
        (piece, self.lineage)
    }
}

fn lost_order(shard: usize, last: Key, key: Key) -> Error {
    Error::Invalid(format!(
        "shard {shard}: the export plan did not keep the snapshot's order \
         (member {} item {} came after member {} item {})",
        key.0, key.1, last.0, last.1
    ))
}

/// Item ids, member ids and kinds of routed rows.
fn routed_keys(rows: &RecordBatch) -> Result<(&Int64Array, &Int64Array, &datafusion::arrow::array::StringArray)> {
    let items = rows.column(0).as_any().downcast_ref::<Int64Array>();
    let members = rows.column(1).as_any().downcast_ref::<Int64Array>();
    let kinds = rows.column(2).as_string_opt::<i32>();
    match (items, members, kinds) {
        (Some(i), Some(m), Some(k)) => Ok((i, m, k)),
        _ => Err(Error::Invalid("routed rows: unexpected column types".into())),
    }
}

fn kind_code(kind: &str) -> Result<u8> {
    Kind::ALL
        .iter()
        .position(|k| k.as_str() == kind)
        .map(|i| i as u8)
        .ok_or_else(|| Error::Invalid(format!("unknown kind {kind:?} in an included row")))
}

/// A factory of column writers for shard files whose pages go to `store`.
fn encoder(store: Arc<dyn PageStoreFactory>) -> Result<ArrowRowGroupWriterFactory> {
    let (_, factory) =
        ArrowWriter::try_new(std::io::sink(), shard_schema(), Some(shard_properties()))?.into_serialized_writer()?;
    Ok(factory.with_page_store_factory(store))
}

/// Encodes routed rows of `shard` (in order) as one row group: item ids as text, each text's
/// language. The rows are joined first, so that the pages depend on the rows, not on how they
/// arrived.
fn encode(encoder: &ArrowRowGroupWriterFactory, shard: usize, rows: &[RecordBatch]) -> Result<Group> {
    let batch = match rows {
        [one] => one.clone(),
        _ => concat_batches(&routed_schema(), rows)?,
    };
    if batch.column(3).null_count() > 0 {
        return Err(Error::Invalid(format!(
            "shard {shard}: an included item has no text (erased but not marked deleted)"
        )));
    }
    let columns: [ArrayRef; 6] = [
        item_id_strings(&batch)?,
        batch.column(1).clone(),
        batch.column(2).clone(),
        batch.column(3).clone(),
        batch.column(4).clone(),
        languages(&batch)?,
    ];
    let schema = shard_schema();
    let mut writers = encoder.create_column_writers(0)?;
    for ((writer, field), column) in writers.iter_mut().zip(schema.fields()).zip(&columns) {
        for leaf in compute_leaves(field, column)? {
            writer.write(&leaf)?;
        }
    }
    let chunks = writers.into_iter().map(|w| w.close()).collect::<Result<Vec<_>, _>>()?;
    Ok(Group { chunks, rows: batch.num_rows() as u64 })
}

/// Writes shard `shard`'s file in `dir` from its partitions' pieces, in partition order; fsyncs
/// it and returns its entry.
pub(crate) fn assemble(dir: &Path, shard: usize, pieces: Vec<Piece>) -> Result<ShardEntry> {
    let file = format!("shard-{shard:05}.parquet");
    let path = dir.join(&file);
    let out = File::create_new(&path).map_err(io(&path))?;
    let writer =
        ArrowWriter::try_new(Hashed { file: out, hash: Sha256::new() }, shard_schema(), Some(shard_properties()))
            .map_err(parquet(&path))?;
    let (mut writer, encoder) = writer.into_serialized_writer().map_err(parquet(&path))?;
    let mut rows = 0u64;
    let mut append = |writer: &mut SerializedFileWriter<Hashed>, group: Group| -> Result<()> {
        rows += group.rows;
        let mut row_group = writer.next_row_group().map_err(parquet(&path))?;
        for chunk in group.chunks {
            chunk.append_to_row_group(&mut row_group).map_err(parquet(&path))?;
        }
        row_group.close().map_err(parquet(&path))?;
        Ok(())
    };
    // Rows not yet in a row group: a tail and the heads after it.
    let mut carry: Vec<RecordBatch> = Vec::new();
    let mut last: Option<Key> = None;
    for piece in pieces {
        let (Some(first), Some(piece_last)) = (piece.first, piece.last) else { continue };
        if let Some(last) = last {
            if first <= last {
                return Err(lost_order(shard, last, first));
            }
            if starts_group(last, first) && !carry.is_empty() {
                append(&mut writer, encode(&encoder, shard, &std::mem::take(&mut carry))?)?;
            }
        }
        carry.extend(piece.head);
        if piece.closed {
            if !carry.is_empty() {
                append(&mut writer, encode(&encoder, shard, &std::mem::take(&mut carry))?)?;
            }
            for group in piece.groups {
                append(&mut writer, group)?;
            }
            carry = piece.tail;
        }
        last = Some(piece_last);
    }
    if !carry.is_empty() {
        append(&mut writer, encode(&encoder, shard, &carry)?)?;
    }
    let Hashed { file: out, hash } = writer.into_inner().map_err(parquet(&path))?;
    out.sync_all().map_err(io(&path))?;
    Ok(ShardEntry { shard: shard as u32, file, rows, sha256: hex(&hash.finalize()), parts: Vec::new() })
}

/// A file that hashes what is written to it, so that a shard's SHA-256 needs no second read.
struct Hashed {
    file: File,
    hash: Sha256,
}

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Encoded pages of one partition, appended to a file of their own and read back once, when
/// their shard's file is assembled: the page cache holds them, not the process.
#[derive(Debug)]
struct Spill {
    file: Arc<File>,
    end: Arc<AtomicU64>,
}

impl PageStoreFactory for Spill {
    fn create(&self, _: &PageStoreArgs<'_>) -> Result<Box<dyn PageStore>, ParquetError> {
        Ok(Box::new(SpillStore { file: self.file.clone(), end: self.end.clone(), pages: Vec::new() }))
    }
}

/// One column chunk's pages in a partition's spill file: where each is.
struct SpillStore {
    file: Arc<File>,
    end: Arc<AtomicU64>,
    pages: Vec<(u64, usize)>,
}

impl PageStore for SpillStore {
    fn put(&mut self, value: Bytes) -> Result<PageKey, ParquetError> {
        let at = self.end.fetch_add(value.len() as u64, Ordering::Relaxed);
        self.file.write_all_at(&value, at).map_err(|e| ParquetError::External(Box::new(e)))?;
        self.pages.push((at, value.len()));
        Ok(PageKey::new(self.pages.len() as u64 - 1))
    }

    fn take(&mut self, key: PageKey) -> Result<Bytes, ParquetError> {
        let (at, len) = *self
            .pages
            .get(key.get() as usize)
            .ok_or_else(|| ParquetError::General(format!("no spilled page {}", key.get())))?;
        let mut page = vec![0u8; len];
        self.file.read_exact_at(&mut page, at).map_err(|e| ParquetError::External(Box::new(e)))?;
        Ok(Bytes::from(page))
    }
}

/// Writes `lineage.parquet` from the lineage runs of the shards (each shard's runs in order, each
/// run in (member, item) order), sorted by member, and fsyncs it; returns the member count and
/// counts by kind.
///
/// Shards hold disjoint members, so the file is a merge of the shards by member: a heap holds
/// each shard's next member, and a member's rows are copied out together. Nothing is copied
/// whole or sorted, so the runs are all the memory it needs.
pub(crate) fn write_lineage_runs(path: &Path, runs: Vec<(usize, LineageRun)>) -> Result<Counts> {
    let mut per_kind = [0u64; Kind::ALL.len()];
    let mut shards: std::collections::BTreeMap<usize, Vec<&LineageRun>> = std::collections::BTreeMap::new();
    for (shard, run) in &runs {
        for k in &run.kinds {
            per_kind[*k as usize] += 1;
        }
        shards.entry(*shard).or_default().push(run);
    }
    let mut by_kind = kind_counts();
    for (kind, n) in Kind::ALL.iter().zip(per_kind) {
        if n > 0 {
            *by_kind.entry(kind.as_str().to_string()).or_default() += n;
        }
    }
    // A cursor per shard: (run, row) of its next row.
    let mut cursors: Vec<(i32, Vec<&LineageRun>, usize, usize)> = shards
        .into_iter()
        .map(|(shard, runs)| (shard as i32, runs.into_iter().filter(|r| !r.members.is_empty()).collect(), 0, 0))
        .collect();
    let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<(i64, usize)>> = cursors
        .iter()
        .enumerate()
        .filter_map(|(c, (_, runs, _, _))| runs.first().map(|r| std::cmp::Reverse((r.members[0], c))))
        .collect();
    let mut writer = ParquetFile::create(path, lineage_schema(), lineage_properties())?;
    let mut out = LineageChunk::default();
    let mut members = 0u64;
    while let Some(std::cmp::Reverse((member, c))) = heap.pop() {
        members += 1;
        let (shard, runs, run, at) = &mut cursors[c];
        // The member's rows, which may go on in the shard's next run (the next partition).
        while let Some(r) = runs.get(*run) {
            if r.members[*at] != member {
                break;
            }
            out.push(member, *shard, r.items[*at]);
            if out.len() == LINEAGE_ROW_GROUP {
                writer.write(&out.take()?)?;
            }
            *at += 1;
            if *at == r.members.len() {
                *run += 1;
                *at = 0;
            }
        }
        if let Some(r) = runs.get(*run) {
            heap.push(std::cmp::Reverse((r.members[*at], c)));
        }
    }
    if out.len() > 0 {
        writer.write(&out.take()?)?;
    }
    writer.close()?;
    sync_file(path)?;
    Ok((members, by_kind))
}

/// Lineage rows being gathered for one write.
#[derive(Default)]
struct LineageChunk {
    members: Vec<i64>,
    shards: Vec<i32>,
    items: StringBuilder,
    text: itoa::Buffer,
}

impl LineageChunk {
    fn push(&mut self, member: i64, shard: i32, item: i64) {
        self.members.push(member);
        self.shards.push(shard);
        self.items.append_value(self.text.format(item));
    }

    fn len(&self) -> usize {
        self.members.len()
    }

    fn take(&mut self) -> Result<RecordBatch> {
        let members: ArrayRef = Arc::new(Int64Array::from(std::mem::take(&mut self.members)));
        let shards: ArrayRef = Arc::new(Int32Array::from(std::mem::take(&mut self.shards)));
        let items: ArrayRef = Arc::new(self.items.finish());
        Ok(RecordBatch::try_new(lineage_schema(), vec![members, shards, items])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{StringArray, TimestampMicrosecondArray};
    use proptest::prelude::*;

    /// Routed rows (member, item, kind, text), in order.
    fn routed(rows: &[(i64, i64, &str, String)]) -> RecordBatch {
        let cols: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.1))),
            Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.0))),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.2))),
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.3.as_str()))),
            Arc::new(TimestampMicrosecondArray::from(vec![7; rows.len()]).with_timezone("UTC")),
            // Every other row labelled, as by the store; the others are left to the writer.
            Arc::new(StringArray::from_iter(
                rows.iter().enumerate().map(|(i, r)| (i % 2 == 0).then(|| assent_policy::language::detect(&r.3))),
            )),
        ];
        RecordBatch::try_new(routed_schema(), cols).unwrap()
    }

    /// Writes the rows of shard 0 as split into `partitions` (each a list of batches).
    fn write(dir: &Path, name: &str, partitions: &[Vec<RecordBatch>]) -> (ShardEntry, Vec<u8>) {
        let sub = dir.join(name);
        std::fs::create_dir(&sub).unwrap();
        let mut pieces = Vec::new();
        for (p, batches) in partitions.iter().enumerate() {
            let mut part = PartitionShards::new(1, &[true], sub.join(format!("spill-{p}"))).unwrap();
            let stream = part.streams[0].as_mut().unwrap();
            for b in batches {
                stream.push(b, 0, &part.encoder).unwrap();
            }
            let (piece, _) = part.finish().shards.remove(0).unwrap();
            pieces.push(piece);
        }
        let entry = assemble(&sub, 0, pieces).unwrap();
        let bytes = std::fs::read(sub.join(&entry.file)).unwrap();
        (entry, bytes)
    }

    /// Members that start a row group and members that do not, to draw from.
    fn members() -> (Vec<i64>, Vec<i64>) {
        let starts: Vec<i64> = (0..).filter(|m| boundary(*m)).take(8).collect();
        let others: Vec<i64> = (0..).filter(|m| !boundary(*m)).take(8).collect();
        (starts, others)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// However the rows are split into partitions and batches, the file is the same, and it
        /// holds every row, in order, with row groups starting at boundary members only.
        #[test]
        fn a_shard_file_does_not_depend_on_how_the_rows_arrived(
            picks in proptest::collection::vec((any::<bool>(), 0usize..8, 1usize..4), 1..40),
            cuts in proptest::collection::vec(0usize..200, 0..6),
            batch in 1usize..7,
        ) {
            let (starts, others) = members();
            let mut ids: Vec<i64> =
                picks.iter().map(|(start, i, _)| if *start { starts[*i] } else { others[*i] }).collect();
            ids.sort();
            ids.dedup();
            let mut rows = Vec::new();
            for (n, m) in ids.iter().enumerate() {
                for item in 0..picks[n % picks.len()].2 as i64 {
                    rows.push((*m, 1000 * m + item, "post", format!("texte {m} numéro {item}")));
                }
            }
            let dir = tempfile::tempdir().unwrap();
            let (whole, reference) = write(dir.path(), "whole", &[vec![routed(&rows)]]);
            let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (rows.len() + 1)).collect();
            bounds.extend([0, rows.len()]);
            bounds.sort();
            let partitions: Vec<Vec<RecordBatch>> = bounds
                .windows(2)
                .map(|w| rows[w[0]..w[1]].chunks(batch).map(routed).collect())
                .collect();
            let (split, bytes) = write(dir.path(), "split", &partitions);
            prop_assert_eq!(&split, &whole);
            prop_assert!(bytes == reference, "the same bytes");
            prop_assert_eq!(whole.rows, rows.len() as u64);
            let back = crate::read_shard(&dir.path().join("whole").join(&whole.file)).unwrap();
            let keys: Vec<(i64, String)> = back.iter().map(|r| (r.member_id, r.item_id.clone())).collect();
            let expected: Vec<(i64, String)> = rows.iter().map(|r| (r.0, r.1.to_string())).collect();
            prop_assert_eq!(keys, expected);
            let reader = datafusion::parquet::file::reader::SerializedFileReader::new(
                File::open(dir.path().join("whole").join(&whole.file)).unwrap(),
            )
            .unwrap();
            use datafusion::parquet::file::reader::FileReader;
            let sizes: Vec<i64> = reader.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
            let mut at = 0usize;
            for (g, size) in sizes.iter().enumerate() {
                let m = rows[at].0;
                prop_assert!(g == 0 || (boundary(m) && rows[at - 1].0 != m), "row group {} starts at member {}", g, m);
                at += *size as usize;
            }
            let expected_groups =
                1 + (1..rows.len()).filter(|&i| rows[i].0 != rows[i - 1].0 && boundary(rows[i].0)).count();
            prop_assert_eq!(sizes.len(), expected_groups);
        }
    }

    #[test]
    fn the_lineage_from_the_partitions_is_the_file_the_shard_writers_give() {
        let dir = tempfile::tempdir().unwrap();
        let t = |s: &str| s.to_string();
        // Shard 0 comes from two partitions, member 8's rows from both; shard 3 from the second
        // only; shard 1 has more rows than a row group of the lineage, from both partitions.
        let many = |members: std::ops::Range<i64>| {
            let rows: Vec<(i64, i64, &str, String)> =
                members.flat_map(|m| (0..3).map(move |i| (m, 10 * m + i, "comment", format!("{m}")))).collect();
            routed(&rows)
        };
        let partitions = [
            vec![
                (0, routed(&[(2, 20, "post", t("a")), (2, 21, "post", t("b")), (8, 4, "post", t("g"))])),
                (1, many(100..1600)),
            ],
            vec![
                (0, routed(&[(8, 5, "profile.about", t("c"))])),
                (1, many(1600..3100)),
                (3, routed(&[(1, 7, "post", t("d")), (5, 9, "profile.headline", t("e")), (5, 30, "post", t("f"))])),
            ],
        ];
        // From the shard writers' output, as an export on a cluster gathers it.
        let mut from_writers = Vec::new();
        for shard in [0, 1, 3] {
            let rows: Vec<RecordBatch> =
                partitions.iter().flatten().filter(|(s, _)| *s == shard).map(|(_, b)| b.clone()).collect();
            let path = dir.path().join(format!("shard-{shard}.parquet"));
            from_writers.extend(crate::export::write_shard_file(&path, shard, rows).unwrap().1);
        }
        let reference = dir.path().join("reference.parquet");
        let reference_counts = crate::export::write_lineage(&reference, from_writers).unwrap();
        // From the partitions' runs.
        let mut runs = Vec::new();
        for (p, batches) in partitions.iter().enumerate() {
            let mut part =
                PartitionShards::new(4, &[true, true, false, true], dir.path().join(format!("spill-{p}"))).unwrap();
            for (shard, b) in batches {
                part.streams[*shard].as_mut().unwrap().push(b, *shard, &part.encoder).unwrap();
            }
            for (shard, done) in part.finish().shards.into_iter().enumerate() {
                runs.extend(done.map(|(_, run)| (shard, run)));
            }
        }
        let path = dir.path().join("lineage.parquet");
        let counts = write_lineage_runs(&path, runs).unwrap();
        assert_eq!(counts, reference_counts);
        assert_eq!(counts.0, 4 + 3000, "members 1, 2, 5, 8 and 100 to 3099");
        assert_eq!(counts.1.get("post"), Some(&5));
        assert_eq!(counts.1.get("comment"), Some(&9000));
        assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(&reference).unwrap());
    }

    #[test]
    fn rows_out_of_order_are_refused_with_the_shard_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut part = PartitionShards::new(4, &[false, false, true, false], dir.path().join("spill")).unwrap();
        let rows = |m: i64| routed(&[(m, 1, "post", "a".into())]);
        let stream = part.streams[2].as_mut().unwrap();
        stream.push(&rows(5), 2, &part.encoder).unwrap();
        let err = stream.push(&rows(4), 2, &part.encoder).unwrap_err().to_string();
        assert!(err.contains("shard 2") && err.contains("order"), "{err}");
    }
}
