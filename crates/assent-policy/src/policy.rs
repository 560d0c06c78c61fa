//! Policy documents: parsing and validating the TOML format, and answering what a policy says.
//!
//! A [`Policy`] can only be obtained from [`Policy::parse`], which rejects everything the format
//! does not allow, so holding a `Policy` means holding a valid one.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::{Error, Kind, Purpose, Region, Result, Timestamp};

/// The legal basis for using member data for a purpose in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalBasis {
    /// `legitimate-interest`: opt-out, the setting is ON unless the member turns it off.
    LegitimateInterest,
    /// `consent`: opt-in, the setting is OFF unless the member turns it on.
    Consent,
}

impl LegalBasis {
    /// The stable name used in policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalBasis::LegitimateInterest => "legitimate-interest",
            LegalBasis::Consent => "consent",
        }
    }

    /// The setting a member has before making any choice.
    pub fn default_setting(self) -> bool {
        self == LegalBasis::LegitimateInterest
    }
}

/// One `[[region]]` rule: a set of countries and their legal basis per purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRule {
    /// Human-readable name of the rule.
    pub name: String,
    /// The names as written in the file (countries and groups such as `EEA`).
    pub written: Vec<String>,
    /// The legal basis per purpose, indexed by [`Purpose::index`].
    pub bases: [LegalBasis; 2],
}

/// A validated, versioned AI-training policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    version: String,
    effective: Timestamp,
    summary: String,
    minimum_age: u32,
    notice_days: u32,
    pre_effective_content_in_scope: bool,
    gpc_is_opt_out: bool,
    eligible: [Vec<Kind>; 2],
    default: [LegalBasis; 2],
    rules: Vec<RegionRule>,
    by_country: HashMap<Region, usize>,
    translations: std::collections::BTreeMap<String, Translation>,
    source: String,
}

/// The notice period of a policy that states none, in days.
pub const DEFAULT_NOTICE_DAYS: u32 = 30;
/// The longest notice period a policy may state, in days.
const MAX_NOTICE_DAYS: i64 = 3_650;

fn default_notice_days() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_NOTICE_DAYS))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    version: Spanned<String>,
    effective: Spanned<toml::value::Datetime>,
    #[serde(default)]
    summary: String,
    minimum_age: Spanned<i64>,
    #[serde(default = "default_notice_days")]
    notice_days: Spanned<i64>,
    pre_effective_content_in_scope: bool,
    gpc_is_opt_out: bool,
    purposes: RawPurposes,
    default: RawBases,
    #[serde(default)]
    region: Vec<RawRegion>,
    /// Members' words in other languages, by BCP 47 primary language tag (`[translations.fr]`).
    #[serde(default)]
    translations: std::collections::BTreeMap<Spanned<String>, RawTranslation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslation {
    #[serde(default)]
    summary: Option<String>,
    /// Region rule names: the English name as in `[[region]] name`, then its translation.
    #[serde(default)]
    regions: std::collections::BTreeMap<Spanned<String>, String>,
}

/// The member-facing words of a policy in one other language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Translation {
    summary: Option<String>,
    regions: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurposes {
    #[serde(rename = "train-genai")]
    train_genai: RawPurpose,
    #[serde(rename = "train-ai")]
    train_ai: RawPurpose,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    eligible: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBases {
    #[serde(rename = "train-genai")]
    train_genai: Spanned<String>,
    #[serde(rename = "train-ai")]
    train_ai: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: Spanned<String>,
    countries: Vec<Spanned<String>>,
    #[serde(rename = "train-genai")]
    train_genai: Spanned<String>,
    #[serde(rename = "train-ai")]
    train_ai: Spanned<String>,
}

/// Builds errors that point into one document.
struct Doc<'a> {
    file: &'a str,
    text: &'a str,
}

impl Doc<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Error::Policy { file: self.file.to_string(), line, column, message: message.into() }
    }
}

