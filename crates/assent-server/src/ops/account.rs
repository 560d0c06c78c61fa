//! Accounts: sign-up, log-in (throttled), log-out, the member's own profile, closing the account.

use std::net::IpAddr;

use assent_policy::{Kind, Timestamp, Visibility};
use assent_store::{normalise_skills, ItemId, Member, MemberId, NewExperience, NewMember};

use super::{Effects, Error, Result};
use crate::AppState;

/// Sign-ups allowed per IP address within [`SIGN_UP_WINDOW`]: enough for a household or an
/// office behind one address, too few to fill the store or keep the password hashers busy.
pub const SIGN_UPS_PER_IP: usize = 20;
/// The window of [`SIGN_UPS_PER_IP`].
pub const SIGN_UP_WINDOW: std::time::Duration = std::time::Duration::from_secs(3600);

/// Creates an account for a caller at `ip` (`None` when there is no network peer, as in-process).
/// Each attempt admitted to password hashing counts against the IP address's limit. A new member
/// may be reserved from the start (a minor, an opt-in region), so the do-not-train signals are
/// refreshed.
pub fn sign_up(s: &AppState, m: &NewMember, ip: Option<IpAddr>) -> Result<Member> {
    let hashing = s.hashing.enter().map_err(Error::Busy)?;
    if let Some(ip) = ip {
        s.sign_ups.hit(ip).map_err(Error::TooManySignUps)?;
    }
    let member = s.store.create_member(m, Timestamp::now())?;
    drop(hashing);
    Effects(s).signals_changed();
    tracing::info!(member = member.id, "signed up");
    Ok(member)
}

/// A session: the bearer token (also the web app's cookie) and when it stops working.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token.
    pub token: String,
    /// When it expires.
    pub expires_at: Timestamp,
}

/// Exchanges an e-mail address and a password for a session. Failures count against the
/// address and the caller's IP ([`throttle`]); over the limit the attempt is refused unchecked.
pub fn log_in(s: &AppState, email: &str, password: &str, ip: Option<IpAddr>) -> Result<Session> {
    let attempt = s.throttle.begin(email, ip).map_err(Error::Throttled)?;
    let hashing = s.hashing.enter().map_err(Error::Busy)?;
    let checked = s.store.login(email, password, Timestamp::now())?;
    drop(hashing);
    match checked {
        Some((token, expires_at)) => {
            attempt.succeeded();
            Ok(Session { token, expires_at })
        }
        None => {
            attempt.failed();
            Err(Error::BadCredentials)
        }
    }
}

/// Sets the language of the member's pages, or none to follow their browser.
pub fn set_language(s: &AppState, me: MemberId, language: Option<&str>) -> Result<()> {
    Ok(s.store.set_language(me, language)?)
}

/// Ends a session: the token stops working.
pub fn log_out(s: &AppState, token: &str) -> Result<()> {
    Ok(s.store.logout(token)?)
}

/// One profile field of an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldEdit<T> {
    /// Set (create or replace) the field.
    Set {
        /// The new value.
        value: T,
        /// Who may see it.
        visibility: Visibility,
    },
    /// Delete the field; its text is erased.
    Clear,
}

/// An edit of the single profile fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    /// The headline (one line).
    pub headline: Option<FieldEdit<String>>,
    /// "About".
    pub about: Option<FieldEdit<String>>,
    /// Skills, one per entry.
    pub skills: Option<FieldEdit<Vec<String>>>,
}

impl ProfileEdit {
    /// Whether the edit touches no field.
    pub fn is_empty(&self) -> bool {
        self.headline.is_none() && self.about.is_none() && self.skills.is_none()
    }
}

/// Edits the profile: the fields set are validated and written together (all or nothing), then
/// cleared fields are deleted. Replaced, re-scoped or erased text may have trained a release, so
/// unlearning is requested.
pub fn edit_profile(s: &AppState, me: MemberId, edit: &ProfileEdit) -> Result<()> {
    if edit.is_empty() {
        return Err(Error::Incomplete("give at least one of `headline`, `about`, `skills`".into()));
    }
    let skills = match &edit.skills {
        Some(FieldEdit::Set { value, visibility }) => {
            Some(FieldEdit::Set { value: normalise_skills(value)?, visibility: *visibility })
        }
        Some(FieldEdit::Clear) => Some(FieldEdit::Clear),
        None => None,
    };
    let now = Timestamp::now();
    let profile = s.store.profile(me)?;
    let mut set = Vec::new();
    let mut cleared = Vec::new();
    for (kind, edit, existing) in [
        (Kind::ProfileHeadline, edit.headline.as_ref(), &profile.headline),
        (Kind::ProfileAbout, edit.about.as_ref(), &profile.about),
        (Kind::ProfileSkills, skills.as_ref(), &profile.skills),
    ] {
        match edit {
            Some(FieldEdit::Set { value, visibility }) => set.push((kind, value.trim().to_string(), *visibility)),
            Some(FieldEdit::Clear) => cleared.extend(existing.as_ref().map(|i| i.id)),
            None => {}
        }
    }
    if !set.is_empty() {
        s.store.set_profile_fields(me, &set, now)?;
    }
    for id in cleared {
        s.store.delete_item(me, id, now)?;
    }
    Effects(s).data_may_be_ineligible();
    Ok(())
}

/// Adds an experience entry.
pub fn add_experience(s: &AppState, me: MemberId, e: &NewExperience) -> Result<ItemId> {
    Ok(s.store.add_experience(me, e, Timestamp::now())?)
}

/// Deletes one of the member's experience entries; its text is erased and unlearning requested.
pub fn delete_experience(s: &AppState, me: MemberId, item: ItemId) -> Result<()> {
    match s.store.item(item)? {
        Some(i) if i.member_id == me && i.kind == Kind::ProfileExperience => {
            s.store.delete_item(me, item, Timestamp::now())?
        }
        _ => return Err(Error::NotFound("experience entry")),
    }
    Effects(s).data_may_be_ineligible();
    Ok(())
}

/// Closes the account: every text the member wrote is erased for good, their sessions end, and
/// releases trained on their data are to forget it.
pub fn close_account(s: &AppState, me: MemberId) -> Result<()> {
    s.store.close_member(me, Timestamp::now())?;
    Effects(s).data_may_be_ineligible();
    tracing::info!(member = me, "account closed");
    Ok(())
}
