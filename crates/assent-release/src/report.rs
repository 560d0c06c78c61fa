//! "Am I in the training data?": for one member, every dataset and every release, whether their
//! items are in it, which ones, and in which release they were removed.

use std::path::Path;

use assent_export::{Lineage, Manifest};
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
    pub purpose: String,
    /// The instant it describes.
    pub as_of: String,
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
    pub purpose: String,
    /// When it was published.
    pub created_at: String,
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
            let lineage = Lineage::open(&dir)?;
            datasets.push(DatasetUse {
                dataset_id: manifest.dataset_id,
                dir: dir.display().to_string(),
                purpose: manifest.purpose,
                as_of: manifest.as_of,
                included: lineage.contains(member),
                items: lineage.items(member).to_vec(),
            });
        }
    }
    datasets.sort_by(|a, b| a.as_of.cmp(&b.as_of));

    let releases = Releases::new(data_dir);
    let mut out = Vec::new();
    for r in releases.list()? {
        let lineage = releases.lineage(&r.release_id)?;
        let items = lineage.items(member).to_vec();
        let removed = match &r.parent {
            Some(p) => {
                let before = releases.lineage(p)?;
                before.items(member).iter().filter(|i| !items.contains(i)).cloned().collect()
            }
            None => Vec::new(),
        };
        let live = releases
            .live(r.purpose.parse().unwrap_or(assent_policy::Purpose::TrainGenai))?
            .is_some_and(|l| l.release_id == r.release_id);
        out.push(ReleaseUse {
            release_id: r.release_id.clone(),
            parent: r.parent.clone(),
            purpose: r.purpose.clone(),
            created_at: r.created_at.clone(),
            live,
            included: !items.is_empty(),
            shard: lineage.shard(member),
            items,
            removed,
        });
    }
    Ok(MemberReport { member, datasets, releases: out })
}
