//! Members: sign-up, lookup, sessions, and closing an account (which erases its data).

use assent_policy::{Region, Timestamp};
use chrono::NaiveDate;

use crate::args;
use crate::db::{Row, Sql};
use crate::erasure::Tables;
use crate::{auth, validate, Error, MemberId, Result, Store};

/// How long a session token stays valid.
pub const SESSION_LIFETIME_MICROS: i64 = 30 * 24 * 3_600 * 1_000_000;

/// Sign-up input, as a client sends it; [`Store::create_member`] validates every field.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// Display name.
    pub name: String,
    /// E-mail address (login).
    pub email: String,
    /// Password in clear; only its argon2id hash is stored.
    pub password: String,
    /// ISO 3166-1 alpha-2 country code.
    pub region: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// The language chosen for Assent's pages (BCP 47, `fr`), or none to follow the browser.
    pub language: Option<String>,
}

/// A member account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Id (also the id in the consent ledger).
    pub id: MemberId,
    /// URL name: `/in/{handle}`.
    pub handle: String,
    /// Display name (empty once the account is closed).
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Country.
    pub region: Region,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// When the account was opened.
    pub joined_at: Timestamp,
    /// When the account was closed, if it was.
    pub closed_at: Option<Timestamp>,
    /// The language chosen for Assent's pages (BCP 47, `fr`), or none to follow the browser.
    pub language: Option<String>,
}

const MEMBER_COLUMNS: &str = "id, handle, name, email, region, birth_date, joined_at, closed_at, language";

/// Whether `id` is an open account (inside a transaction that then writes on it).
pub(crate) fn is_open(tx: &mut dyn Sql, id: MemberId) -> Result<bool> {
    tx.query_one("SELECT EXISTS (SELECT 1 FROM members WHERE id = ?1 AND closed_at IS NULL)", args![id], |r| r.bool(0))
}

fn row_to_member(r: &dyn Row) -> Result<Member> {
    let id = r.int(0)?;
    let (region, birth) = (r.text(4)?, r.text(5)?);
    Ok(Member {
        id,
        handle: r.text(1)?,
        name: r.text(2)?,
        email: r.text(3)?,
        region: Region::parse(&region).map_err(|e| Error::Database(format!("member {id}: region: {e}")))?,
        birth_date: NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
            .map_err(|e| Error::Database(format!("member {id}: birth date `{birth}`: {e}")))?,
        joined_at: Timestamp(r.int(6)?),
        closed_at: r.opt_int(7)?.map(Timestamp),
        language: r.opt_text(8)?,
    })
}

pub(crate) fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "member".to_string()
    } else {
        s.to_string()
    }
}

