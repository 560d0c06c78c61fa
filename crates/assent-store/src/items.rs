//! Items: profile fields, posts, articles and comments — everything a policy may make eligible.

use assent_policy::{language, Kind, Timestamp, Visibility};
use chrono::NaiveDate;

use crate::args;
use crate::db::{Row, Sql};
use crate::erasure::Tables;
use crate::error::{invalid, Problem};
use crate::{validate, Error, ItemId, MemberId, Result, Store};

/// One item of member content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Id.
    pub id: ItemId,
    /// Owner.
    pub member_id: MemberId,
    /// Kind (never a hard-excluded kind: those are not items).
    pub kind: Kind,
    /// Current visibility.
    pub visibility: Visibility,
    /// The text; `None` once erased.
    pub text: Option<String>,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last edit.
    pub updated_at: Timestamp,
    /// When the item took its current visibility.
    pub visibility_changed_at: Timestamp,
    /// Deletion time, if deleted.
    pub deleted_at: Option<Timestamp>,
    /// The post a comment belongs to.
    pub parent_id: Option<ItemId>,
}

/// An experience entry of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experience {
    /// The item holding the entry's text.
    pub item: Item,
    /// Job title.
    pub title: String,
    /// Employer.
    pub company: String,
    /// Start.
    pub start: NaiveDate,
    /// End; `None` = current.
    pub end: Option<NaiveDate>,
}

/// Input for a new experience entry.
#[derive(Debug, Clone)]
pub struct NewExperience {
    /// Job title.
    pub title: String,
    /// Employer.
    pub company: String,
    /// Start, `YYYY-MM-DD`.
    pub start: String,
    /// End, `YYYY-MM-DD`, or `None` for a current position.
    pub end: Option<String>,
    /// What the member did there.
    pub description: String,
    /// Visibility.
    pub visibility: Visibility,
}

/// A member's profile fields (each `None` when never set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// `profile.headline`.
    pub headline: Option<Item>,
    /// `profile.about`.
    pub about: Option<Item>,
    /// `profile.skills`: the text is the skills, comma-separated.
    pub skills: Option<Item>,
    /// `profile.experience` entries, newest first.
    pub experience: Vec<Experience>,
}

pub(crate) const ITEM_COLUMNS: &str =
    "id, member_id, kind, visibility, text, created_at, updated_at, visibility_changed_at, deleted_at, parent_id";

/// An item's kind and visibility as stored (columns `kind_at` and the next); an unknown name is
/// an error that names the item.
pub(crate) fn kind_and_visibility(r: &dyn Row, id: ItemId, kind_at: usize) -> Result<(Kind, Visibility)> {
    let (kind, vis) = (r.text(kind_at)?, r.text(kind_at + 1)?);
    Ok((
        kind.parse().map_err(|_| Error::Database(format!("item {id}: unknown kind `{kind}`")))?,
        vis.parse().map_err(|_| Error::Database(format!("item {id}: unknown visibility `{vis}`")))?,
    ))
}

pub(crate) fn row_to_item(r: &dyn Row) -> Result<Item> {
    let id = r.int(0)?;
    let (kind, visibility) = kind_and_visibility(r, id, 2)?;
    Ok(Item {
        id,
        member_id: r.int(1)?,
        kind,
        visibility,
        text: r.opt_text(4)?,
        created_at: Timestamp(r.int(5)?),
        updated_at: Timestamp(r.int(6)?),
        visibility_changed_at: Timestamp(r.int(7)?),
        deleted_at: r.opt_int(8)?.map(Timestamp),
        parent_id: r.opt_int(9)?,
    })
}

fn limit_of(kind: Kind) -> (&'static str, usize) {
    match kind {
        Kind::ProfileHeadline => ("headline", validate::HEADLINE_MAX),
        Kind::ProfileAbout => ("about", validate::ABOUT_MAX),
        Kind::Article => ("text", validate::ARTICLE_MAX),
        Kind::Comment => ("text", validate::COMMENT_MAX),
        _ => ("text", validate::POST_MAX),
    }
}

