//! Releases on disk: one directory per release under `DATA/releases/`, its manifest, its shard
//! models, its lineage, and the pointer to the live release of each purpose.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use assent_export::udf::ShardCount;
use assent_export::{read_shard, Lineage, Manifest, MemberLineage, ShardRow, Staging};
use assent_models::{Mixture, NgramModel, SkillModel, TrainConfig};
use assent_policy::{Purpose, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::quality::{self, Terms};

/// The n-gram order of the writing model.
pub const ORDER: usize = 4;
/// One item in `HELDOUT_EVERY` (by a hash of its id) is held out of training to measure perplexity.
pub const HELDOUT_EVERY: u64 = 20;
/// About how many held-out texts the perplexity figure uses.
pub const HELDOUT_EVAL: usize = 3_000;

/// One shard of a release.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReleaseShard {
    /// Shard number.
    pub shard: u32,
    /// Model file in the release directory.
    pub model: String,
    /// SHA-256 of the model file.
    pub sha256: String,
    /// The dataset directory the shard was trained from.
    pub dataset: String,
    /// That dataset's id.
    pub dataset_id: String,
    /// The instant the shard's data describes.
    pub as_of: Timestamp,
    /// Items trained on.
    pub trained_items: u64,
    /// Items held out for the perplexity figure.
    pub heldout_items: u64,
    /// Members whose items the shard holds.
    pub members: u64,
    /// The release in which this shard's model was trained (itself, or an ancestor).
    pub trained_in: String,
}

/// `manifest.json` of a release.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReleaseManifest {
    /// Release id (`r-<created>`).
    pub release_id: String,
    /// The release this one replaces (unlearning), if any.
    pub parent: Option<String>,
    /// `train-genai` (writing assistant).
    pub purpose: Purpose,
    /// When it was published.
    pub created_at: Timestamp,
    /// How many shards.
    pub shard_count: ShardCount,
    /// The shards, in order.
    pub shards: Vec<ReleaseShard>,
    /// The shards trained for this release (all of them for a full training).
    pub retrained_shards: Vec<u32>,
    /// Seconds spent training this release's new shards.
    pub training_secs: f64,
    /// Per-token perplexity of the combined writing model on the held-out items (`train-genai`).
    pub heldout_perplexity: Option<f64>,
    /// Why the release exists: `train` or `unlearn`.
    pub reason: String,
}

impl ReleaseManifest {
    /// Datasets the release came from.
    pub fn datasets(&self) -> Vec<String> {
        let mut d: Vec<String> = self.shards.iter().map(|s| s.dataset.clone()).collect();
        d.sort();
        d.dedup();
        d
    }
}

/// The releases of one data directory.
#[derive(Debug, Clone)]
pub struct Releases {
    root: PathBuf,
}

pub(crate) fn sha256_file(path: &Path) -> Result<String> {
    Ok(assent_export::sha256_file(path)?)
}

/// Whether an item is held out of training (stable: a hash of its id).
pub fn is_heldout(item_id: &str) -> bool {
    fnv(item_id).is_multiple_of(HELDOUT_EVERY)
}

/// A trained shard, before it is written.
pub(crate) struct TrainedShard {
    pub shard: u32,
    /// The serialised model: an n-gram model (`train-genai`) or a skill model (`train-ai`).
    pub bytes: Vec<u8>,
    pub trained_items: u64,
    pub heldout: Vec<String>,
    pub members: u64,
    /// The writing model itself (`train-genai`), to score the held-out texts without decoding it.
    pub model: Option<NgramModel>,
}