impl Store {
    /// Signs a member up. Validates every field first; writes nothing on error.
    pub fn create_member(&self, m: &NewMember, now: Timestamp) -> Result<Member> {
        let name = m.name.trim();
        validate::display_name(name)?;
        let email = validate::email(&m.email)?;
        validate::password(&m.password)?;
        let region = validate::region(&m.region)?;
        let birth_date = validate::birth_date(&m.birth_date, now.to_datetime().date_naive())?;
        if let Some(l) = &m.language {
            validate::language(l)?;
        }
        let hash = auth::hash_password(&m.password);

        let (id, handle) = self.db().transaction(|tx| {
            let taken =
                tx.query_one("SELECT EXISTS (SELECT 1 FROM members WHERE email = ?1)", args![&email], |r| r.bool(0))?;
            if taken {
                return Err(Error::Conflict { field: "email", problem: crate::Problem::EmailTaken(email.clone()) });
            }
            // The handle names the id, which the insert assigns: a unique placeholder until then.
            let id = tx.query_one(
                "INSERT INTO members (handle, name, email, password_hash, region, birth_date, joined_at, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                args![
                    format!("pending-{}", auth::new_token()),
                    name,
                    &email,
                    &hash,
                    region.as_str(),
                    birth_date.to_string(),
                    now.0,
                    m.language.as_deref()
                ],
                |r| r.int(0),
            )?;
            let handle = format!("{}-{id}", slug(name));
            tx.execute("UPDATE members SET handle = ?1 WHERE id = ?2", args![&handle, id])?;
            Ok((id, handle))
        })?;
        Ok(Member {
            id,
            handle,
            name: name.to_string(),
            email,
            region,
            birth_date,
            joined_at: now,
            closed_at: None,
            language: m.language.clone(),
        })
    }

    /// A member by id (closed accounts included).
    pub fn member(&self, id: MemberId) -> Result<Option<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id = ?1");
        self.db().query_opt(&sql, args![id], row_to_member)
    }

    /// A member of an open account by handle.
    pub fn member_by_handle(&self, handle: &str) -> Result<Option<Member>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members WHERE handle = ?1 AND closed_at IS NULL");
        self.db().query_opt(&sql, args![handle], row_to_member)
    }

    /// Some members of open accounts, by id (for listings and demo logins).
    pub fn members(&self, after: MemberId, limit: usize) -> Result<Vec<Member>> {
        let sql =
            format!("SELECT {MEMBER_COLUMNS} FROM members WHERE id > ?1 AND closed_at IS NULL ORDER BY id LIMIT ?2");
        self.db().query_vec(&sql, args![after, limit as i64], row_to_member)
    }

    /// Checks e-mail and password and opens a session. `None` if they do not match an open account.
    pub fn login(&self, email: &str, password: &str, now: Timestamp) -> Result<Option<(String, Timestamp)>> {
        let email = email.trim().to_lowercase();
        let found = self.db().query_opt(
            "SELECT id, password_hash FROM members WHERE email = ?1 AND closed_at IS NULL",
            args![&email],
            |r| Ok((r.int(0)?, r.text(1)?)),
        )?;
        let Some((id, hash)) = found else {
            // Spend the same time as a real check, so timing does not reveal which e-mails exist.
            static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            auth::verify_password(password, DUMMY.get_or_init(|| auth::hash_password("not a real password")));
            return Ok(None);
        };
        if !auth::verify_password(password, &hash) {
            return Ok(None);
        }
        let token = auth::new_token();
        let expires = Timestamp(now.0 + SESSION_LIFETIME_MICROS);
        self.db().execute(
            "INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            args![auth::token_hash(&token), id, now.0, expires.0],
        )?;
        Ok(Some((token, expires)))
    }

    /// The member a bearer token belongs to, if it is valid and unexpired.
    pub fn session_member(&self, token: &str, now: Timestamp) -> Result<Option<MemberId>> {
        self.db().query_opt(
            "SELECT s.member_id FROM sessions s JOIN members m ON m.id = s.member_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND m.closed_at IS NULL",
            args![auth::token_hash(token), now.0],
            |r| r.int(0),
        )
    }

    /// Ends a session.
    pub fn logout(&self, token: &str) -> Result<()> {
        self.db().execute("DELETE FROM sessions WHERE token_hash = ?1", args![auth::token_hash(token)])?;
        Ok(())
    }

    /// Sets the language of the member's pages (a BCP 47 tag such as `fr`), or none to follow
    /// their browser.
    pub fn set_language(&self, id: MemberId, language: Option<&str>) -> Result<()> {
        if let Some(l) = language {
            validate::language(l)?;
        }
        let n = self
            .db()
            .execute("UPDATE members SET language = ?2 WHERE id = ?1 AND closed_at IS NULL", args![id, language])?;
        if n == 0 {
            return Err(Error::NotFound("member"));
        }
        Ok(())
    }

    /// Closes an account: erases the member's name, e-mail, password, sessions, every item's text
    /// and the text of every message they sent, in one transaction.
    pub fn close_member(&self, id: MemberId, now: Timestamp) -> Result<()> {
        self.db().transaction(|tx| {
            let open = tx.query_opt("SELECT closed_at IS NULL FROM members WHERE id = ?1", args![id], |r| r.bool(0))?;
            if open != Some(true) {
                return Err(Error::NotFound("member"));
            }
            tx.execute(
                "UPDATE members SET name = '', email = 'closed-' || id || '@invalid', password_hash = '',
                     handle = 'closed-' || id, closed_at = ?2 WHERE id = ?1",
                args![id, now.0],
            )?;
            tx.execute(
                "DELETE FROM experience WHERE item_id IN (SELECT id FROM items WHERE member_id = ?1)",
                args![id],
            )?;
            tx.execute(
                "UPDATE items SET text = NULL, lang = NULL, deleted_at = ?2 WHERE member_id = ?1 AND deleted_at IS NULL",
                args![id, now.0],
            )?;
            tx.execute("UPDATE messages SET text = NULL WHERE sender_id = ?1", args![id])?;
            tx.execute("DELETE FROM sessions WHERE member_id = ?1", args![id])?;
            tx.execute("DELETE FROM connection_requests WHERE from_id = ?1 OR to_id = ?1", args![id])?;
            Ok(())
        })?;
        self.finish_erasure(Tables::ALL)
    }
}