/// The text stored for an experience entry: what a reader of the profile sees, in the member's
/// language (`fr`: "… chez … (2021-09 – aujourd'hui)"; anything else: English).
pub(crate) fn experience_text(
    title: &str,
    company: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    description: &str,
    language: Option<&str>,
) -> String {
    let french = language.is_some_and(|l| l == "fr" || l.starts_with("fr-"));
    let (at, present) = if french { ("chez", "aujourd'hui") } else { ("at", "present") };
    let until = end.map_or(present.to_string(), |d| d.format("%Y-%m").to_string());
    format!("{title} {at} {company} ({} – {until}). {description}", start.format("%Y-%m"))
}

/// Skills as stored: trimmed, de-duplicated, comma-separated; validated.
pub fn normalise_skills(skills: &[String]) -> Result<String> {
    if skills.len() > validate::SKILLS_MAX {
        return Err(invalid("skills", Problem::TooManySkills { given: skills.len(), max: validate::SKILLS_MAX }));
    }
    let mut out: Vec<&str> = Vec::new();
    for s in skills {
        let s = s.trim();
        validate::text("skills", s, validate::SKILL_MAX)?;
        if s.contains(',') || s.contains('\n') {
            return Err(invalid("skills", Problem::SkillSeparator(s.to_string())));
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s);
        }
    }
    Ok(out.join(", "))
}

/// Inserts an item (shared by the API paths and the synthetic-network loader), with its text's
/// language.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_item(
    tx: &mut dyn Sql,
    member: MemberId,
    kind: Kind,
    visibility: Visibility,
    text: Option<&str>,
    created_at: Timestamp,
    deleted_at: Option<Timestamp>,
    parent: Option<ItemId>,
) -> Result<ItemId> {
    tx.query_one(
        "INSERT INTO items (member_id, kind, visibility, text, created_at, updated_at, visibility_changed_at, deleted_at, parent_id, lang)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5, ?6, ?7, ?8) RETURNING id",
        args![
            member,
            kind.as_str(),
            visibility.as_str(),
            text,
            created_at.0,
            deleted_at.map(|t| t.0),
            parent,
            text.map(language::detect)
        ],
        |r| r.int(0),
    )
}

