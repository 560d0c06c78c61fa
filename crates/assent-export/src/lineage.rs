//! Reading a dataset's lineage: which member's which items are in which shard.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

use datafusion::arrow::array::{AsArray, Int32Array, Int64Array, RecordBatch};
use datafusion::parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::file::metadata::ParquetMetaData;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::parquet::file::statistics::Statistics;

use crate::error::{io, Error, Result};

/// Rows per row group of a lineage file. Lineage is sorted by member, so the row-group
/// statistics of `member_id` say which one or two small groups hold a member's rows: the member
/// report reads those and nothing else ([`Lineage::member_in`]).
pub const LINEAGE_ROW_GROUP: usize = 4 * 1024;

/// How lineage files are written: the lake's compression, small row groups, statistics on.
pub(crate) fn lineage_properties() -> WriterProperties {
    // Item ids are all distinct: a dictionary would only cost time.
    crate::lake::writer_properties()
        .into_builder()
        .set_max_row_group_row_count(Some(LINEAGE_ROW_GROUP))
        .set_column_dictionary_enabled("item_id".into(), false)
        .build()
}

/// Footers of lineage files already read. A lineage file never changes once published (a new
/// dataset or release is a new directory), so its footer is parsed once per process; the entry is
/// checked against the file's size and modification time all the same.
type Footers = HashMap<PathBuf, (u64, Option<SystemTime>, ArrowReaderMetadata)>;
static FOOTERS: LazyLock<Mutex<Footers>> = LazyLock::new(Mutex::default);
/// Footers kept at most (the cache starts over beyond that).
const FOOTERS_KEPT: usize = 256;

fn footer(path: &Path, file: &File) -> Result<ArrowReaderMetadata> {
    let stat = file.metadata().map_err(io(path))?;
    let (len, modified) = (stat.len(), stat.modified().ok());
    let mut cache = FOOTERS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((l, m, meta)) = cache.get(path) {
        if *l == len && *m == modified {
            return Ok(meta.clone());
        }
    }
    let meta = ArrowReaderMetadata::load(file, ArrowReaderOptions::new())?;
    if cache.len() >= FOOTERS_KEPT {
        cache.clear();
    }
    cache.insert(path.to_path_buf(), (len, modified, meta.clone()));
    Ok(meta)
}

/// One member's part of a lineage: their shard and the ids of their items in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLineage {
    /// The shard that holds the member's items.
    pub shard: u32,
    /// The item ids, in id order.
    pub items: Vec<String>,
}

/// Whether row group `g` may hold `member`: its `member_id` statistics cover it, or it has none
/// (then it is read; an answer is never guessed from missing statistics).
fn may_hold(meta: &ParquetMetaData, g: usize, member: i64) -> bool {
    match meta.row_group(g).column(0).statistics() {
        Some(Statistics::Int64(s)) => match (s.min_opt(), s.max_opt()) {
            (Some(&min), Some(&max)) => min <= member && member <= max,
            _ => true,
        },
        _ => true,
    }
}

/// The three columns of a lineage batch, checked.
fn columns<'a>(
    path: &Path,
    batch: &'a RecordBatch,
) -> Result<(&'a Int64Array, &'a Int32Array, &'a datafusion::arrow::array::StringArray)> {
    let bad = || Error::Invalid(format!("{}: unexpected columns", path.display()));
    Ok((
        batch.column(0).as_any().downcast_ref::<Int64Array>().ok_or_else(bad)?,
        batch.column(1).as_any().downcast_ref::<Int32Array>().ok_or_else(bad)?,
        batch.column(2).as_string_opt::<i32>().ok_or_else(bad)?,
    ))
}

/// A dataset's lineage, loaded in memory: answers "is member m in this dataset" with one hash lookup.
#[derive(Debug, Default, Clone)]
pub struct Lineage {
    members: HashMap<i64, (u32, Vec<String>)>,
}

