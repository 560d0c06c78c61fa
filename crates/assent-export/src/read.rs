//! Reading a dataset's shards back (training reads them; tests check them).

use std::fs::File;
use std::path::Path;

use datafusion::arrow::array::{AsArray, Int64Array};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader;

use crate::error::{io, Error, Result};

/// One row of a shard file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRow {
    /// The item's id.
    pub item_id: String,
    /// Its owner.
    pub member_id: i64,
    /// Its kind (`post`, `profile.about`, …).
    pub kind: String,
    /// The scrubbed text.
    pub text: String,
    /// The text's language (BCP 47: `en`, `fr`, `und`).
    pub lang: String,
}

/// Every row of one shard file, in file order (by member, then item).
///
/// A shard written on a cluster is a directory of part files (`part-*.parquet`); its rows are
/// those of every part, in name order.
pub fn read_shard(path: &Path) -> Result<Vec<ShardRow>> {
    if !path.is_dir() {
        return read_shard_file(path);
    }
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io(path))? {
        let part = entry.map_err(io(path))?.path();
        let name = part.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with("part-") && name.ends_with(".parquet") {
            parts.push(part);
        }
    }
    parts.sort();
    let mut rows = Vec::new();
    for part in parts {
        rows.extend(read_shard_file(&part)?);
    }
    Ok(rows)
}

fn read_shard_file(path: &Path) -> Result<Vec<ShardRow>> {
    crate::fsx::check_footer(path, &crate::shard_schema())?;
    let file = File::open(path).map_err(io(path))?;
    let mut rows = Vec::new();
    let corrupt = |e: datafusion::arrow::error::ArrowError| Error::Invalid(format!("{}: {e}", path.display()));
    for batch in ParquetRecordBatchReader::try_new(file, 64 * 1024).map_err(crate::fsx::parquet(path))? {
        let batch = batch.map_err(corrupt)?;
        let bad = || Error::Invalid(format!("{}: not a dataset shard", path.display()));
        let ids = batch.column_by_name("item_id").and_then(|c| c.as_string_opt::<i32>()).ok_or_else(bad)?;
        let members =
            batch.column_by_name("member_id").and_then(|c| c.as_any().downcast_ref::<Int64Array>()).ok_or_else(bad)?;
        let kinds = batch.column_by_name("kind").and_then(|c| c.as_string_opt::<i32>()).ok_or_else(bad)?;
        let texts = batch.column_by_name("text").and_then(|c| c.as_string_opt::<i32>()).ok_or_else(bad)?;
        // Datasets exported before shards recorded the language have no `lang` column.
        let langs = batch.column_by_name("lang").and_then(|c| c.as_string_opt::<i32>());
        for i in 0..batch.num_rows() {
            rows.push(ShardRow {
                item_id: ids.value(i).to_string(),
                member_id: members.value(i),
                kind: kinds.value(i).to_string(),
                text: texts.value(i).to_string(),
                lang: langs.map_or_else(
                    || assent_policy::language::detect(texts.value(i)).to_string(),
                    |l| l.value(i).to_string(),
                ),
            });
        }
    }
    Ok(rows)
}
