//! The AI-data settings (*Data for Generative AI Improvement*, *Data for AI-powered
//! recommendations*), the Global Privacy Control signal and the policy notices.
//!
//! [`change`] is the one write path of a setting, whoever asks (the API, the web toggles, the
//! GPC signal): durable in the ledger, then unlearning requested when a setting turned OFF, then
//! the do-not-train signals refreshed, then the new state.

use assent_ledger::{Change, Method, Setting};
use assent_policy::{Purpose, Timestamp};
use assent_store::{Member, MemberId};

use super::{Effects, Error, Result};
use crate::AppState;

/// How many setting changes one member may make within [`CHANGE_WINDOW`].
pub const CHANGES_PER_WINDOW: usize = 30;
/// The window of [`CHANGES_PER_WINDOW`].
pub const CHANGE_WINDOW: std::time::Duration = std::time::Duration::from_secs(60);

/// Both settings of a member at one instant, each with where its value comes from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// *Data for Generative AI Improvement* (`train-genai`).
    pub train_genai: Setting,
    /// *Data for AI-powered recommendations* (`train-ai`).
    pub train_ai: Setting,
}

impl Settings {
    /// The setting of `purpose`.
    pub fn get(&self, purpose: Purpose) -> &Setting {
        match purpose {
            Purpose::TrainGenai => &self.train_genai,
            Purpose::TrainAi => &self.train_ai,
        }
    }
}

/// The member's settings at `t`, as the ledger resolves them (latest choice, else the region
/// default of the policy in force, else OFF).
pub fn settings_of(s: &AppState, m: &Member, t: Timestamp) -> Result<Settings> {
    Ok(Settings {
        train_genai: s.ledger.setting_as_of(m.id, m.region, Purpose::TrainGenai, t)?,
        train_ai: s.ledger.setting_as_of(m.id, m.region, Purpose::TrainAi, t)?,
    })
}

fn member(s: &AppState, me: MemberId) -> Result<Member> {
    s.store.member(me)?.ok_or(Error::NotFound("member"))
}

/// The member's settings now.
pub fn current(s: &AppState, me: MemberId) -> Result<Settings> {
    settings_of(s, &member(s, me)?, Timestamp::now())
}

/// Changes settings: each `(purpose, value)` is recorded with `method`, durable before this
/// returns; unlearning is requested when one turned OFF; the do-not-train signals are refreshed.
/// Returns the new state.
pub fn change(s: &AppState, me: MemberId, values: &[(Purpose, bool)], method: Method) -> Result<Settings> {
    if values.is_empty() {
        return Err(Error::Incomplete("give `train_genai`, `train_ai` or both, as true or false".into()));
    }
    let m = member(s, me)?;
    // A person changes these now and then; a script flipping them without end would grow the
    // ledger for nothing. The GPC signal applies once and is never refused.
    if method != Method::Gpc {
        s.setting_writes.hit(me).map_err(Error::TooFrequent)?;
    }
    let changes: Vec<Change> = values.iter().map(|&(p, v)| Change::now(me, p, v, method)).collect();
    s.ledger.record_all(&changes)?;
    tracing::info!(member = me, changes = changes.len(), %method, "AI-data settings changed");
    if values.iter().any(|&(_, v)| !v) {
        Effects(s).data_may_be_ineligible();
    } else {
        Effects(s).signals_changed();
    }
    settings_of(s, &m, Timestamp::now())
}

/// A browser that sends `Sec-GPC: 1` asks not to have its user's data shared or sold. Where the
/// policy in force counts that as an opt-out, the first signed-in page view with it turns OFF
/// every AI-data setting that is ON (method `gpc`). Once recorded, a member's later choice wins:
/// the signal is not applied again. Returns the settings it turned off.
pub fn honour_gpc(s: &AppState, m: &Member) -> Result<Vec<Purpose>> {
    let now = Timestamp::now();
    let counts = s.ledger.policies().in_force_at(now).is_some_and(|p| p.gpc_is_opt_out());
    if !counts {
        return Ok(Vec::new());
    }
    let settings = settings_of(s, m, now)?;
    if !settings.train_genai.value || s.ledger.history(m.id)?.iter().any(|e| e.method == Method::Gpc) {
        return Ok(Vec::new());
    }
    let off: Vec<Purpose> = Purpose::ALL.into_iter().filter(|&p| settings.get(p).value).collect();
    let values: Vec<(Purpose, bool)> = off.iter().map(|&p| (p, false)).collect();
    change(s, m.id, &values, Method::Gpc)?;
    tracing::info!(member = m.id, "Global Privacy Control signal honoured as an opt-out");
    Ok(off)
}

/// A policy banner to show.
#[derive(Debug, Clone)]
pub struct Notice {
    /// The version it announces.
    pub version: String,
    /// When that version takes (or took) effect.
    pub effective: Timestamp,
    /// Whether it is not in force yet.
    pub upcoming: bool,
}

/// The banner for `member`: the next policy version before it takes effect, else the version in
/// force if it took effect after the member joined (they have not seen it at sign-up); never one
/// they dismissed. Showing it is recorded in the store (the first time counts).
pub fn notice(s: &AppState, member: &Member) -> Result<Option<Notice>> {
    let now = Timestamp::now();
    let candidate = {
        let policies = s.ledger.policies();
        let upcoming = policies.versions().iter().find(|p| p.effective() > now);
        match (upcoming, policies.in_force_at(now)) {
            (Some(p), _) => Some(Notice { version: p.version().to_string(), effective: p.effective(), upcoming: true }),
            (None, Some(p)) if p.effective() > member.joined_at => {
                Some(Notice { version: p.version().to_string(), effective: p.effective(), upcoming: false })
            }
            _ => None,
        }
    };
    let Some(n) = candidate else { return Ok(None) };
    let record = s.store.notice_shown(member.id, &n.version, now)?;
    Ok(record.dismissed_at.is_none().then_some(n))
}

/// Records that the member dismissed the banner of policy `version`.
pub fn dismiss_notice(s: &AppState, me: MemberId, version: &str) -> Result<()> {
    if s.ledger.policies().get(version).is_none() {
        return Err(Error::NotFound("policy version"));
    }
    Ok(s.store.dismiss_notice(me, version, Timestamp::now())?)
}
