//! The leakage audit: exposure of each canary under a release's writing model (Carlini et al.
//! 2019, "The Secret Sharer"): log2 |R| − log2 rank of the true secret among all candidates.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{io, Error, Result};
use crate::release::Releases;

/// A canary as `assent seed --canaries K` writes it to `canaries.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Canary {
    /// The member whose public post carries it.
    pub owner: i64,
    /// The planted sentence.
    pub phrase: String,
    /// Its random digits.
    pub secret: String,
    /// Whether the owner had turned `train-genai` off when the network was seeded.
    pub owner_opted_out: bool,
}

/// One canary's audit result.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CanaryExposure {
    /// The owner.
    pub owner: i64,
    /// Whether the owner had opted out (from the canary file).
    pub owner_opted_out: bool,
    /// Whether the owner's items are in the release's lineage.
    pub owner_in_release: bool,
    /// Exposure in bits under the release's combined model (0 = chance … log2 |R| = memorised).
    pub exposure_bits: f64,
    /// The shard the owner's data hashes to (where it would be if it were eligible).
    pub owner_shard: u32,
    /// Exposure under that shard's model alone: the combined model dilutes one shard's
    /// knowledge by its weight, so this is where memorisation shows most plainly.
    pub shard_exposure_bits: f64,
    /// Rank of the true secret among all candidates (1 = most likely).
    pub rank: f64,
    /// |R|.
    pub candidates: u64,
}

/// Reads a canary file.
pub fn read_canaries(path: &Path) -> Result<Vec<Canary>> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: not a canary file ({e})", path.display())))
}

/// Audits every canary against release `release_id`.
pub fn audit_exposure(data_dir: &Path, release_id: &str, canaries: &[Canary]) -> Result<Vec<CanaryExposure>> {
    let releases = Releases::new(data_dir);
    let manifest = releases.get(release_id)?;
    let model = releases.load_model(&manifest)?;
    let mut out = Vec::with_capacity(canaries.len());
    for c in canaries {
        let prefix = c
            .phrase
            .strip_suffix(&c.secret)
            .ok_or_else(|| {
                Error::Invalid(format!("canary of member {}: the phrase does not end with its secret", c.owner))
            })?
            .trim();
        let e = assent_models::exposure(&model, prefix, &c.secret)?;
        let owner_shard = assent_export::udf::shard_of(c.owner, manifest.shard_count.get());
        let shard_bits = match manifest.shards.iter().position(|s| s.shard == owner_shard) {
            Some(_) => {
                let shard = releases.load_shard(&manifest, owner_shard)?;
                assent_models::exposure(&shard, prefix, &c.secret)?.bits
            }
            None => 0.0,
        };
        out.push(CanaryExposure {
            owner: c.owner,
            owner_opted_out: c.owner_opted_out,
            owner_in_release: releases.member_lineage(&manifest, c.owner)?.is_some(),
            exposure_bits: e.bits,
            owner_shard,
            shard_exposure_bits: shard_bits,
            rank: e.rank,
            candidates: e.candidates,
        });
    }
    Ok(out)
}