impl Lineage {
    /// Loads `lineage.parquet` of a dataset directory.
    pub fn open(dataset: &Path) -> Result<Lineage> {
        Lineage::read(&dataset.join("lineage.parquet"))
    }

    /// Loads a lineage file whole.
    pub fn read(path: &Path) -> Result<Lineage> {
        let mut lineage = Lineage::default();
        lineage.read_into(path)?;
        Ok(lineage)
    }

    /// Adds the members of a lineage file (disjoint from those already here).
    pub fn read_into(&mut self, path: &Path) -> Result<()> {
        let file = File::open(path).map_err(io(path))?;
        let reader = ParquetRecordBatchReader::try_new(file, 64 * 1024)?;
        for batch in reader {
            let batch = batch?;
            let (member, shard, item) = columns(path, &batch)?;
            for i in 0..batch.num_rows() {
                let e = self.members.entry(member.value(i)).or_insert_with(|| (shard.value(i) as u32, Vec::new()));
                e.1.push(item.value(i).to_string());
            }
        }
        Ok(())
    }

    /// The members of a lineage file, sorted, read from its `member_id` column alone.
    pub fn members_in_file(path: &Path) -> Result<Vec<i64>> {
        let file = File::open(path).map_err(io(path))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
        let mask = ProjectionMask::roots(builder.parquet_schema(), [0]);
        let mut out: Vec<i64> = Vec::new();
        for batch in builder.with_projection(mask).with_batch_size(64 * 1024).build()? {
            let batch = batch?;
            let ids = batch
                .column(0)
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| Error::Invalid(format!("{}: unexpected columns", path.display())))?;
            for &m in ids.values() {
                if out.last() != Some(&m) {
                    out.push(m);
                }
            }
        }
        // Written sorted by member; sorted again all the same, so that a caller may search it.
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// One member's lineage in the dataset (or release) directory `dir`, read from the row groups
    /// whose statistics cover the member: once the file's footer is cached (the first read of a
    /// file in a process parses it), the cost follows that member's rows, not the file's.
    pub fn member_in(dir: &Path, member: i64) -> Result<Option<MemberLineage>> {
        Lineage::member_in_file(&dir.join("lineage.parquet"), member)
    }

    /// [`Lineage::member_in`] for the lineage file at `path`.
    pub fn member_in_file(path: &Path, member: i64) -> Result<Option<MemberLineage>> {
        let file = File::open(path).map_err(io(path))?;
        let footer = footer(path, &file)?;
        let meta = footer.metadata().clone();
        let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(file, footer);
        let groups: Vec<usize> = (0..meta.num_row_groups()).filter(|&g| may_hold(&meta, g, member)).collect();
        if groups.is_empty() {
            return Ok(None);
        }
        let mut found: Option<MemberLineage> = None;
        for batch in builder.with_row_groups(groups).with_batch_size(LINEAGE_ROW_GROUP).build()? {
            let batch = batch?;
            let (ids, shard, item) = columns(path, &batch)?;
            for i in 0..batch.num_rows() {
                if ids.value(i) == member {
                    let e =
                        found.get_or_insert_with(|| MemberLineage { shard: shard.value(i) as u32, items: Vec::new() });
                    e.items.push(item.value(i).to_string());
                }
            }
        }
        Ok(found)
    }

    /// Whether any item of `member` is in the dataset.
    pub fn contains(&self, member: i64) -> bool {
        self.members.contains_key(&member)
    }

    /// The shard holding `member`'s items, if any.
    pub fn shard(&self, member: i64) -> Option<u32> {
        self.members.get(&member).map(|e| e.0)
    }

    /// The ids of `member`'s items in the dataset.
    pub fn items(&self, member: i64) -> &[String] {
        self.members.get(&member).map_or(&[], |e| &e.1)
    }

    /// Members in the dataset.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no member is in the dataset.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl Lineage {
    /// Records `member`'s items in `shard` (replacing what was recorded for them).
    pub fn insert(&mut self, member: i64, shard: u32, items: Vec<String>) {
        self.members.insert(member, (shard, items));
    }

