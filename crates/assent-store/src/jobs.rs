//! Companies and job postings.

use assent_policy::Timestamp;

use crate::args;
use crate::db::Row;
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

fn row_to_job(r: &dyn Row) -> Result<Job> {
    let skills = r.text(4)?;
    Ok(Job {
        id: r.int(0)?,
        title: r.text(1)?,
        description: r.text(2)?,
        region: r.text(3)?,
        skills: skills.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        posted_at: Timestamp(r.int(5)?),
        company: Company { id: r.int(6)?, name: r.text(7)?, industry: r.text(8)?, region: r.text(9)? },
    })
}

impl Store {
    /// Job postings, newest first; `query` (if any) must appear in the title, skills or company name.
    pub fn jobs(&self, query: Option<&str>, limit: usize) -> Result<Vec<Job>> {
        self.db().query_vec(
            "SELECT j.id, j.title, j.description, j.region, j.skills, j.posted_at, c.id, c.name, c.industry, c.region
             FROM jobs j JOIN companies c ON c.id = j.company_id
             WHERE CAST(?1 AS TEXT) IS NULL
                OR instr(lower(j.title || ' ' || j.skills || ' ' || c.name), lower(CAST(?1 AS TEXT))) > 0
             ORDER BY j.posted_at DESC, j.id DESC LIMIT ?2",
            args![query, limit as i64],
            row_to_job,
        )
    }
}