/// Trains one shard's model from its rows (rows are sorted by member), on up to `threads`
/// threads (the model is the same on any number).
pub(crate) fn train_shard(purpose: Purpose, shard: u32, rows: &[ShardRow], threads: usize) -> TrainedShard {
    let mut members: Vec<i64> = rows.iter().map(|r| r.member_id).collect();
    members.dedup();
    match purpose {
        Purpose::TrainGenai => {
            let (heldout, train): (Vec<&ShardRow>, Vec<&ShardRow>) = rows.iter().partition(|r| is_heldout(&r.item_id));
            let texts: Vec<&str> = train.iter().map(|r| r.text.as_str()).collect();
            let config = TrainConfig { order: ORDER, ..TrainConfig::default() };
            let model = NgramModel::train_parallel(&texts, &config, threads).expect("ORDER is a supported order");
            TrainedShard {
                shard,
                bytes: model.to_bytes(),
                trained_items: train.len() as u64,
                heldout: heldout.into_iter().map(|r| r.text.clone()).collect(),
                members: members.len() as u64,
                model: Some(model),
            }
        }
        Purpose::TrainAi => {
            // One profile per member: their eligible skills and headline.
            let mut profiles: Vec<(i64, String, String)> = Vec::new();
            for r in rows {
                if profiles.last().is_none_or(|p| p.0 != r.member_id) {
                    profiles.push((r.member_id, String::new(), String::new()));
                }
                let p = profiles.last_mut().expect("pushed above");
                match r.kind.as_str() {
                    "profile.skills" => p.1 = r.text.clone(),
                    "profile.headline" => p.2 = r.text.clone(),
                    _ => {}
                }
            }
            let model = SkillModel::train(profiles.iter().map(|(m, s, h)| (*m, s.as_str(), h.as_str())));
            TrainedShard {
                shard,
                bytes: model.to_bytes(),
                trained_items: rows.len() as u64,
                heldout: Vec::new(),
                members: members.len() as u64,
                model: None,
            }
        }
    }
}

/// Trains the given shards of a dataset, one shard per core at a time.
pub(crate) fn train_shards(dataset: &Path, manifest: &Manifest, shards: &[u32]) -> Result<Vec<TrainedShard>> {
    let purpose = manifest.purpose;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = cores.min(shards.len().max(1));
    // Fewer shards than cores (unlearning one shard): each shard trains on the cores left over.
    let per_shard = (cores / shards.len().max(1)).max(1);
    let jobs: Vec<(u32, PathBuf)> = shards
        .iter()
        .map(|s| {
            let entry = manifest.shards.iter().find(|e| e.shard == *s).ok_or_else(|| Error::Corrupt {
                path: dataset.to_path_buf(),
                detail: format!("dataset has no shard {s}"),
            })?;
            Ok((*s, dataset.join(&entry.file)))
        })
        .collect::<Result<_>>()?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((shard, path)) = jobs.get(i) else { break };
                let out =
                    read_shard(path).map(|rows| train_shard(purpose, *shard, &rows, per_shard)).map_err(Error::from);
                results.lock().unwrap_or_else(|e| e.into_inner()).push(out);
            });
        }
    });
    let mut out: Vec<TrainedShard> =
        results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect::<Result<_>>()?;
    out.sort_by_key(|t| t.shard);
    Ok(out)
}

impl Releases {
    /// The releases of `data_dir` (the directory need not exist yet).
    pub fn new(data_dir: &Path) -> Releases {
        Releases { root: data_dir.join("releases") }
    }

    /// A release's directory.
    pub fn dir(&self, id: &str) -> PathBuf {
        self.root.join(id)
    }

    fn live_pointer(&self, purpose: Purpose) -> PathBuf {
        self.root.join(format!("LIVE-{purpose}"))
    }