impl Policy {
    /// Parses and validates a policy document. `file` names it in error messages.
    pub fn parse(file: &str, text: &str) -> Result<Policy> {
        let doc = Doc { file, text };
        let raw: RawPolicy = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            doc.error(e.span().unwrap_or(0..0), message)
        })?;

        let version = raw.version.get_ref().trim().to_string();
        if version.is_empty() || version.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(
                doc.error(raw.version.span(), "`version` must be a non-empty name without spaces, e.g. \"2025-11-03\"")
            );
        }
        let effective = parse_effective(&doc, &raw.effective)?;
        let age = *raw.minimum_age.get_ref();
        if age < 18 {
            return Err(doc.error(
                raw.minimum_age.span(),
                format!("`minimum_age = {age}` is not allowed: minors' data is never used for AI training; set it to 18 or more"),
            ));
        }
        if age > 150 {
            return Err(doc.error(raw.minimum_age.span(), format!("`minimum_age = {age}` is not a plausible age")));
        }
        let notice_days = *raw.notice_days.get_ref();
        if !(0..=MAX_NOTICE_DAYS).contains(&notice_days) {
            return Err(doc.error(
                raw.notice_days.span(),
                format!("`notice_days = {notice_days}` must be between 0 and {MAX_NOTICE_DAYS}: the days members are told before the policy takes effect"),
            ));
        }
        let eligible = [
            parse_kinds(&doc, Purpose::TrainGenai, &raw.purposes.train_genai.eligible)?,
            parse_kinds(&doc, Purpose::TrainAi, &raw.purposes.train_ai.eligible)?,
        ];
        let default = [parse_basis(&doc, &raw.default.train_genai)?, parse_basis(&doc, &raw.default.train_ai)?];

        let mut rules = Vec::new();
        let mut by_country: HashMap<Region, usize> = HashMap::new();
        for (index, r) in raw.region.iter().enumerate() {
            if r.countries.is_empty() {
                return Err(doc.error(
                    r.name.span(),
                    format!("region rule `{}` lists no countries; add at least one to `countries`", r.name.get_ref()),
                ));
            }
            for name in &r.countries {
                let countries = Region::expand(name.get_ref()).map_err(|e| doc.error(name.span(), e.to_string()))?;
                for country in countries {
                    if let Some(&earlier) = by_country.get(&country) {
                        let which = if earlier == index {
                            "earlier in this rule".to_string()
                        } else {
                            format!("rule `{}`", rules_name(&raw.region, earlier))
                        };
                        return Err(doc.error(
                            name.span(),
                            format!("region rules overlap: {country} (from `{}`) is already covered by {which}; each country may appear in one rule only", name.get_ref()),
                        ));
                    }
                    by_country.insert(country, index);
                }
            }
            rules.push(RegionRule {
                name: r.name.get_ref().clone(),
                written: r.countries.iter().map(|c| c.get_ref().clone()).collect(),
                bases: [parse_basis(&doc, &r.train_genai)?, parse_basis(&doc, &r.train_ai)?],
            });
        }

        let mut translations = std::collections::BTreeMap::new();
        for (lang, t) in &raw.translations {
            let tag = lang.get_ref();
            if !(2..=3).contains(&tag.len()) || !tag.bytes().all(|b| b.is_ascii_lowercase()) || tag == "en" {
                return Err(doc.error(
                    lang.span(),
                    format!("`[translations.{tag}]`: name another language by its two- or three-letter code, e.g. `fr` (the policy itself is English)"),
                ));
            }
            let mut regions = HashMap::new();
            for (name, words) in &t.regions {
                if !rules.iter().any(|r| &r.name == name.get_ref()) {
                    return Err(doc.error(
                        name.span(),
                        format!("`{}` is not the name of a `[[region]]` rule of this policy", name.get_ref()),
                    ));
                }
                regions.insert(name.get_ref().clone(), words.trim().to_string());
            }
            let summary = t.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            translations.insert(tag.clone(), Translation { summary, regions });
        }

        Ok(Policy {
            version,
            effective,
            summary: raw.summary.trim().to_string(),
            minimum_age: age as u32,
            notice_days: notice_days as u32,
            pre_effective_content_in_scope: raw.pre_effective_content_in_scope,
            gpc_is_opt_out: raw.gpc_is_opt_out,
            eligible,
            default,
            rules,
            by_country,
            translations,
            source: text.to_string(),
        })
    }

    /// The version name, e.g. `2025-11-03`.
    pub fn version(&self) -> &str {
        &self.version
    }
    /// The instant from which this policy is in force.
    pub fn effective(&self) -> Timestamp {
        self.effective
    }
    /// A plain-language summary for members.
    pub fn summary(&self) -> &str {
        &self.summary
    }
    /// The summary in language `lang` (a primary tag such as `fr`), when the policy gives one.
    pub fn summary_in(&self, lang: &str) -> Option<&str> {
        self.translations.get(lang).and_then(|t| t.summary.as_deref())
    }
    /// A region rule's name in language `lang`, when the policy gives one.
    pub fn region_name_in<'a>(&'a self, rule: &'a RegionRule, lang: &str) -> Option<&'a str> {
        self.translations.get(lang).and_then(|t| t.regions.get(&rule.name)).map(String::as_str)
    }
    /// The minimum age (≥ 18) for a member's data to be used.
    pub fn minimum_age(&self) -> u32 {
        self.minimum_age
    }
    /// How many days before `effective` members are notified; a version installed later than
    /// that before its effective instant is refused (a policy never applies retroactively).
    pub fn notice_days(&self) -> u32 {
        self.notice_days
    }
    /// The latest instant at which this version may be installed: `effective` less the notice
    /// period.
    pub fn install_deadline(&self) -> Timestamp {
        Timestamp(self.effective.0.saturating_sub(i64::from(self.notice_days) * 86_400_000_000))
    }
    /// Whether content created before the effective date may be used.
    pub fn pre_effective_content_in_scope(&self) -> bool {
        self.pre_effective_content_in_scope
    }
    /// Whether a Global Privacy Control signal counts as an opt-out.
    pub fn gpc_is_opt_out(&self) -> bool {
        self.gpc_is_opt_out
    }
    /// The document's text, exactly as parsed.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The region rules, in file order.
    pub fn region_rules(&self) -> &[RegionRule] {
        &self.rules
    }
    /// The legal basis everywhere no region rule covers, per purpose.
    pub fn default_bases(&self) -> [LegalBasis; 2] {
        self.default
    }

    /// Kinds eligible for `purpose` (never a hard-excluded kind).
    pub fn eligible_kinds(&self, purpose: Purpose) -> &[Kind] {
        &self.eligible[purpose.index()]
    }

    /// Whether items of `kind` may train models for `purpose` under this policy.
    pub fn is_eligible(&self, kind: Kind, purpose: Purpose) -> bool {
        !kind.is_hard_excluded() && self.eligible[purpose.index()].contains(&kind)
    }

    /// The legal basis for `purpose` in `region`.
    pub fn basis(&self, region: Region, purpose: Purpose) -> LegalBasis {
        match self.by_country.get(&region) {
            Some(&rule) => self.rules[rule].bases[purpose.index()],
            None => self.default[purpose.index()],
        }
    }

    /// The setting of a member of `region` who never made a choice.
    pub fn default_setting(&self, region: Region, purpose: Purpose) -> bool {
        self.basis(region, purpose).default_setting()
    }

    /// A readable summary: defaults per region and eligible kinds per purpose.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        let on_off = |b: LegalBasis| if b.default_setting() { "ON " } else { "OFF" };
        let _ = writeln!(s, "policy {} — in force from {}", self.version, self.effective);
        if !self.summary.is_empty() {
            let _ = writeln!(s, "  {}", self.summary);
        }
        let _ = writeln!(s, "minimum age: {}", self.minimum_age);
        let _ = writeln!(s, "notice period: {} days before it takes effect", self.notice_days);
        let _ = writeln!(
            s,
            "content created before {}: {}",
            self.effective,
            if self.pre_effective_content_in_scope { "in scope" } else { "out of scope" }
        );
        let _ = writeln!(
            s,
            "Global Privacy Control: {}",
            if self.gpc_is_opt_out { "counts as an opt-out" } else { "not honoured as an opt-out" }
        );
        let _ = writeln!(s, "\neligible kinds:");
        for p in Purpose::ALL {
            let kinds: Vec<_> = self.eligible_kinds(p).iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                s,
                "  {:<12} {}",
                p.as_str(),
                if kinds.is_empty() { "(none)".to_string() } else { kinds.join(", ") }
            );
        }
        let _ = writeln!(s, "  never eligible: message, credential, email, phone, birth_date, payment");
        let _ = writeln!(s, "\ndefaults per region:          train-genai                    train-ai");
        let row = |s: &mut String, name: &str, b: [LegalBasis; 2]| {
            let _ = writeln!(
                s,
                "  {:<28} {} ({:<19})      {} ({})",
                name,
                on_off(b[0]),
                b[0].as_str(),
                on_off(b[1]),
                b[1].as_str()
            );
        };
        for r in &self.rules {
            row(&mut s, &format!("{} [{}]", r.name, r.written.join(" ")), r.bases);
        }
        row(&mut s, "everywhere else", self.default);
        s
    }
}

