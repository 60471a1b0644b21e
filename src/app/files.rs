//! Small text files the user hands in (a notice's text, a poll): read
//! whole, refused past their bound, the file named in every refusal.

use std::path::Path;

use super::Failure;
use crate::domain::polls::PollDraft;

/// The largest poll file read (a poll of thirty questions is far smaller).
const MAX_POLL_FILE: u64 = 256 * 1024;

/// A small UTF-8 text file; past `max_bytes` it is refused with the
/// message `too_large` (given the path and `max`, as the user reads it).
pub fn read_small_text(
    path: &Path,
    max_bytes: u64,
    too_large: &'static str,
    max: &str,
) -> Result<String, Failure> {
    let shown = path.display().to_string();
    let cannot = |detail: String| {
        Failure::message("cli-cannot-read", &[("path", &shown), ("detail", &detail)])
    };
    let size = std::fs::metadata(path)
        .map_err(|e| cannot(e.to_string()))?
        .len();
    if size > max_bytes {
        return Err(Failure::message(
            too_large,
            &[("path", &shown), ("max", max)],
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| Failure::message("cli-not-utf8", &[("path", &shown)]))
}

/// A poll's draft from a TOML file, or JSON by its extension.
pub fn read_poll_file(path: &Path) -> Result<PollDraft, Failure> {
    let shown = path.display().to_string();
    let text = read_small_text(
        path,
        MAX_POLL_FILE,
        "cli-poll-file-too-large",
        &(MAX_POLL_FILE / 1024).to_string(),
    )?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    PollDraft::parse(&text, is_json).map_err(|detail| {
        Failure::message(
            "cli-poll-file-bad",
            &[("path", &shown), ("detail", &detail)],
        )
    })
}