    /// Every release, oldest first.
    pub fn list(&self) -> Result<Vec<ReleaseManifest>> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.root) else { return Ok(out) };
        for e in entries {
            let path = e.map_err(io(&self.root))?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if path.is_dir() && name.starts_with("r-") {
                out.push(self.get(&name)?);
            }
        }
        out.sort_by(|a, b| a.release_id.cmp(&b.release_id));
        Ok(out)
    }

    /// One release's manifest.
    pub fn get(&self, id: &str) -> Result<ReleaseManifest> {
        let path = self.dir(id).join("manifest.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|_| Error::NotFound(format!("no release {id} in {}", self.root.display())))?;
        Ok(serde_json::from_str(&text)?)
    }

    /// The live release of `purpose`, if any.
    pub fn live(&self, purpose: Purpose) -> Result<Option<ReleaseManifest>> {
        self.live_id(purpose)?.map(|id| self.get(&id)).transpose()
    }

    /// The id of the release served for `purpose`, read from its pointer alone (cheap enough to
    /// poll: a server that shares the data directory with others reloads when it changes).
    pub fn live_id(&self, purpose: Purpose) -> Result<Option<String>> {
        match std::fs::read_to_string(self.live_pointer(purpose)) {
            Ok(id) => Ok(Some(id.trim().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::Io { path: self.live_pointer(purpose), cause: e }),
        }
    }

    /// One member's part of a release's lineage, read without loading the rest: the file of the
    /// member's shard alone, and in it the row groups whose statistics cover the member.
    pub fn member_lineage(&self, release: &ReleaseManifest, member: i64) -> Result<Option<MemberLineage>> {
        let dir = self.dir(&release.release_id);
        let whole = dir.join(WHOLE_LINEAGE);
        if whole.is_file() {
            return Ok(Lineage::member_in_file(&whole, member)?);
        }
        let shard = assent_export::udf::shard_of(member, release.shard_count.get());
        if !release.shards.iter().any(|s| s.shard == shard) {
            return Ok(None);
        }
        Ok(Lineage::member_in_file(&shard_lineage(&dir, shard), member)?)
    }

    /// The members of one shard of a release, sorted, read from that shard's lineage alone.
    pub fn shard_members(&self, release: &ReleaseManifest, shard: u32) -> Result<Vec<i64>> {
        let dir = self.dir(&release.release_id);
        let whole = dir.join(WHOLE_LINEAGE);
        if whole.is_file() {
            let all = Lineage::read(&whole)?;
            return Ok(all.member_ids().into_iter().filter(|m| all.shard(*m) == Some(shard)).collect());
        }
        if !release.shards.iter().any(|s| s.shard == shard) {
            return Ok(Vec::new());
        }
        Ok(Lineage::members_in_file(&shard_lineage(&dir, shard))?)
    }

    /// The lineage of a release, loaded whole (which member's which items each shard was
    /// trained on).
    pub fn lineage(&self, id: &str) -> Result<Lineage> {
        let dir = self.dir(id);
        let whole = dir.join(WHOLE_LINEAGE);
        if whole.is_file() {
            return Ok(Lineage::read(&whole)?);
        }
        let mut lineage = Lineage::default();
        for s in &self.get(id)?.shards {
            lineage.read_into(&shard_lineage(&dir, s.shard))?;
        }
        Ok(lineage)
    }

    /// The verified bytes of each shard model with items, with its weight (training items).
    fn shard_models(dir: &Path, manifest: &ReleaseManifest) -> Result<Vec<(f64, Vec<u8>)>> {
        let mut out = Vec::new();
        for s in manifest.shards.iter().filter(|s| s.trained_items > 0) {
            out.push((s.trained_items as f64, read_verified(dir, s)?));
        }
        if out.is_empty() {
            return Err(Error::Invalid(format!("release {} has no trained items", manifest.release_id)));
        }
        Ok(out)
    }

    /// Loads the combined writing model of a `train-genai` release (shards weighted by size).
    pub fn load_model(&self, manifest: &ReleaseManifest) -> Result<Mixture> {
        load_mixture(&self.dir(&manifest.release_id), manifest)
    }

    /// Loads one shard's writing model of a `train-genai` release.
    pub fn load_shard(&self, manifest: &ReleaseManifest, shard: u32) -> Result<NgramModel> {
        let s = manifest
            .shards
            .iter()
            .find(|s| s.shard == shard)
            .ok_or_else(|| Error::NotFound(format!("release {} has no shard {shard}", manifest.release_id)))?;
        Ok(NgramModel::from_bytes(&read_verified(&self.dir(&manifest.release_id), s)?)?)
    }

    /// Loads the skill models of a `train-ai` release, with their weights.
    pub fn load_skills(&self, manifest: &ReleaseManifest) -> Result<Vec<(f64, SkillModel)>> {
        Releases::shard_models(&self.dir(&manifest.release_id), manifest)?
            .into_iter()
            .map(|(w, b)| Ok((w, SkillModel::from_bytes(&b)?)))
            .collect()
    }

    /// Makes `id` the live release of `purpose` (atomic: write aside, fsync, rename).
    pub(crate) fn set_live(&self, purpose: Purpose, id: &str) -> Result<()> {
        let ptr = self.live_pointer(purpose);
        let tmp = self.root.join(format!(".LIVE-{purpose}.{}", std::process::id()));
        std::fs::write(&tmp, id).map_err(io(&tmp))?;
        File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
        std::fs::rename(&tmp, &ptr).map_err(io(&ptr))?;
        File::open(&self.root).and_then(|f| f.sync_all()).map_err(io(&self.root))?;
        Ok(())
    }

    /// Writes a release from `trained` (new models, whose members `lineage` gives) plus the
    /// other shards of `parent` (reused), publishes it atomically and makes it live.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn publish(
        &self,
        purpose: Purpose,
        parent: Option<&ReleaseManifest>,
        dataset: &Path,
        dataset_manifest: &Manifest,
        trained: Vec<TrainedShard>,
        training_secs: f64,
        lineage: Lineage,
        reason: &str,
    ) -> Result<ReleaseManifest> {
        std::fs::create_dir_all(&self.root).map_err(io(&self.root))?;
        let now = Timestamp::now();
        let id = format!("r-{}", now.stamp());
        // Written aside and renamed into place whole; any error below drops the staging
        // directory, so a failed release leaves nothing behind.
        let staging = Staging::new(&self.dir(&id))?;
        let dir = staging.dir.clone();
        let retrained: Vec<u32> = trained.iter().map(|t| t.shard).collect();
        let mut shards: BTreeMap<u32, ReleaseShard> = BTreeMap::new();
        let lineage_dir = dir.join(LINEAGE_DIR);
        std::fs::create_dir(&lineage_dir).map_err(io(&lineage_dir))?;
        if let Some(parent) = parent {
            // The shards kept from the parent keep its files: model and lineage are linked.
            let pdir = self.dir(&parent.release_id);
            let whole = pdir.join(WHOLE_LINEAGE);
            let legacy = if whole.is_file() { Some(Lineage::read(&whole)?) } else { None };
            for s in parent.shards.iter().filter(|s| !retrained.contains(&s.shard)) {
                link_or_copy(&pdir.join(&s.model), &dir.join(&s.model))?;
                let to = shard_lineage(&dir, s.shard);
                match &legacy {
                    Some(all) => all.write_shard(&to, s.shard)?,
                    None => link_or_copy(&shard_lineage(&pdir, s.shard), &to)?,
                }
                shards.insert(s.shard, s.clone());
            }
        }
        for t in &trained {
            let file = format!("shard-{:05}.model", t.shard);
            let path = dir.join(&file);
            std::fs::write(&path, &t.bytes).map_err(io(&path))?;
            lineage.write_shard(&shard_lineage(&dir, t.shard), t.shard)?;
            shards.insert(
                t.shard,
                ReleaseShard {
                    shard: t.shard,
                    model: file,
                    sha256: sha256_file(&path)?,
                    dataset: dataset.display().to_string(),
                    dataset_id: dataset_manifest.dataset_id.clone(),
                    as_of: dataset_manifest.as_of,
                    trained_items: t.trained_items,
                    heldout_items: t.heldout.len() as u64,
                    members: t.members,
                    trained_in: id.clone(),
                },
            );
        }
        // Held-out texts of retrained shards come from the new data; the others keep theirs.
        let parent_heldout = parent
            .map(|p| self.dir(&p.release_id))
            .map(|pdir| read_heldout(&pdir).map(|text| (pdir, text)))
            .transpose()?;
        let mut heldout: Vec<(u32, &str)> = match &parent_heldout {
            Some((pdir, text)) => {
                heldout_lines(pdir, text)?.into_iter().filter(|(s, _)| !retrained.contains(s)).collect()
            }
            None => Vec::new(),
        };
        let cleaned: Vec<(u32, String)> =
            trained.iter().flat_map(|t| t.heldout.iter().map(|h| (t.shard, h.replace(['\n', '\t'], " ")))).collect();
        heldout.extend(cleaned.iter().map(|(s, t)| (*s, t.as_str())));
        write_heldout(&dir, &heldout)?;
        let mut manifest = ReleaseManifest {
            release_id: id.clone(),
            parent: parent.map(|p| p.release_id.clone()),
            purpose,
            created_at: now,
            shard_count: dataset_manifest.shard_count,
            shards: shards.into_values().collect(),
            retrained_shards: retrained,
            training_secs,
            heldout_perplexity: None,
            reason: reason.to_string(),
        };
        if purpose == Purpose::TrainGenai {
            let sample: Vec<&str> = heldout_sample(&heldout).collect();
            let ppl = self.write_terms(&dir, parent, &manifest, &trained, &sample)?;
            manifest.heldout_perplexity = ppl.is_finite().then_some(ppl);
        }
        let path = dir.join("manifest.json");
        std::fs::write(&path, serde_json::to_string_pretty(&manifest)?).map_err(io(&path))?;
        staging.publish()?;
        self.set_live(purpose, &id)?;
        Ok(manifest)
    }
}

