//! Reading a dataset's lineage: which member's which items are in which shard.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use datafusion::arrow::array::{AsArray, Int32Array, Int64Array};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader;

use crate::error::{io, Error, Result};

/// A dataset's lineage, loaded in memory: answers "is member m in this dataset" with one hash lookup.
#[derive(Debug, Default, Clone)]
pub struct Lineage {
    members: HashMap<i64, (u32, Vec<String>)>,
}

impl Lineage {
    /// Loads `lineage.parquet` of a dataset directory.
    pub fn open(dataset: &Path) -> Result<Lineage> {
        let path = dataset.join("lineage.parquet");
        let file = File::open(&path).map_err(io(&path))?;
        let reader = ParquetRecordBatchReader::try_new(file, 64 * 1024)?;
        let mut members: HashMap<i64, (u32, Vec<String>)> = HashMap::new();
        for batch in reader {
            let batch = batch?;
            let bad = || Error::Invalid(format!("{}: unexpected columns", path.display()));
            let member = batch.column(0).as_any().downcast_ref::<Int64Array>().ok_or_else(bad)?;
            let shard = batch.column(1).as_any().downcast_ref::<Int32Array>().ok_or_else(bad)?;
            let item = batch.column(2).as_string_opt::<i32>().ok_or_else(bad)?;
            for i in 0..batch.num_rows() {
                let e = members.entry(member.value(i)).or_insert_with(|| (shard.value(i) as u32, Vec::new()));
                e.1.push(item.value(i).to_string());
            }
        }
        Ok(Lineage { members })
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
    /// Keeps only the members whose shard is not in `shards` (before splicing in retrained ones).
    pub fn without_shards(mut self, shards: &[u32]) -> Lineage {
        self.members.retain(|_, (s, _)| !shards.contains(s));
        self
    }

    /// Adds every member of `other` (members are disjoint across shards).
    pub fn merge(&mut self, other: Lineage) {
        self.members.extend(other.members);
    }

    /// Every member id, sorted.
    pub fn member_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.members.keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Writes the lineage as `lineage.parquet` (member_id, shard, item_id), sorted by member.
    pub fn write(&self, path: &Path) -> Result<()> {
        use std::sync::Arc;

        use datafusion::arrow::array::{ArrayRef, Int32Builder, Int64Builder, RecordBatch, StringBuilder};
        use datafusion::arrow::datatypes::{DataType, Field, Schema};
        use datafusion::parquet::arrow::ArrowWriter;

        let schema = Arc::new(Schema::new(vec![
            Field::new("member_id", DataType::Int64, false),
            Field::new("shard", DataType::Int32, false),
            Field::new("item_id", DataType::Utf8, false),
        ]));
        let file = File::create(path).map_err(io(path))?;
        let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(crate::lake::writer_properties()))?;
        let (mut m, mut s, mut i) = (Int64Builder::new(), Int32Builder::new(), StringBuilder::new());
        for member in self.member_ids() {
            let (shard, items) = &self.members[&member];
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
