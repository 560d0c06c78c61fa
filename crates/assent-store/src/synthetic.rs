//! Loading a synthetic network (from `assent-synth`) into an empty store and its consent ledger.

use assent_ledger::{Change, Ledger, Method};
use assent_policy::{language, Kind, Timestamp, Visibility};
use assent_synth::Synth;

use crate::args;
use crate::db::{Dialect, Value};
use crate::items::{experience_text, normalise_skills};
use crate::{auth, Error, Result, Store};

/// Members per write transaction.
const CHUNK: u32 = 50_000;

/// Indexes a load builds after the rows are in (see [`Store::load_synthetic`]).
const DEFERRED_INDEXES: [&str; 3] = ["items_by_time", "items_by_change", "messages_by_recipient"];

/// The page cache of a load, in KiB.
const BULK_CACHE_KIB: i64 = 1 << 20;

/// What a load wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Members.
    pub members: u64,
    /// Items (profile fields, posts, articles, comments).
    pub items: u64,
    /// Private messages.
    pub messages: u64,
    /// Connections.
    pub connections: u64,
    /// Consent events in the ledger.
    pub consent_events: u64,
    /// Job postings.
    pub jobs: u64,
}

impl Store {
    /// Loads the whole synthetic network into this (empty) store and its consent changes into
    /// `ledger`. `progress` is told how many members are done after each chunk.
    pub fn load_synthetic(&self, ledger: &Ledger, synth: &Synth, mut progress: impl FnMut(u32)) -> Result<LoadReport> {
        if !self.is_empty()? {
            return Err(Error::NotEmpty);
        }
        // The indexes on random keys (handles, e-mails, item times) outgrow SQLite's default 2 MiB
        // page cache after a few hundred thousand members, and every insert then reads index
        // pages from the file. A load keeps them in memory: up to 1 GiB while it runs.
        //
        // The indexes whose keys arrive in random order (item times, message recipients) are
        // dropped for the load and built again after it from the full tables, which sorts once
        // instead of inserting into a growing tree; whatever the load's outcome, they are built
        // again before this returns.
        let dialect = self.db().dialect();
        let previous = match dialect {
            Dialect::Sqlite => {
                let previous = self.db().query_one("PRAGMA cache_size", &[], |r| r.int(0))?;
                self.db().batch(&format!("PRAGMA cache_size = {}", -BULK_CACHE_KIB))?;
                Some(previous)
            }
            Dialect::Postgres => None,
        };
        let names = DEFERRED_INDEXES.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
        let deferred = self.with_transaction(|tx| {
            let indexes = match dialect {
                Dialect::Sqlite => {
                    format!("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({names})")
                }
                Dialect::Postgres => format!("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ({names})"),
            };
            let indexes = tx.query_vec(&indexes, &[], |r| Ok((r.text(0)?, r.text(1)?)))?;
            for (name, _) in &indexes {
                tx.batch(&format!("DROP INDEX {name}"))?;
            }
            Ok(indexes)
        })?;
        let loaded = self.load(ledger, synth, &mut progress);
        let rebuilt = self.with_transaction(|tx| {
            for (_, sql) in &deferred {
                tx.batch(sql)?;
            }
            if dialect == Dialect::Postgres {
                // The load chose the ids of these; identities would otherwise start again at 1.
                for table in ["members", "companies", "jobs", "items", "messages"] {
                    tx.query_one(
                        &format!(
                            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                        ),
                        &[],
                        |r| r.int(0),
                    )?;
                }
            }
            Ok(())
        });
        if let Some(previous) = previous {
            self.db().batch(&format!("PRAGMA cache_size = {previous}"))?;
        }
        let report = loaded?;
        rebuilt?;
        Ok(report)
    }