impl Releases {
    /// Writes each shard model's terms on the held-out `sample` into the staged release `dir`,
    /// and returns the combined model's perplexity on it ([`quality`]). Retrained shards are
    /// scored by their new model; the others take their parent's terms, and a model is loaded
    /// only for texts those lack.
    fn write_terms(
        &self,
        dir: &Path,
        parent: Option<&ReleaseManifest>,
        manifest: &ReleaseManifest,
        trained: &[TrainedShard],
        sample: &[&str],
    ) -> Result<f64> {
        let jobs: Vec<&ReleaseShard> = manifest.shards.iter().filter(|s| s.trained_items > 0).collect();
        let distinct = quality::Sample::new(sample);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        // Retrained shards are scored on the cores left over, as they were trained.
        let per_shard = (cores / trained.len().max(1)).max(1);
        let terms_dir = dir.join(quality::TERMS_DIR);
        std::fs::create_dir_all(&terms_dir).map_err(io(&terms_dir))?;
        let score = |s: &ReleaseShard| -> Result<Terms> {
            let path = quality::terms_path(dir, s.shard);
            let load = || Ok(NgramModel::from_bytes(&read_verified(dir, s)?)?);
            if let Some(new) = trained.iter().find(|t| t.shard == s.shard) {
                let terms = match &new.model {
                    Some(model) => Terms::scored(&distinct, model, per_shard),
                    None => Terms::of(&distinct, &Terms::default(), load)?,
                };
                quality::write(&path, &terms)?;
                return Ok(terms);
            }
            let from = parent.map(|p| quality::terms_path(&self.dir(&p.release_id), s.shard)).filter(|p| p.is_file());
            let known = from.as_deref().map(quality::read).transpose()?.unwrap_or_default();
            // The parent's file holds the terms of exactly this sample (unless a held-out text
            // came or went): linked like the model. Otherwise the terms of texts that left are
            // dropped, so that nothing derived from them stays in the release.
            if let Some(from) = from.filter(|_| known.is_of(&distinct)) {
                link_or_copy(&from, &path)?;
                return Ok(known);
            }
            let terms = Terms::of(&distinct, &known, load)?;
            quality::write(&path, &terms)?;
            Ok(terms)
        };
        let threads = cores.min(jobs.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(s) = jobs.get(i) else { break };
                    let out = score(s).map(|t| (i, t));
                    results.lock().unwrap_or_else(|e| e.into_inner()).push(out);
                });
            }
        });
        let mut scored: Vec<(usize, Terms)> =
            results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect::<Result<_>>()?;
        scored.sort_by_key(|(i, _)| *i);
        let weighted: Vec<(f64, &Terms)> = scored.iter().map(|(i, t)| (jobs[*i].trained_items as f64, t)).collect();
        quality::perplexity(sample, &weighted)
    }
}

