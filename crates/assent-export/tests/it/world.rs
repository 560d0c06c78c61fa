//! Random small worlds, loaded straight into a store and a ledger, and the naive reference
//! of the eligibility rule written from DESIGN.md (deliberately not calling `decide`).

use std::collections::BTreeSet;
use std::path::Path;

use assent_ledger::{Change, Database, Ledger, Method};
use assent_policy::{Purpose, Timestamp};
use assent_store::args;
use assent_store::Store;
use proptest::prelude::*;

pub const DAY: i64 = 86_400_000_000;
/// 2025-09-01T00:00:00Z: two months before the seed policy takes effect.
pub const START: i64 = 1_756_684_800_000_000;
const EFFECTIVE: i64 = 1_762_128_000_000_000; // 2025-11-03T00:00:00Z

#[derive(Debug, Clone)]
pub struct MemberSpec {
    pub region: &'static str,
    /// Days from START to the 18th birthday (negative: adult before START).
    pub adult_day: i64,
    pub joined_day: i64,
    pub closed_day: Option<i64>,
    /// (day, purpose is genai, value)
    pub events: Vec<(i64, bool, bool)>,
}

impl WorldSpec {
    /// A member has at most one live headline, "About" and skills field: extra ones become comments.
    fn normalized(mut self) -> WorldSpec {
        let mut seen = BTreeSet::new();
        for it in &mut self.items {
            let single = matches!(it.kind, "profile.headline" | "profile.about" | "profile.skills");
            if single && !seen.insert((it.member, it.kind)) {
                it.kind = "comment";
                if it.visibility == "private" {
                    it.visibility = "connections";
                }
            }
        }
        self
    }
}

impl MemberSpec {
    pub fn minor_at(&self, t: Timestamp) -> bool {
        t.0 < START + self.adult_day * DAY
    }
}

#[derive(Debug, Clone)]
pub struct ItemSpec {
    pub member: usize,
    pub kind: &'static str,
    pub visibility: &'static str,
    pub created_day: i64,
    pub visibility_day: i64,
    pub deleted_day: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct WorldSpec {
    pub members: Vec<MemberSpec>,
    pub items: Vec<ItemSpec>,
}

const KINDS: [&str; 7] =
    ["profile.headline", "profile.about", "profile.experience", "profile.skills", "post", "article", "comment"];

fn arb_member() -> impl Strategy<Value = MemberSpec> {
    (
        prop::sample::select(vec!["US", "FR", "GB", "BR", "IN"]),
        -20_000i64..300,
        0i64..380,
        prop::option::weighted(0.15, 0i64..400),
        prop::collection::vec((0i64..400, any::<bool>(), any::<bool>()), 0..4),
    )
        .prop_map(|(region, adult_day, joined_day, closed, events)| MemberSpec {
            region,
            adult_day,
            joined_day,
            closed_day: closed.map(|c| c.max(joined_day)),
            events,
        })
}

pub fn arb_world() -> impl Strategy<Value = WorldSpec> {
    prop::collection::vec(arb_member(), 1..8).prop_flat_map(|members| {
        let n = members.len();
        let item = (
            0..n,
            prop::sample::select(KINDS.to_vec()),
            prop::sample::select(vec!["public", "public", "connections", "private"]),
            0i64..400,
            0i64..60,
            prop::option::weighted(0.15, 0i64..60),
        )
            .prop_map(|(member, kind, visibility, created_day, vis_after, deleted_after)| {
                let visibility = if matches!(kind, "post" | "article" | "comment") && visibility == "private" {
                    "connections"
                } else {
                    visibility
                };
                ItemSpec {
                    member,
                    kind,
                    visibility,
                    created_day,
                    visibility_day: created_day + vis_after,
                    deleted_day: deleted_after.map(|d| created_day + d),
                }
            });
        (Just(members), prop::collection::vec(item, 0..30))
            .prop_map(|(members, items)| WorldSpec { members, items }.normalized())
    })
}

pub fn fixed_world() -> WorldSpec {
    let mut members = Vec::new();
    let mut items = Vec::new();
    for m in 0..40usize {
        members.push(MemberSpec {
            region: ["US", "FR", "GB"][m % 3],
            adult_day: if m % 10 == 0 { 350 } else { -5000 },
            joined_day: (m as i64 * 3) % 90,
            closed_day: (m % 17 == 0).then_some(200),
            events: if m % 4 == 0 { vec![(100, true, false)] } else { vec![] },
        });
        for k in 0..5 {
            items.push(ItemSpec {
                member: m,
                kind: KINDS[(m + k) % KINDS.len()],
                visibility: if k == 4 { "connections" } else { "public" },
                created_day: 90 + (m as i64 + k as i64 * 7) % 200,
                visibility_day: 90 + (m as i64 + k as i64 * 7) % 200,
                deleted_day: (k == 3 && m % 5 == 0).then_some(350),
            });
        }
    }
    WorldSpec { members, items }.normalized()
}

/// A store and ledger holding a world. Member i of the spec has id i + 1; item j has id j + 1.
pub struct World {
    pub store: Store,
    pub ledger: Ledger,
}

fn t(day: i64) -> i64 {
    START + day * DAY
}

impl World {
    /// The world in SQLite files in `dir`.
    pub fn build(dir: &Path, spec: &WorldSpec) -> World {
        World::build_in(&Database::Sqlite(dir.join("network.db")), &Database::Sqlite(dir.join("ledger.db")), spec)
    }

