//! `agendapack`: the command-line face of the AgendaPack core.
//!
//! Glue only: parse arguments, call the core, print. Every error is printed
//! with its context and the process exits non-zero.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use agendapack::domain::MeetingId;
use agendapack::store::{self, Store};
use agendapack::{demo, documents, interchange};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Committee agendas, packs and minutes for council democratic services.
#[derive(Debug, Parser)]
#[command(name = "agendapack", version, about)]
struct Cli {
    /// Database file (default: $AGENDAPACK_DB, else the per-user data file
    /// the desktop app uses).
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the demo council with the two reference meetings (idempotent).
    Demo,
    /// Import a meeting file (agendapack.meeting/1); prints the new meeting id.
    Import {
        /// The JSON file; report paths in it are relative to it.
        file: PathBuf,
    },
    /// Export a meeting as JSON, with its reports in FILE-reports/ beside it.
    Export {
        /// Meeting id.
        meeting: i64,
        /// Output file (default: standard output, without the reports).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List meetings.
    Meetings {
        /// Print JSON (id, committee, date, time, venue, kind, status, first_item, last_item).
        #[arg(long)]
        json: bool,
    },
    /// Show a meeting's agenda as text.
    Show {
        /// Meeting id.
        meeting: i64,
    },
    /// Print the JSON Schema of the meeting file format.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agendapack: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<&Path>) -> Result<Store> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => store::default_db_path()?,
    };
    Ok(Store::open(&path)?)
}

fn run(cli: Cli) -> Result<()> {
    let db = cli.db.as_deref();
    match cli.command {
        Command::Demo => {
            let mut store = open(db)?;
            let outcome = demo::load(&mut store)?;
            println!(
                "Demo loaded into {}: {} meeting(s) added, {} already present.",
                store.path().display(),
                outcome.added,
                outcome.already_present
            );
        }
        Command::Import { file } => {
            let mut store = open(db)?;
            let id = interchange::import(&mut store, &file)?;
            println!("{id}");
        }
        Command::Export { meeting, output } => {
            let store = open(db)?;
            let id = MeetingId(meeting);
            match output {
                Some(out) => interchange::export(&store, id, &out)
                    .with_context(|| format!("exporting meeting {meeting} to {}", out.display()))?,
                None => {
                    let (file, _) = interchange::to_file(&store, id, "reports")?;
                    print!("{}", interchange::to_json(&file));
                }
            }
        }
        Command::Meetings { json } => {
            let store = open(db)?;
            let meetings = store.meetings()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&meetings)?);
            } else if meetings.is_empty() {
                println!("No meetings yet. Try `agendapack demo`.");
            } else {
                for m in meetings {
                    let items = match (m.first_item, m.last_item) {
                        (Some(a), Some(b)) => format!("items {a}–{b}"),
                        _ => "no items".to_string(),
                    };
                    println!(
                        "{:>4}  {}  {}  {:<16} {:<12} {}",
                        m.id,
                        m.date,
                        m.time.format("%H:%M"),
                        m.status.as_str(),
                        items,
                        m.committee
                    );
                }
            }
        }
        Command::Show { meeting } => {
            let store = open(db)?;
            let loaded = store.load_meeting(MeetingId(meeting))?;
            print!("{}", documents::text::agenda(&loaded));
        }
        Command::Schema => print!("{}", interchange::json_schema()),
    }
    Ok(())
}