fn rules_name(rules: &[RawRegion], index: usize) -> &str {
    rules[index].name.get_ref()
}

fn parse_effective(doc: &Doc<'_>, dt: &Spanned<toml::value::Datetime>) -> Result<Timestamp> {
    let d = dt.get_ref();
    if d.date.is_none() || d.time.is_none() || d.offset.is_none() {
        return Err(doc.error(
            dt.span(),
            format!("`effective = {d}` must be a full date-time with an offset, e.g. 2025-11-03T00:00:00Z"),
        ));
    }
    Timestamp::parse_rfc3339(&d.to_string()).map_err(|e| doc.error(dt.span(), e.to_string()))
}

fn parse_kinds(doc: &Doc<'_>, purpose: Purpose, names: &[Spanned<String>]) -> Result<Vec<Kind>> {
    let mut kinds = Vec::new();
    for name in names {
        let kind: Kind = name.get_ref().parse().map_err(|e: Error| doc.error(name.span(), e.to_string()))?;
        if kind.is_hard_excluded() {
            return Err(doc.error(
                name.span(),
                format!(
                    "`{kind}` can never be eligible ({}); remove it from `purposes.{purpose}.eligible`",
                    kind.hard_exclusion_reason()
                ),
            ));
        }
        if kinds.contains(&kind) {
            return Err(doc.error(name.span(), format!("`{kind}` is listed twice in `purposes.{purpose}.eligible`")));
        }
        kinds.push(kind);
    }
    Ok(kinds)
}

fn parse_basis(doc: &Doc<'_>, s: &Spanned<String>) -> Result<LegalBasis> {
    match s.get_ref().as_str() {
        "legitimate-interest" => Ok(LegalBasis::LegitimateInterest),
        "consent" => Ok(LegalBasis::Consent),
        other => Err(doc.error(
            s.span(),
            format!("unknown legal basis `{other}`; expected \"legitimate-interest\" (opt-out, default ON) or \"consent\" (opt-in, default OFF)"),
        )),
    }
}