/// The directory of a release's lineage: one file per shard ([`shard_lineage`]), so that a
/// release retraining some shards links the others' lineage from its parent instead of
/// rewriting all of it.
const LINEAGE_DIR: &str = "lineage";
/// The one lineage file of releases published before the lineage was kept per shard; still read.
const WHOLE_LINEAGE: &str = "lineage.parquet";

/// The lineage file of one shard of the release in `dir`.
fn shard_lineage(dir: &Path, shard: u32) -> PathBuf {
    dir.join(LINEAGE_DIR).join(format!("shard-{shard:05}.parquet"))
}

/// Hard-links `from` to `to` (a published file never changes), or copies it where links fail.
fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ())).map_err(io(to))
}

fn load_mixture(dir: &Path, manifest: &ReleaseManifest) -> Result<Mixture> {
    let shards = Releases::shard_models(dir, manifest)?
        .into_iter()
        .map(|(w, b)| Ok((w, NgramModel::from_bytes(&b)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Mixture::new(shards)?)
}

/// Held-out texts the perplexity figure is computed on: all of them up to `HELDOUT_EVAL`, else a
/// stable sample of about that many (chosen by a hash of the text, so that two releases of the
/// same network are measured on nearly the same texts).
fn heldout_sample<'s, 'a>(heldout: &'s [(u32, &'a str)]) -> impl Iterator<Item = &'a str> + use<'s, 'a> {
    let every = (heldout.len() / HELDOUT_EVAL).max(1) as u64;
    heldout.iter().map(|(_, t)| *t).filter(move |t| every == 1 || fnv(t).is_multiple_of(every))
}

