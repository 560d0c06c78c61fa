//! Companies and job postings.

use assent_policy::Timestamp;
use rusqlite::{params, Row};

use crate::{Result, Store};

/// A company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Industry.
    pub industry: String,
    /// Country of the head office.
    pub region: String,
}

/// A job posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Id.
    pub id: i64,
    /// The hiring company.
    pub company: Company,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Required skills.
    pub skills: Vec<String>,
    /// Country of the position.
    pub region: String,
    /// When it was posted.
    pub posted_at: Timestamp,
}

fn row_to_job(r: &Row<'_>) -> rusqlite::Result<Job> {
    let skills: String = r.get(4)?;
    Ok(Job {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        region: r.get(3)?,
        skills: skills.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        posted_at: Timestamp(r.get(5)?),
        company: Company { id: r.get(6)?, name: r.get(7)?, industry: r.get(8)?, region: r.get(9)? },
    })
}

impl Store {
    /// Job postings, newest first; `query` (if any) must appear in the title, skills or company name.
    pub fn jobs(&self, query: Option<&str>, limit: usize) -> Result<Vec<Job>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT j.id, j.title, j.description, j.region, j.skills, j.posted_at, c.id, c.name, c.industry, c.region
             FROM jobs j JOIN companies c ON c.id = j.company_id
             WHERE ?1 IS NULL OR instr(lower(j.title || ' ' || j.skills || ' ' || c.name), lower(?1)) > 0
             ORDER BY j.posted_at DESC, j.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, limit as i64], row_to_job)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
