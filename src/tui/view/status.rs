//! The status line: who you are, your roles, where the data lives, and
//! key hints from the keymap; or the filter being typed; or a notice.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::fit;
use crate::tui::keymap::Command;
use crate::tui::state::State;
use crate::tui::update::roles_label;

/// The keys that apply here: on a message, the steps this person may take
/// (keys only: «a D C»), then the context's own, then help.
fn hints(state: &State) -> String {
    let (k, i) = (&state.keymap, &state.i18n);
    let here = if state.help().is_some() {
        vec![(Command::Close, "hint-close")]
    } else {
        crate::tui::context::here(state)
    };
    let steps: Vec<String> = here
        .iter()
        .filter(|(_, hint)| hint.is_empty())
        .map(|(c, _)| k.first_key(*c))
        .collect();
    let mut parts: Vec<String> = here
        .iter()
        .filter(|(_, hint)| !hint.is_empty())
        .map(|(c, hint)| format!("{} {}", k.first_key(*c), i.t(hint)))
        .collect();
    if !steps.is_empty() {
        parts.insert(0, steps.join(" "));
    }
    if state.help().is_none() {
        parts.push(format!(
            "{} {}",
            k.first_key(Command::Help),
            i.t("hint-help")
        ));
    }
    format!("{} ", parts.join("  "))
}

pub fn render(frame: &mut Frame, state: &State, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let base = Style::default()
        .bg(theme.color("status-bar-bg"))
        .fg(theme.color("status-bar-fg"));
    if let Some(input) = &state.input {
        let line = Line::from(vec![
            Span::styled(format!(" {} ", i.t("filter-prompt")), theme.fg("accent")),
            Span::raw(input.clone()),
            Span::styled("▏", theme.fg("accent")),
        ]);
        frame.render_widget(Paragraph::new(line).style(base), area);
        return;
    }
    let hints = hints(state);
    let lost = state
        .feed_lost
        .map(|secs| i.tr("live-lost", &[("secs", secs.into())]));
    let left = match (&state.notice, &state.session) {
        (Some(notice), _) => Span::styled(format!(" {notice}"), theme.fg("error")),
        (None, Some(_)) if lost.is_some() => Span::styled(
            format!(" ⚠ {}", lost.unwrap_or_default()),
            theme.fg("error"),
        ),
        (None, Some(s)) => Span::raw(format!(
            " {} · {} · {} · {}",
            roles_label(state),
            s.actor.name,
            s.actor.org_name,
            s.location
        )),
        (None, None) => Span::raw(""),
    };
    let width = area.width as usize;
    let left_width = width.saturating_sub(hints.width() + 1);
    let left_text = fit(&left.content, left_width);
    let pad = width.saturating_sub(left_text.width() + hints.width());
    let line = Line::from(vec![
        Span::styled(left_text, left.style),
        Span::raw(" ".repeat(pad)),
        Span::styled(hints, theme.fg("dim")),
    ]);
    frame.render_widget(Paragraph::new(line).style(base), area);
}