fn fnv(s: &str) -> u64 {
    assent_policy::mix::fnv1a(s.as_bytes())
}

/// A shard's model file, checked against the manifest's SHA-256.
fn read_verified(dir: &Path, shard: &ReleaseShard) -> Result<Vec<u8>> {
    let path = dir.join(&shard.model);
    let bytes = std::fs::read(&path).map_err(io(&path))?;
    if assent_policy::mix::hex(&Sha256::digest(&bytes)) != shard.sha256 {
        return Err(Error::Corrupt { path, detail: "model file does not match the manifest's SHA-256".into() });
    }
    Ok(bytes)
}

const HELDOUT: &str = "heldout.txt";

/// The held-out file of the release directory `dir`, whole: one `<shard>\t<text>` line per
/// held-out item.
fn read_heldout(dir: &Path) -> Result<String> {
    let path = dir.join(HELDOUT);
    std::fs::read_to_string(&path).map_err(io(&path))
}

/// (shard, text) of each line of `text`, the held-out file of the release directory `dir`.
fn heldout_lines<'a>(dir: &Path, text: &'a str) -> Result<Vec<(u32, &'a str)>> {
    text.lines()
        .enumerate()
        .map(|(n, l)| {
            let bad =
                || Error::Corrupt { path: dir.join(HELDOUT), detail: format!("line {}: not `<shard>\t<text>`", n + 1) };
            let (s, t) = l.split_once('\t').ok_or_else(bad)?;
            Ok((s.parse().map_err(|_| bad())?, t))
        })
        .collect()
}

/// Writes the held-out file of the staged release `dir` (texts hold no tab or line break).
fn write_heldout(dir: &Path, heldout: &[(u32, &str)]) -> Result<()> {
    use std::io::Write;
    let path = dir.join(HELDOUT);
    let file = File::create(&path).map_err(io(&path))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    for (n, (s, t)) in heldout.iter().enumerate() {
        let sep = if n == 0 { "" } else { "\n" };
        write!(out, "{sep}{s}\t{t}").map_err(io(&path))?;
    }
    out.flush().map_err(io(&path))
}

/// Trains a full release from a dataset (every shard) and makes it live.
pub fn train(data_dir: &Path, dataset: &Path) -> Result<ReleaseManifest> {
    let manifest = Manifest::read(dataset)?;
    let purpose = manifest.purpose;
    let releases = Releases::new(data_dir);
    let started = Instant::now();
    let shards: Vec<u32> = manifest.shards.iter().map(|s| s.shard).collect();
    let trained = train_shards(dataset, &manifest, &shards)?;
    let secs = started.elapsed().as_secs_f64();
    let lineage = Lineage::open(dataset)?;
    releases.publish(purpose, None, dataset, &manifest, trained, secs, lineage, "train")
}

/// Perplexity of a release on its own held-out items (for comparisons).
pub fn heldout_perplexity(releases: &Releases, manifest: &ReleaseManifest) -> Result<f64> {
    let model = releases.load_model(manifest)?;
    let dir = releases.dir(&manifest.release_id);
    let text = read_heldout(&dir)?;
    Ok(assent_models::perplexity(&model, heldout_sample(&heldout_lines(&dir, &text)?)))
}
