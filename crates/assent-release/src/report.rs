//! "Am I in the training data?": for one member, every dataset and every release, whether their
//! items are in it, which ones, and in which release they were removed.

use std::path::Path;

use std::collections::HashMap;

use assent_export::{Lineage, Manifest, MemberLineage};
use assent_policy::{Purpose, Timestamp};
use serde::Serialize;

use crate::error::Result;
use crate::release::Releases;

/// One dataset, as it concerns a member.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DatasetUse {
    /// Dataset id.
    pub dataset_id: String,
    /// Its directory.
    pub dir: String,
    /// Purpose.
    pub purpose: Purpose,
    /// The instant it describes.
    pub as_of: Timestamp,
    /// Whether any of the member's items are in it.
    pub included: bool,
    /// Which (item ids).
    pub items: Vec<String>,
}

/// One release, as it concerns a member.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReleaseUse {
    /// Release id.
    pub release_id: String,
    /// Its parent.
    pub parent: Option<String>,
    /// Purpose.
    pub purpose: Purpose,
    /// When it was published.
    pub created_at: Timestamp,
    /// Whether it is the one being served.
    pub live: bool,
    /// Whether the member's items trained it.
    pub included: bool,
    /// The shard that holds them.
    pub shard: Option<u32>,
    /// Which items.
    pub items: Vec<String>,
    /// Items that were in the parent release and are gone from this one.
    pub removed: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MemberReport {
    /// The member.
    pub member: i64,
    /// Datasets, oldest first.
    pub datasets: Vec<DatasetUse>,
    /// Releases, oldest first.
    pub releases: Vec<ReleaseUse>,
}

/// Builds the report for `member` from everything under `data_dir`.
pub fn member_report(data_dir: &Path, member: i64) -> Result<MemberReport> {
    let mut datasets = Vec::new();
    if let Ok(entries) = std::fs::read_dir(data_dir.join("datasets")) {
        let mut dirs: Vec<_> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("manifest.json").is_file()).collect();
        dirs.sort();
        for dir in dirs {
            let manifest = Manifest::read(&dir)?;
            let items = Lineage::member_in(&dir, member)?.map(|m| m.items).unwrap_or_default();
            datasets.push(DatasetUse {
                dataset_id: manifest.dataset_id,
                dir: dir.display().to_string(),
                purpose: manifest.purpose,
                as_of: manifest.as_of,
                included: !items.is_empty(),
                items,
            });
        }
    }
    datasets.sort_by_key(|d| d.as_of);

    let releases = Releases::new(data_dir);
    let all = releases.list()?;
    // Each release's lineage is read once, for the member alone; a child compares with its parent.
    let mut mine: HashMap<String, Option<MemberLineage>> = HashMap::new();
    for r in &all {
        mine.insert(r.release_id.clone(), releases.member_lineage(r, member)?);
    }
    let live: Vec<String> = Purpose::ALL
        .into_iter()
        .map(|p| releases.live(p).map(|l| l.map(|l| l.release_id)))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut out = Vec::new();
    for r in all {
        let lineage = mine[&r.release_id].clone();
        let shard = lineage.as_ref().map(|l| l.shard);
        let items = lineage.map(|l| l.items).unwrap_or_default();
        let before = match &r.parent {
            Some(p) if mine.contains_key(p) => mine[p].clone(),
            Some(p) => releases.member_lineage(&releases.get(p)?, member)?,
            None => None,
        };
        let removed = before.map(|b| b.items.into_iter().filter(|i| !items.contains(i)).collect()).unwrap_or_default();
        let live = live.contains(&r.release_id);
        out.push(ReleaseUse {
            release_id: r.release_id.clone(),
            parent: r.parent.clone(),
            purpose: r.purpose,
            created_at: r.created_at,
            live,
            included: !items.is_empty(),
            shard,
            items,
            removed,
        });
    }
    Ok(MemberReport { member, datasets, releases: out })
}