    fn load(&self, ledger: &Ledger, synth: &Synth, progress: &mut impl FnMut(u32)) -> Result<LoadReport> {
        let n = synth.config().members;
        let hash = auth::hash_password_seeded(Synth::demo_password(), synth.config().seed);
        let mut report = LoadReport::default();
        self.with_transaction(|tx| {
            for c in synth.companies() {
                tx.execute(
                    "INSERT INTO companies (id, name, industry, region) VALUES (?1, ?2, ?3, ?4)",
                    args![c.id, c.name.as_str(), c.industry.as_str(), c.region.as_str()],
                )?;
            }
            for j in synth.jobs() {
                tx.execute(
                    "INSERT INTO jobs (id, company_id, title, description, skills, region, posted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    args![
                        j.id,
                        j.company,
                        j.title.as_str(),
                        j.description.as_str(),
                        j.skills.join(", "),
                        j.region.as_str(),
                        j.posted_at.0
                    ],
                )?;
                report.jobs += 1;
            }
            Ok(())
        })?;

        // Pass 1: members, their items and their edges to lower ids (which already exist). The
        // loader numbers items and messages itself, in the order SQLite would, so that the rows
        // of a chunk go in with one bulk insert per table (one COPY each on PostgreSQL).
        let mut joined = vec![0i64; n as usize + 1];
        let mut closed = vec![false; n as usize + 1];
        let mut next_item = self.db().query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM items", &[], |r| r.int(0))?;
        let mut start = 1;
        while start <= n {
            let end = (start + CHUNK - 1).min(n);
            let mut changes = Vec::new();
            let mut rows = Rows::default();
            let mut edges = Vec::new();
            for id in start..=end {
                let m = synth.member(id);
                joined[id as usize] = m.joined_at.0;
                closed[id as usize] = m.closed_at.is_some();
                member_rows(&mut rows, synth, &m, &hash, &mut report, &mut next_item)?;
                for other in synth.connections(id) {
                    edges.push((other, id, joined[id as usize].max(joined[other as usize])));
                }
                for c in synth.consent_changes(id) {
                    changes.push(Change::at(i64::from(id), c.purpose, c.value, Method::Import, c.at));
                }
            }
            // In key order, each page of the connections table is visited once per chunk.
            edges.sort_unstable();
            report.connections += edges.len() as u64;
            let edges: Vec<Vec<Value<'static>>> =
                edges.into_iter().map(|(a, b, at)| vec![Value::from(a), Value::from(b), Value::from(at)]).collect();
            self.with_transaction(|tx| {
                tx.insert_many("members", MEMBER_COLUMNS, &rows.members)?;
                tx.insert_many("items", ITEM_COLUMNS, &rows.items)?;
                tx.insert_many("experience", EXPERIENCE_COLUMNS, &rows.experience)?;
                tx.insert_many("connections", &["a", "b", "created_at"], &edges)
            })?;
            ledger.record_all(&changes)?;
            report.consent_events += changes.len() as u64;
            progress(end);
            start = end + 1;
        }

        // Pass 2: messages, whose recipients may have higher ids. A closed account's sent
        // messages are stored erased, as closing it would leave them.
        let mut next_message =
            self.db().query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM messages", &[], |r| r.int(0))?;
        let mut start = 1;
        while start <= n {
            let end = (start + CHUNK * 4 - 1).min(n);
            let mut rows = Vec::new();
            for id in start..=end {
                for msg in synth.messages(id) {
                    let text = (!closed[id as usize]).then(|| msg.text.clone());
                    rows.push(vec![
                        Value::from(next_message),
                        Value::from(id),
                        Value::from(msg.to),
                        Value::from(text),
                        Value::from(msg.sent_at.0),
                    ]);
                    next_message += 1;
                }
            }
            report.messages += rows.len() as u64;
            self.with_transaction(|tx| {
                tx.insert_many("messages", &["id", "sender_id", "recipient_id", "text", "sent_at"], &rows)
            })?;
            start = end + 1;
        }
        // Nothing was erased (closed accounts' texts went in as NULL); SQLite's log is folded
        // into the file all the same.
        if self.db().dialect() == Dialect::Sqlite {
            self.finish_erasure(crate::erasure::Tables::default())?;
        }
        Ok(report)
    }
}

/// The rows of one chunk of a load, with the ids the loader chose, in insertion order.
#[derive(Default)]
struct Rows {
    members: Vec<Vec<Value<'static>>>,
    items: Vec<Vec<Value<'static>>>,
    experience: Vec<Vec<Value<'static>>>,
}