impl Store {
    /// An item by id (deleted ones too, with their text erased).
    pub fn item(&self, id: ItemId) -> Result<Option<Item>> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM items WHERE id = ?1");
        self.db().query_opt(&sql, args![id], row_to_item)
    }

    /// Creates a post, article or comment (a comment needs the `parent` post).
    pub fn create_post(
        &self,
        member: MemberId,
        kind: Kind,
        text: &str,
        visibility: Visibility,
        parent: Option<ItemId>,
        now: Timestamp,
    ) -> Result<ItemId> {
        if !matches!(kind, Kind::Post | Kind::Article | Kind::Comment) {
            return Err(invalid("kind", Problem::NotPostKind(kind.to_string())));
        }
        if visibility == Visibility::Private {
            return Err(invalid("visibility", Problem::PostVisibility));
        }
        let (field, max) = limit_of(kind);
        validate::text(field, text, max)?;
        self.db().transaction(|tx| {
            if kind == Kind::Comment {
                let parent = parent.ok_or_else(|| invalid("parent", Problem::NoParent))?;
                let ok = tx.query_opt(
                    "SELECT deleted_at IS NULL FROM items WHERE id = ?1 AND kind IN ('post', 'article')",
                    args![parent],
                    |r| r.bool(0),
                )?;
                if ok != Some(true) {
                    return Err(Error::NotFound("post"));
                }
            }
            insert_item(tx, member, kind, visibility, Some(text), now, None, parent)
        })
    }

    /// Deletes one of the member's own items and erases its text for good.
    pub fn delete_item(&self, member: MemberId, id: ItemId, now: Timestamp) -> Result<()> {
        self.db().transaction(|tx| {
            let owner =
                tx.query_opt("SELECT member_id, deleted_at IS NULL FROM items WHERE id = ?1", args![id], |r| {
                    Ok((r.int(0)?, r.bool(1)?))
                })?;
            match owner {
                Some((owner, true)) if owner == member => {}
                Some((owner, _)) if owner != member => {
                    return Err(Error::Forbidden("only the author may delete an item"))
                }
                _ => return Err(Error::NotFound("item")),
            }
            tx.execute("DELETE FROM experience WHERE item_id = ?1", args![id])?;
            tx.execute(
                "UPDATE items SET text = NULL, lang = NULL, deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                args![id, now.0],
            )?;
            Ok(())
        })?;
        self.finish_erasure(Tables::ITEMS.and(Tables::EXPERIENCE))
    }

    /// Sets (creates or replaces) a headline, "About" or skills field. The previous text is
    /// overwritten; a change of visibility is timestamped.
    pub fn set_profile_field(
        &self,
        member: MemberId,
        kind: Kind,
        text: &str,
        visibility: Visibility,
        now: Timestamp,
    ) -> Result<()> {
        self.set_profile_fields(member, &[(kind, text.to_string(), visibility)], now)
    }

    /// Sets several single profile fields at once: all are validated first, then written in one
    /// transaction, so a bad field leaves every field as it was.
    pub fn set_profile_fields(
        &self,
        member: MemberId,
        fields: &[(Kind, String, Visibility)],
        now: Timestamp,
    ) -> Result<()> {
        for (kind, text, _) in fields {
            let (field, max) = match kind {
                Kind::ProfileHeadline | Kind::ProfileAbout => limit_of(*kind),
                Kind::ProfileSkills => ("skills", usize::MAX),
                _ => return Err(invalid("kind", Problem::NotProfileField(kind.to_string()))),
            };
            validate::text(field, text, max)?;
            if *kind == Kind::ProfileHeadline && text.contains('\n') {
                return Err(invalid("headline", Problem::NotOneLine));
            }
        }
        self.db().transaction(|tx| {
            for (kind, text, visibility) in fields {
                let existing = tx.query_opt(
                    "SELECT id FROM items WHERE member_id = ?1 AND kind = ?2 AND deleted_at IS NULL",
                    args![member, kind.as_str()],
                    |r| r.int(0),
                )?;
                match existing {
                    Some(id) => {
                        tx.execute(
                            "UPDATE items SET text = ?2, lang = ?5, updated_at = ?3, visibility = ?4,
                                 visibility_changed_at = CASE WHEN visibility = ?4 THEN visibility_changed_at ELSE ?3 END
                             WHERE id = ?1",
                            args![id, text, now.0, visibility.as_str(), language::detect(text)],
                        )?;
                    }
                    None => {
                        insert_item(tx, member, *kind, *visibility, Some(text), now, None, None)?;
                    }
                }
            }
            Ok(())
        })
    }

    /// Sets the skills field from a list (trimmed, de-duplicated, stored comma-separated).
    pub fn set_skills(
        &self,
        member: MemberId,
        skills: &[String],
        visibility: Visibility,
        now: Timestamp,
    ) -> Result<()> {
        let text = normalise_skills(skills)?;
        self.set_profile_field(member, Kind::ProfileSkills, &text, visibility, now)
    }

    /// Changes only the visibility of one of the member's items.
    pub fn set_visibility(&self, member: MemberId, id: ItemId, visibility: Visibility, now: Timestamp) -> Result<()> {
        let changed = self.db().execute(
            "UPDATE items SET visibility = ?3,
                 visibility_changed_at = CASE WHEN visibility = ?3 THEN visibility_changed_at ELSE ?4 END
             WHERE id = ?1 AND member_id = ?2 AND deleted_at IS NULL",
            args![id, member, visibility.as_str(), now.0],
        )?;
        if changed == 0 {
            return Err(Error::NotFound("item"));
        }
        Ok(())
    }

    /// Adds an experience entry.
    pub fn add_experience(&self, member: MemberId, e: &NewExperience, now: Timestamp) -> Result<ItemId> {
        validate::text("title", &e.title, validate::TITLE_MAX)?;
        validate::text("company", &e.company, validate::TITLE_MAX)?;
        validate::text("description", &e.description, validate::DESCRIPTION_MAX)?;
        let start = validate::date("start", &e.start)?;
        let end = e.end.as_deref().map(|s| validate::date("end", s)).transpose()?;
        if end.is_some_and(|end| end < start) {
            return Err(invalid("end", Problem::BeforeStart));
        }
        if start > now.to_datetime().date_naive() {
            return Err(invalid("start", Problem::StartInFuture));
        }
        self.db().transaction(|tx| {
            let language =
                tx.query_opt("SELECT language FROM members WHERE id = ?1", args![member], |r| r.opt_text(0))?.flatten();
            let text = experience_text(
                e.title.trim(),
                e.company.trim(),
                start,
                end,
                e.description.trim(),
                language.as_deref(),
            );
            let id = insert_item(tx, member, Kind::ProfileExperience, e.visibility, Some(&text), now, None, None)?;
            tx.execute(
                "INSERT INTO experience (item_id, title, company, start_date, end_date) VALUES (?1, ?2, ?3, ?4, ?5)",
                args![id, e.title.trim(), e.company.trim(), start.to_string(), end.map(|d| d.to_string())],
            )?;
            Ok(id)
        })
    }

    /// The member's profile fields (all of them; callers filter by what the viewer may see).
    pub fn profile(&self, member: MemberId) -> Result<Profile> {
        let mut db = self.db();
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM items WHERE member_id = ?1 AND kind LIKE 'profile.%' AND deleted_at IS NULL"
        );
        let items = db.query_vec(&sql, args![member], row_to_item)?;
        let mut profile = Profile::default();
        for item in items {
            match item.kind {
                Kind::ProfileHeadline => profile.headline = Some(item),
                Kind::ProfileAbout => profile.about = Some(item),
                Kind::ProfileSkills => profile.skills = Some(item),
                Kind::ProfileExperience => {
                    let (title, company, start, end) = db.query_one(
                        "SELECT title, company, start_date, end_date FROM experience WHERE item_id = ?1",
                        args![item.id],
                        |r| Ok((r.text(0)?, r.text(1)?, r.text(2)?, r.opt_text(3)?)),
                    )?;
                    let date = |s: &str| {
                        NaiveDate::parse_from_str(s, "%Y-%m-%d")
                            .map_err(|e| self.corrupt(format!("experience {}: date `{s}`: {e}", item.id)))
                    };
                    let (start, end) = (date(&start)?, end.as_deref().map(date).transpose()?);
                    profile.experience.push(Experience { item, title, company, start, end });
                }
                _ => {}
            }
        }
        profile.experience.sort_by_key(|e| std::cmp::Reverse(e.start));
        Ok(profile)
    }

    /// Posts, articles and comments of one member, newest first (not deleted).
    pub fn posts_of(&self, member: MemberId, limit: usize) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM items WHERE member_id = ?1 AND kind IN ('post', 'article', 'comment')
             AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?2"
        );
        self.db().query_vec(&sql, args![member, limit as i64], row_to_item)
    }

    /// The viewer's feed: their own posts, their connections' posts and public posts, newest first.
    pub fn feed(&self, viewer: MemberId, limit: usize) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE kind IN ('post', 'article') AND deleted_at IS NULL AND (
                 member_id = ?1
                 OR member_id IN (SELECT b FROM connections WHERE a = ?1 UNION SELECT a FROM connections WHERE b = ?1)
                 OR visibility = 'public')
             ORDER BY created_at DESC, id DESC LIMIT ?2"
        );
        self.db().query_vec(&sql, args![viewer, limit as i64], row_to_item)
    }

    /// Whether `viewer` may see `item`: public to all, connections-only to the owner's
    /// connections, private to the owner; deleted items to nobody.
    pub fn can_see(&self, viewer: Option<MemberId>, item: &Item) -> Result<bool> {
        if item.deleted_at.is_some() {
            return Ok(false);
        }
        Ok(match (item.visibility, viewer) {
            (Visibility::Public, _) => true,
            (_, Some(v)) if v == item.member_id => true,
            (Visibility::Connections, Some(v)) => self.are_connected(v, item.member_id)?,
            _ => false,
        })
    }
}
