//! `otklik messages timeline ID`: the message after each step of its
//! history, drafts with their changes as a word diff ([-old-]{+new+}).

use std::io::Write;

use super::local_time;
use crate::cli::{Context, Failure};
use crate::domain::MessageId;
use crate::domain::diff::{Change, words};
use crate::domain::timeline::replay;

pub(super) async fn message_timeline(ctx: &Context, id: i64, json: bool) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let timeline = session.message_timeline(MessageId(id)).await?;
    if json {
        crate::cli::output::print_json(&timeline)?;
        return Ok(());
    }
    let i = &ctx.i18n;
    let mut out = std::io::stdout().lock();
    if timeline.earlier > 0 {
        writeln!(
            out,
            "{}",
            i.tr("timeline-earlier", &[("n", timeline.earlier.into())])
        )?;
    }
    let moments = replay(&timeline);
    let total = moments.len();
    for (n, m) in moments.iter().enumerate() {
        let who = if m.step.actor_name.is_empty() {
            String::new()
        } else {
            format!(" — {}", m.step.actor_name)
        };
        writeln!(
            out,
            "{:>4}/{total}  {}  {}{who}",
            n + 1,
            local_time(Some(m.step.at)),
            i.history_action(&m.step)
        )?;
        let status = m.status.map(|s| i.message_state(s)).unwrap_or_default();
        let executor = m.executor.clone().unwrap_or_else(|| i.t("unassigned"));
        writeln!(
            out,
            "        {}: {status} · {}: {executor}",
            i.t("msg-status"),
            i.t("msg-assignee")
        )?;
        if let Some(c) = &m.step.comment {
            writeln!(out, "        «{c}»")?;
        }
        if let Some(before) = &m.previous_draft {
            let after = m.draft.as_deref().unwrap_or("");
            writeln!(out, "        {}:", i.t("msg-draft"))?;
            let marked = marked_diff(before.as_deref().unwrap_or(""), after);
            for line in marked.lines() {
                writeln!(out, "          {line}")?;
            }
        }
    }
    Ok(())
}

/// The change from `from` to `to` with removals as `[-…-]` and additions
/// as `{+…+}` (as `git diff --word-diff` marks them).
fn marked_diff(from: &str, to: &str) -> String {
    let mut out = String::new();
    for change in words(from, to) {
        match change {
            Change::Same(t) => out.push_str(&t),
            Change::Added(t) => {
                out.push_str("{+");
                out.push_str(&t);
                out.push_str("+}");
            }
            Change::Removed(t) => {
                out.push_str("[-");
                out.push_str(&t);
                out.push_str("-]");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_word_diff_marks_what_went_and_came() {
        let marked = super::marked_diff("Ответ будет дан", "Ответ дан сегодня");
        assert!(marked.contains("[-будет -]"), "{marked}");
        assert!(
            marked.contains("{+сегодня+}") || marked.contains("{+ сегодня+}"),
            "{marked}"
        );
        assert!(marked.starts_with("Ответ "), "{marked}");
    }
}
