//! `otklik polls`: the votes module from the command line.

use std::path::PathBuf;

use clap::Subcommand;

use super::ReportFormat;

#[derive(Debug, Subcommand)]
pub enum PollsCommand {
    /// An organisation's polls, newest first: status, period, votes.
    List {
        /// The organisation (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// One poll: its questions, period, audience and status.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Creates a draft from a file (TOML, or JSON by its extension): title,
    /// description, opens_at, closes_at, audience, [[questions]].
    Create {
        file: PathBuf,
        /// The organisation (default: your own).
        #[arg(long)]
        org: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Replaces a draft's questions, period and audience from a file.
    Edit {
        id: i64,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Hands the draft to the organisation's leader.
    Submit {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Publishes it (the organisation's leader): it opens at its time.
    Publish {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Gives it back to be changed (the organisation's leader).
    Return {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Closes it before its time.
    Close {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Shows the results to everyone (a closed poll).
    PublishResults {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// The results by question: votes and shares.
    Results {
        id: i64,
        #[arg(long, value_enum, default_value = "table")]
        format: ReportFormat,
        /// Write to this file (required for xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}
