//! `assent policy …`: check a policy file, install it into a data directory, list versions.

use std::path::PathBuf;

use anyhow::{Context, Result};
use assent_ledger::Ledger;
use assent_policy::Policy;
use clap::Subcommand;

use crate::Common;

#[derive(Subcommand)]
pub enum Command {
    /// Validate a policy file and print a summary of defaults per region and eligible kinds.
    Check {
        /// The policy TOML file.
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Install a new policy version into the data directory (versions are never edited).
    Install {
        /// The policy TOML file.
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// List the installed policy versions.
    List {
        #[command(flatten)]
        common: Common,
    },
}

fn read(file: &PathBuf) -> Result<(String, String)> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read policy file {}", file.display()))?;
    Ok((file.display().to_string(), text))
}

pub fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Check { file, common: _ } => {
            let (name, text) = read(&file)?;
            let policy = Policy::parse(&name, &text)?;
            println!("{name}: valid\n");
            print!("{}", policy.describe());
        }
        Command::Install { file, common } => {
            let (name, text) = read(&file)?;
            std::fs::create_dir_all(&common.data_dir)
                .with_context(|| format!("cannot create data directory {}", common.data_dir.display()))?;
            let ledger = Ledger::open_or_create(common.ledger()?)?;
            let policy = ledger.install_policy(&name, &text)?;
            println!("installed policy {} (in force from {})", policy.version(), policy.effective());
        }
        Command::List { common } => {
            let ledger = Ledger::open(common.ledger()?)?;
            for p in ledger.policies().versions() {
                println!("{}\tin force from {}", p.version(), p.effective());
            }
        }
    }
    Ok(())
}
