//! Machine-readable "do not train" signals for outside crawlers. A member's public pages are
//! **reserved** when their *Data for Generative AI Improvement* setting is OFF at request time or
//! when they are under the minimum age of the policy in force. Reserved pages carry
//! `Content-Usage: train-ai=n` (IETF AIPREF), `X-Robots-Tag: noai, noimageai`,
//! `tdm-reservation: 1` (W3C TDMRep) and `<meta name="robots" content="noai, noimageai">`;
//! `/robots.txt` and `/.well-known/tdmrep.json` list the same paths. Pages of opted-in adults
//! carry none of them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assent_policy::{adult_at, Policy, Purpose, Timestamp};
use assent_store::Member;

use super::Result;
use crate::AppState;

/// Minimum age when no policy is in force (policies cannot go lower).
const FALLBACK_MINIMUM_AGE: u32 = 18;
/// How long the site-wide lists are reused before being rebuilt from the store and the ledger
/// (changes made through this server rebuild them at once).
const CACHE_TTL: Duration = Duration::from_secs(60);

/// Whether someone with this setting and birth date is reserved at `now`.
fn is_reserved(policy: Option<&Policy>, member: &Member, train_genai: bool, now: Timestamp) -> bool {
    let minimum_age = policy.map_or(FALLBACK_MINIMUM_AGE, |p| p.minimum_age());
    !train_genai || now < adult_at(member.birth_date, minimum_age)
}

/// Whether `member`'s public pages are reserved now: their `train-genai` setting as the ledger
/// resolves it at this instant (latest choice, else their region's default), and their age.
pub fn reserved(state: &AppState, member: &Member) -> Result<bool> {
    let now = Timestamp::now();
    let setting = state.ledger.setting_as_of(member.id, member.region, Purpose::TrainGenai, now)?;
    let policies = state.ledger.policies();
    Ok(is_reserved(policies.in_force_at(now), member, setting.value, now))
}

/// The handles of every reserved member, built from the store and the ledger.
#[derive(Debug)]
pub struct Reserved {
    /// Handles, by member id.
    pub handles: Vec<String>,
    /// When the list was built.
    pub built_at: Timestamp,
}

/// The cached list.
#[derive(Debug, Default)]
pub struct Cache {
    entry: Mutex<Option<(Instant, Arc<Reserved>)>>,
}

impl Cache {
    pub fn invalidate(&self) {
        *self.entry.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// The reserved members, from the cache if it is fresh.
pub fn reserved_members(state: &AppState) -> Result<Arc<Reserved>> {
    if let Some((at, r)) = &*state.signals.entry.lock().unwrap_or_else(|e| e.into_inner()) {
        if at.elapsed() < CACHE_TTL {
            return Ok(r.clone());
        }
    }
    let built = Arc::new(build(state)?);
    *state.signals.entry.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), built.clone()));
    Ok(built)
}

/// Walks every open account once. Settings come from the ledger's in-memory index (refreshed
/// first, so changes other processes recorded count), resolved exactly as everywhere else by
/// [`Ledger::setting_as_of`], without a query per member.
///
/// [`Ledger::setting_as_of`]: assent_ledger::Ledger::setting_as_of
fn build(state: &AppState) -> Result<Reserved> {
    state.ledger.refresh()?;
    let now = Timestamp::now();
    let policies = state.ledger.policies().clone();
    let policy = policies.in_force_at(now);
    let mut handles = Vec::new();
    let mut after = 0;
    loop {
        let page = state.store.members(after, 1_000)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for m in &page {
            let genai = state.ledger.setting_as_of(m.id, m.region, Purpose::TrainGenai, now)?;
            if is_reserved(policy, m, genai.value, now) {
                handles.push(m.handle.clone());
            }
        }
    }
    Ok(Reserved { handles, built_at: now })
}

/// `/robots.txt`: every path allowed to crawl; reserved members' profile and post pages marked
/// `train-ai=n` with the AIPREF `Content-Usage` rule (RFC 9309 path patterns: `$` ends the
/// profile path so that `/in/ada-1` does not also cover `/in/ada-12`).
pub fn robots_txt(r: &Reserved) -> String {
    let mut s = String::with_capacity(64 * r.handles.len() + 512);
    s.push_str("# Assent: AI usage preferences of members (IETF AIPREF vocabulary).\n");
    s.push_str("# Members who turned off \"Data for Generative AI Improvement\", and members under 18,\n");
    s.push_str("# reserve their public profile and post pages from AI training: train-ai=n.\n");
    s.push_str("# The same paths are listed in /.well-known/tdmrep.json (W3C TDMRep).\n");
    s.push_str(&format!("# Generated {}.\n\n", r.built_at));
    s.push_str("User-Agent: *\nAllow: /\n");
    for h in &r.handles {
        s.push_str(&format!("Content-Usage: /in/{h}$ train-ai=n\nContent-Usage: /in/{h}/ train-ai=n\n"));
    }
    s
}

/// `/.well-known/tdmrep.json`: a TDMRep rule per reserved path.
pub fn tdmrep_json(r: &Reserved) -> String {
    let rules: Vec<serde_json::Value> = r
        .handles
        .iter()
        .flat_map(|h| {
            [
                serde_json::json!({"location": format!("/in/{h}"), "tdm-reservation": 1}),
                serde_json::json!({"location": format!("/in/{h}/*"), "tdm-reservation": 1}),
            ]
        })
        .collect();
    serde_json::to_string_pretty(&rules).expect("JSON values serialise")
}
