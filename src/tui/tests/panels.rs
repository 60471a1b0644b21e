//! The panels over the screen (widget, readiness, import) take their keys
//! from the keymap: rebinding one moves both the action and the hint.

use super::*;
use crate::tui::admin::{AdminCall, Overlay};
use crate::tui::keymap::Keymap;

fn rebound(pairs: &[(&str, &[&str])]) -> Arc<Keymap> {
    let overrides = pairs
        .iter()
        .map(|(action, keys)| {
            (
                action.to_string(),
                keys.iter().map(|k| k.to_string()).collect(),
            )
        })
        .collect();
    Arc::new(Keymap::load(&overrides, std::path::Path::new("config.toml")).unwrap())
}

#[test]
fn the_widget_panel_follows_rebound_keys_and_says_so() {
    let mut s = main_screen(Lang::Ru);
    s.keymap = rebound(&[("widget-check", &["K"]), ("panel-close", &["x"])]);
    s.focus = Pane::Tree;
    update(&mut s, Action::Command(Command::Widget));
    let flat = |s: &State| render(s).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat(&s).contains("K — проверить сайт"), "{}", render(&s));
    // The old key does nothing now; the new one checks the site.
    assert!(press(&mut s, KeyCode::Char('c')).is_empty());
    let effects = press(&mut s, KeyCode::Char('K'));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Call {
                call: Call::Admin {
                    call: AdminCall::CheckWidget { .. },
                    ..
                },
                ..
            })
        ),
        "{effects:?}"
    );
    // Esc no longer closes it, x does.
    press(&mut s, KeyCode::Esc);
    assert!(matches!(s.admin_mut(), Some(Overlay::Widget(_))));
    press(&mut s, KeyCode::Char('x'));
    assert!(s.admin_mut().is_none());
}

#[test]
fn a_panel_key_typed_into_a_line_is_text() {
    let mut s = main_screen(Lang::Ru);
    s.focus = Pane::Tree;
    update(&mut s, Action::Command(Command::Widget));
    // «b» types the banner; there «q», «c» and «y» are letters, not steps.
    press(&mut s, KeyCode::Char('b'));
    for c in "qcy".chars() {
        assert!(press(&mut s, KeyCode::Char(c)).is_empty());
    }
    let Some(Overlay::Widget(panel)) = s.admin_mut() else {
        panic!("the panel closed")
    };
    assert!(panel.banner.ends_with("qcy"), "{}", panel.banner);
    press(&mut s, KeyCode::Enter);
    let Some(Overlay::Widget(panel)) = s.admin_mut() else {
        panic!("the panel closed")
    };
    assert_eq!(panel.typing, None);
}