    /// Every member id, sorted.
    pub fn member_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.members.keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Writes the lineage as `lineage.parquet` (member_id, shard, item_id), sorted by member.
    pub fn write(&self, path: &Path) -> Result<()> {
        self.write_where(path, |_| true)
    }

    /// Writes the members of `shard` alone, in the same form as [`Lineage::write`].
    pub fn write_shard(&self, path: &Path, shard: u32) -> Result<()> {
        self.write_where(path, |s| s == shard)
    }

    fn write_where(&self, path: &Path, keep: impl Fn(u32) -> bool) -> Result<()> {
        use std::sync::Arc;

        use datafusion::arrow::array::{ArrayRef, Int32Builder, Int64Builder, RecordBatch, StringBuilder};
        use datafusion::arrow::datatypes::{DataType, Field, Schema};

        let schema = Arc::new(Schema::new(vec![
            Field::new("member_id", DataType::Int64, false),
            Field::new("shard", DataType::Int32, false),
            Field::new("item_id", DataType::Utf8, false),
        ]));
        let mut writer = crate::fsx::ParquetFile::create(path, schema.clone(), lineage_properties())?;
        let (mut m, mut s, mut i) = (Int64Builder::new(), Int32Builder::new(), StringBuilder::new());
        for member in self.member_ids() {
            let (shard, items) = &self.members[&member];
            if !keep(*shard) {
                continue;
            }
            for item in items {
                m.append_value(member);
                s.append_value(*shard as i32);
                i.append_value(item);
            }
        }
        let cols: Vec<ArrayRef> = vec![Arc::new(m.finish()), Arc::new(s.finish()), Arc::new(i.finish())];
        writer.write(&RecordBatch::try_new(schema, cols)?)?;
        writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_member_read_from_many_row_groups_matches_the_full_load() {
        let dir = tempfile::tempdir().unwrap();
        // Even ids only, 1 to 5 items each: about 9 row groups of 4 096 rows, and members between groups.
        let mut lineage = Lineage::default();
        for m in (2..=24_000i64).step_by(2) {
            let items = (0..(m % 5 + 1)).map(|i| format!("{}", m * 10 + i)).collect();
            lineage.members.insert(m, ((m % 7) as u32, items));
        }
        lineage.write(&dir.path().join("lineage.parquet")).unwrap();
        let file = File::open(dir.path().join("lineage.parquet")).unwrap();
        let groups = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().metadata().num_row_groups();
        assert!(groups > 4, "{groups} row groups");
        let full = Lineage::open(dir.path()).unwrap();
        for m in (0..=24_002i64).step_by(17) {
            let one = Lineage::member_in(dir.path(), m).unwrap();
            assert_eq!(one.as_ref().map(|l| l.shard), full.shard(m), "member {m}");
            assert_eq!(one.map(|l| l.items).unwrap_or_default(), full.items(m), "member {m}");
        }
        let path = dir.path().join("lineage.parquet");
        assert_eq!(Lineage::members_in_file(&path).unwrap(), full.member_ids());

        // One shard's file holds that shard's members alone, item for item.
        let shard3 = dir.path().join("shard-3.parquet");
        full.write_shard(&shard3, 3).unwrap();
        let read = Lineage::read(&shard3).unwrap();
        let expected: Vec<i64> = full.member_ids().into_iter().filter(|m| full.shard(*m) == Some(3)).collect();
        assert!(!expected.is_empty());
        assert_eq!(read.member_ids(), expected);
        assert_eq!(Lineage::members_in_file(&shard3).unwrap(), expected);
        for m in (0..=24_002i64).step_by(13) {
            let one = Lineage::member_in_file(&shard3, m).unwrap();
            let want = (full.shard(m) == Some(3)).then(|| full.items(m).to_vec());
            assert_eq!(one.map(|l| l.items), want, "member {m}");
            assert_eq!(read.items(m), want.as_deref().unwrap_or_default(), "member {m}");
        }
    }
}
