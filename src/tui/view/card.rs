//! The account card: every field of the account, its categories and its
//! mails (the invitation history), scrolled within the panel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::mail::{MailKind, MailState};
use crate::tui::admin::AccountCard;
use crate::tui::state::State;

pub fn render(frame: &mut Frame, state: &State, card: &AccountCard, area: Rect) {
    let theme = &state.theme;
    let i = &state.i18n;
    let a = &card.account;
    let title = i.tr("card-title", &[("name", a.full_name().as_str().into())]);
    let inner = super::panel(frame, theme, &title, area, 2);
    let when = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&state.tz)
            .format("%d.%m.%Y %H:%M")
            .to_string()
    };
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{:<16}", i.t(label)), theme.fg("dim")),
            Span::raw(if value.is_empty() {
                "—".into()
            } else {
                value
            }),
        ])
    };
    let roles = a
        .roles
        .iter()
        .map(|r| i.role(r))
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![
        field("col-fio", a.full_name()),
        field("col-roles", roles),
        field("col-status", i.account_status(a.status)),
        field("col-email", a.email.to_string()),
        field(
            "col-phone",
            a.phone.as_ref().map(|p| p.display()).unwrap_or_default(),
        ),
        field("col-position", a.position.clone()),
        field(
            "card-categories",
            match &card.categories {
                Some(names) => names.join(", "),
                None => i.t("loading"),
            },
        ),
        field("col-invited", a.invited_at.map(when).unwrap_or_default()),
        field(
            "col-confirmed",
            a.confirmed_at.map(when).unwrap_or_default(),
        ),
        field("card-trained", a.trained_at.map(when).unwrap_or_default()),
        Line::default(),
        Line::from(Span::styled(i.t("card-mails"), theme.fg("title"))),
    ];
    match (&card.mails, &card.error) {
        (_, Some(e)) => lines.push(Line::from(Span::styled(e.clone(), theme.fg("error")))),
        (None, None) => lines.push(Line::from(i.t("loading"))),
        (Some(mails), None) if mails.is_empty() => lines.push(Line::from(i.t("card-no-mails"))),
        (Some(mails), None) => lines.extend(mails.iter().map(|m| {
            let kind = i.t(match m.kind {
                MailKind::Invitation => "card-mail-invitation",
                MailKind::Restored => "card-mail-restored",
                // An account's card lists only mails to the account.
                MailKind::Notice(_) => "card-mail-notice",
            });
            let mut text = format!(
                "{}  {kind} · {} · {}",
                when(m.queued_at),
                i.mail_state(m.state),
                i.tr("card-mail-attempts", &[("n", m.attempts.into())]),
            );
            if m.state == MailState::Waiting && m.attempts > 0 {
                text += &format!(
                    " · {}",
                    i.tr("card-mail-next", &[("at", when(m.at).as_str().into())])
                );
            }
            if let Some(error) = &m.error {
                text += &format!(" · {error}");
            }
            Line::from(text)
        })),
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((card.scroll, 0)),
        inner,
    );
}