const MEMBER_COLUMNS: &[&str] =
    &["id", "handle", "name", "email", "password_hash", "region", "birth_date", "joined_at", "closed_at", "language"];
const ITEM_COLUMNS: &[&str] = &[
    "id",
    "member_id",
    "kind",
    "visibility",
    "text",
    "created_at",
    "updated_at",
    "visibility_changed_at",
    "deleted_at",
    "parent_id",
    "lang",
];
const EXPERIENCE_COLUMNS: &[&str] = &["item_id", "title", "company", "start_date", "end_date"];

/// One member's rows: the account, its items (numbered from `next_item`) and experience.
fn member_rows(
    rows: &mut Rows,
    synth: &Synth,
    m: &assent_synth::Member,
    hash: &str,
    report: &mut LoadReport,
    next_item: &mut i64,
) -> Result<()> {
    let closed = m.closed_at;
    // A closed account is stored as closing leaves it: identity and texts erased.
    let (handle, name, email, hash) = match closed {
        Some(_) => (format!("closed-{}", m.id), String::new(), format!("closed-{}@invalid", m.id), ""),
        None => (m.handle.clone(), m.name.clone(), m.email.clone(), hash),
    };
    rows.members.push(vec![
        Value::from(m.id),
        Value::from(handle),
        Value::from(name),
        Value::from(email),
        Value::from(hash.to_string()),
        Value::from(m.region.as_str().to_string()),
        Value::from(m.birth_date.to_string()),
        Value::from(m.joined_at.0),
        Value::from(closed.map(|t| t.0)),
        // French writers read French pages; everyone else follows their browser.
        Value::from((m.language != "en").then(|| m.language.to_string())),
    ]);
    report.members += 1;

    let member = i64::from(m.id);
    let mut item = |rows: &mut Rows,
                    kind: Kind,
                    vis: Visibility,
                    body: &str,
                    at: Timestamp,
                    deleted: Option<Timestamp>,
                    parent: Option<i64>| {
        let deleted = deleted.or(closed);
        let id = *next_item;
        *next_item += 1;
        report.items += 1;
        let text = deleted.is_none().then_some(body);
        rows.items.push(vec![
            Value::from(id),
            Value::from(member),
            Value::from(kind.as_str()),
            Value::from(vis.as_str()),
            Value::from(text.map(str::to_string)),
            Value::from(at.0),
            Value::from(at.0),
            Value::from(at.0),
            Value::from(deleted.map(|t| t.0)),
            Value::from(parent),
            Value::from(text.map(language::detect)),
        ]);
        id
    };
    item(rows, Kind::ProfileHeadline, m.headline.visibility, &m.headline.text, m.joined_at, None, None);
    item(rows, Kind::ProfileAbout, m.about.visibility, &m.about.text, m.joined_at, None, None);
    if !m.skills.is_empty() {
        let skills = normalise_skills(&m.skills)?;
        item(rows, Kind::ProfileSkills, m.skills_visibility, &skills, m.joined_at, None, None);
    }
    for e in &m.experience {
        let company = &synth.companies()[e.company as usize - 1].name;
        let body = experience_text(&e.title, company, e.start, e.end, &e.description, Some(m.language));
        let id = item(rows, Kind::ProfileExperience, m.experience_visibility, &body, m.joined_at, None, None);
        if closed.is_none() {
            rows.experience.push(vec![
                Value::from(id),
                Value::from(e.title.clone()),
                Value::from(company.clone()),
                Value::from(e.start.to_string()),
                Value::from(e.end.map(|d| d.to_string())),
            ]);
        }
    }
    // Comments hang under the member's latest post (or stand alone if there is none yet).
    let mut last_post = None;
    for p in &m.posts {
        let parent = if p.kind == Kind::Comment { last_post } else { None };
        let id = item(rows, p.kind, p.visibility, &p.text, p.created_at, p.deleted_at, parent);
        if p.kind != Kind::Comment {
            last_post = Some(id);
        }
    }
    Ok(())
}
