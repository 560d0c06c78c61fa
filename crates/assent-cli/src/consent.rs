//! `assent consent …`: set, get and list a member's AI-data settings.

use anyhow::{Context, Result};
use assent_ledger::{Change, Event, Ledger, Method, SettingSource};
use assent_policy::{Purpose, Region, Timestamp};
use clap::{Subcommand, ValueEnum};

use crate::Common;

#[derive(Subcommand)]
pub enum Command {
    /// Change a member's setting; returns once the change is durable.
    Set {
        /// The member id.
        #[arg(long)]
        member: i64,
        /// The purpose: train-genai (Data for Generative AI Improvement) or train-ai (Data for AI-powered recommendations).
        #[arg(long, value_parser = parse_purpose)]
        purpose: Purpose,
        /// The new value.
        value: OnOff,
        /// How the change arrived.
        #[arg(long, default_value = "import", value_parser = parse_method)]
        method: Method,
        #[command(flatten)]
        common: Common,
    },
    /// Show a member's settings now or as of a past instant.
    Get {
        /// The member id.
        #[arg(long)]
        member: i64,
        /// The instant (RFC 3339, e.g. 2025-11-03T00:00:00Z); default now.
        #[arg(long, value_parser = parse_time)]
        as_of: Option<Timestamp>,
        /// The member's region (ISO country code), to resolve the default when no choice was recorded.
        #[arg(long, value_parser = parse_region)]
        region: Option<Region>,
        #[command(flatten)]
        common: Common,
    },
    /// List every change of a member's settings.
    History {
        /// The member id.
        #[arg(long)]
        member: i64,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

pub(crate) fn parse_purpose(s: &str) -> Result<Purpose, String> {
    s.parse().map_err(|e: assent_policy::Error| e.to_string())
}
fn parse_method(s: &str) -> Result<Method, String> {
    s.parse().map_err(|e: assent_ledger::Error| e.to_string())
}
fn parse_region(s: &str) -> Result<Region, String> {
    Region::parse(s).map_err(|e| e.to_string())
}
pub(crate) fn parse_time(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(s).map_err(|e| e.to_string())
}

fn on_off(v: bool) -> &'static str {
    if v {
        "ON"
    } else {
        "OFF"
    }
}

fn describe(e: &Event) -> String {
    format!("seq {} at {} via {} (policy {})", e.seq, e.recorded_at, e.method, e.policy_version)
}

pub fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Set { member, purpose, value, method, common } => {
            std::fs::create_dir_all(&common.data_dir)
                .with_context(|| format!("cannot create data directory {}", common.data_dir.display()))?;
            let ledger = Ledger::open_or_create(common.ledger()?)?;
            let value = matches!(value, OnOff::On);
            let event = ledger
                .record(Change::now(member, purpose, value, method))
                .with_context(|| format!("recording {purpose} {} for member {member}", on_off(value)))?;
            println!("member {member}: {purpose} {} ({})", on_off(value), describe(&event));
        }
        Command::Get { member, as_of, region, common } => {
            let ledger = Ledger::open(common.ledger()?)?;
            let t = as_of.unwrap_or_else(Timestamp::now);
            for purpose in Purpose::ALL {
                let line = match (ledger.sql_latest_event(member, purpose, Some(t))?, region) {
                    (Some(e), _) => format!("{} ({})", on_off(e.value), describe(&e)),
                    (None, Some(region)) => {
                        let setting = ledger.setting_as_of(member, region, purpose, t)?;
                        match setting.source {
                            SettingSource::RegionDefault { policy_version, basis } => format!(
                                "{} (no choice recorded; default in {region} under policy {policy_version}, {})",
                                on_off(setting.value),
                                basis.as_str()
                            ),
                            SettingSource::NoPolicyInForce => "OFF (no choice recorded and no policy in force)".into(),
                            SettingSource::Event(e) => format!("{} ({})", on_off(e.value), describe(&e)),
                        }
                    }
                    (None, None) => "no choice recorded (pass --region to resolve the region default)".into(),
                };
                println!("member {member} as of {t}: {purpose} {line}");
            }
        }
        Command::History { member, common } => {
            let ledger = Ledger::open(common.ledger()?)?;
            let events = ledger.history(member)?;
            if events.is_empty() {
                println!("member {member} has made no choice; the region default applies");
            }
            for e in events {
                println!(
                    "{}\t{}\t{}\t{}\t{}\tpolicy {}",
                    e.seq,
                    e.recorded_at,
                    e.purpose,
                    on_off(e.value),
                    e.method,
                    e.policy_version
                );
            }
        }
    }
    Ok(())
}