    /// The world in one PostgreSQL database (a fresh one, such as a scratch database's).
    pub fn build_in_postgres(db: &Database, spec: &WorldSpec) -> World {
        World::build_in(db, db, spec)
    }

    fn build_in(store: &Database, ledger: &Database, spec: &WorldSpec) -> World {
        let store = Store::create(store).unwrap();
        let ledger = Ledger::create(ledger).unwrap();
        store
            .with_transaction(|tx| {
                for (i, m) in spec.members.iter().enumerate() {
                    // The 18th birthday is at START + adult_day days: birth = that date minus 18 years.
                    let adult = Timestamp(t(m.adult_day)).to_datetime().date_naive();
                    let birth = adult.checked_sub_months(chrono::Months::new(18 * 12)).unwrap();
                    tx.execute(
                        "INSERT INTO members (id, handle, name, email, password_hash, region, birth_date, joined_at, closed_at)
                         VALUES (?1, ?6, 'M', ?7, '', ?2, ?3, ?4, ?5)",
                        args![
                            i as i64 + 1,
                            m.region,
                            birth.to_string(),
                            t(m.joined_day),
                            m.closed_day.map(t),
                            format!("m{}", i + 1),
                            format!("m{}@example.com", i + 1)
                        ],
                    )?;
                    tx.execute(
                        "INSERT INTO messages (sender_id, recipient_id, text, sent_at) VALUES (?1, ?1, ?3, ?2)",
                        args![i as i64 + 1, t(m.joined_day), format!("MESSAGE-{}", i + 1)],
                    )?;
                }
                for (j, it) in spec.items.iter().enumerate() {
                    let m = &spec.members[it.member];
                    let deleted = it.deleted_day.or(m.closed_day).map(t);
                    // A third of the items are written in French (the shards record each text's language).
                    let text = match (deleted, j % 3) {
                        (Some(_), _) => None,
                        (None, 0) => Some(format!("le texte de l'élément {}, écrivez-moi à x{}@example.com", j + 1, j + 1)),
                        (None, _) => Some(format!("item {} text, mail me at x{}@example.com", j + 1, j + 1)),
                    };
                    // Labelled as the store labels what members write.
                    let lang = text.as_deref().map(assent_policy::language::detect);
                    tx.execute(
                        "INSERT INTO items (id, member_id, kind, visibility, text, created_at, updated_at, visibility_changed_at, deleted_at, lang)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9)",
                        args![j as i64 + 1, it.member as i64 + 1, it.kind, it.visibility, text, t(it.created_day), t(it.visibility_day), deleted, lang],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let mut changes = Vec::new();
        for (i, m) in spec.members.iter().enumerate() {
            for &(day, genai, value) in &m.events {
                let purpose = if genai { Purpose::TrainGenai } else { Purpose::TrainAi };
                changes.push(Change::at(i as i64 + 1, purpose, value, Method::Import, Timestamp(t(day))));
            }
        }
        if !changes.is_empty() {
            ledger.record_all(&changes).unwrap();
        }
        World { store, ledger }
    }
}

/// Items created at or before `as_of` (the snapshot holds exactly these).
pub fn items_created_by(spec: &WorldSpec, as_of: Timestamp) -> u64 {
    spec.items.iter().filter(|i| t(i.created_day) <= as_of.0).count() as u64
}

/// DESIGN.md's rule, written out plainly for the seed policy (every listed kind eligible for
/// both purposes, opt-out everywhere, pre-effective content in scope, minimum age 18).
pub fn naive_included(spec: &WorldSpec, purpose: Purpose, as_of: Timestamp) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    if as_of.0 < EFFECTIVE {
        return out; // 1. no policy in force
    }
    for (j, it) in spec.items.iter().enumerate() {
        let m = &spec.members[it.member];
        let exists = t(it.created_day) <= as_of.0 && it.deleted_day.is_none(); // 2. existed, not deleted (erasure)
        let public = it.visibility == "public" && t(it.visibility_day) <= as_of.0;
        let open = t(m.joined_day) <= as_of.0 && m.closed_day.is_none(); // 4. account open (erasure)
        let adult = !m.minor_at(as_of);
        // 3. latest event at or before T for the purpose, else the default (ON).
        let genai = purpose == Purpose::TrainGenai;
        let mut latest: Option<(i64, usize, bool)> = None;
        for (k, &(day, g, v)) in m.events.iter().enumerate() {
            if g == genai && t(day) <= as_of.0 && latest.is_none_or(|(d, kk, _)| (day, k) >= (d, kk)) {
                latest = Some((day, k, v));
            }
        }
        let on = latest.is_none_or(|l| l.2);
        if exists && public && open && adult && on {
            out.insert(j as i64 + 1);
        }
    }
    out
}
