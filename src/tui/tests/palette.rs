//! The command palette: every action of the screen by name, commands with
//! an argument, and the commands typed before.

use super::*;
use crate::tui::acting::{PickKind, Prompt};

fn palette_query(s: &State) -> Option<String> {
    match s.prompt() {
        Some(Prompt::Pick {
            kind: PickKind::Command,
            query,
            ..
        }) => Some(query.clone()),
        _ => None,
    }
}

#[test]
fn the_palette_runs_any_action_by_name_and_remembers() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Messages;
    update(&mut s, Action::Command(Command::Palette));
    assert_eq!(palette_query(&s).as_deref(), Some(""));
    // Every action of the screen is there, with its key, and the four with an argument.
    let Some(Prompt::Pick { items, .. }) = s.prompt() else {
        panic!()
    };
    let screen_commands = s
        .keymap
        .bindings()
        .iter()
        .filter(|(c, _)| c.layer() == crate::tui::keymap::KeyLayer::Screen)
        .count();
    assert_eq!(items.len(), screen_commands - 1 + 4);
    // By its name in Russian: the next tab.
    type_in(&mut s, "следующая вкладка");
    let screen = render(&s);
    assert!(screen.contains("]  next-tab"), "{screen}");
    let tab = s.messages.tab;
    let effects = press(&mut s, KeyCode::Enter);
    assert!(palette_query(&s).is_none(), "closed");
    assert_eq!(s.messages.tab, tab + 1);
    assert!(call_req(&effects, |c| matches!(c, Call::Messages { .. })).is_some());
    // By its keymap name in English.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "prev-tab");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.messages.tab, tab);
    // ↑ on the empty line: the commands typed before, the last first.
    update(&mut s, Action::Command(Command::Palette));
    press(&mut s, KeyCode::Up);
    assert_eq!(palette_query(&s).as_deref(), Some("prev-tab"));
    press(&mut s, KeyCode::Up);
    assert_eq!(palette_query(&s).as_deref(), Some("next-tab"));
    press(&mut s, KeyCode::Esc);
    assert!(palette_query(&s).is_none());
}

#[test]
fn palette_commands_take_an_argument() {
    let mut s = main_screen(Lang::Ru);
    // :goto N opens a message by its number, wherever one is.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "goto 104101");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(
        call_req(
            &effects,
            |c| matches!(c, Call::Message { id } if *id == MessageId(104101))
        )
        .is_some(),
        "{effects:?}"
    );
    assert_eq!(s.detail.as_ref().map(|d| d.id), Some(MessageId(104101)));
    // In Russian too; a word that is no number is said so.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "перейти пятый");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert!(s.notice.as_deref().unwrap_or("").contains("не номер"));
    // :org finds organisations in the tree.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "org СОШ 5");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(
        effects.iter().any(
            |e| matches!(e, Effect::Call { call: Call::SearchOrgs { text }, .. } if text == "СОШ 5")
        ),
        "{effects:?}"
    );
    assert_eq!(s.focus, Pane::Tree);
    assert!(s.detail.is_none());
    // :view by a word of its name, in any form.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "вид согласование");
    let effects = press(&mut s, KeyCode::Enter);
    let view = s.messages.view.and_then(|v| s.views.get(v).copied());
    assert_eq!(view, Some(crate::tui::views::View::OnApproval));
    assert!(call_req(&effects, |c| matches!(c, Call::Messages { .. })).is_some());
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "view просроченные");
    press(&mut s, KeyCode::Enter);
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("нет среди ваших")
    );
    // Chosen from the list, a command with an argument waits for it.
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "сообщение по номеру");
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    assert_eq!(palette_query(&s).as_deref(), Some("goto "));
    // :assign needs an open message.
    press(&mut s, KeyCode::Esc);
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "assign Демидова");
    press(&mut s, KeyCode::Enter);
    assert!(
        s.notice
            .as_deref()
            .unwrap_or("")
            .contains("откройте сообщение")
    );
}

#[test]
fn palette_assign_opens_the_executor_picker_narrowed_by_the_name() {
    // The action's own name is the action, with nothing narrowed.
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "назначить исполнителя");
    press(&mut s, KeyCode::Enter);
    assert!(matches!(
        s.prompt(),
        Some(Prompt::Pick { kind: PickKind::Executor, query, .. }) if query.is_empty()
    ));
    let (mut s, _) = open_in_work();
    update(&mut s, Action::Command(Command::Palette));
    type_in(&mut s, "назначить Иванов");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(call_req(&effects, |c| matches!(c, Call::Executors { .. })).is_some());
    assert!(matches!(
        s.prompt(),
        Some(Prompt::Pick { kind: PickKind::Executor, query, .. }) if query == "Иванов"
    ));
}
