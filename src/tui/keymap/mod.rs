//! Key bindings as data: the defaults embedded from `assets/keymap.toml`,
//! the user's `[keys]` over them. Help and hints are generated from here.

mod command;

use crate::config::{ConfigError, DEFAULT_KEYMAP};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::path::Path;

pub use command::*;

/// A key with its modifiers, as written in the keymap ("ctrl-r", "G", "enter").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// A key that types a character (or Backspace) where text is typed.
    pub fn types_text(&self) -> bool {
        let plain = !self
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        plain
            && matches!(
                self.code,
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
            )
    }

    pub fn parse(text: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key { code, mods })
    }

    /// The key of a terminal event, with Shift folded into the character.
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                mods = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// How the key is shown in help: "Ctrl-r", "Enter", "j".
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        label + &base
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// In the order of the defaults file: the order of the help screen.
    bindings: Vec<(Command, Vec<Key>)>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    keys: toml::Table,
}

fn ordered_defaults() -> Vec<(String, Vec<String>)> {
    // toml::Table keeps file order only with `preserve_order`; read the names in order by hand.
    let table: KeymapFile = match toml::from_str(DEFAULT_KEYMAP) {
        Ok(t) => t,
        Err(_) => return Vec::new(),
    };
    let order: Vec<&str> = DEFAULT_KEYMAP
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .collect();
    let mut entries: Vec<(String, Vec<String>)> = table
        .keys
        .into_iter()
        .map(|(k, v)| {
            let keys = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            (k, keys)
        })
        .collect();
    entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    entries
}

impl Keymap {
    /// The defaults with `overrides` (action → keys) from the file at `path`.
    pub fn load(
        overrides: &BTreeMap<String, Vec<String>>,
        path: &Path,
    ) -> Result<Keymap, ConfigError> {
        let mut bindings = Vec::new();
        let parse_keys = |keys: &[String]| -> Result<Vec<Key>, ConfigError> {
            keys.iter()
                .map(|k| {
                    Key::parse(k).ok_or_else(|| ConfigError::BadKey {
                        path: path.to_path_buf(),
                        key: k.clone(),
                    })
                })
                .collect()
        };
        for name in overrides.keys() {
            if Command::from_name(name).is_none() {
                return Err(ConfigError::UnknownAction {
                    path: path.to_path_buf(),
                    action: name.clone(),
                });
            }
        }
        for (name, keys) in ordered_defaults() {
            let Some(command) = Command::from_name(&name) else {
                continue;
            };
            let keys = overrides.get(&name).unwrap_or(&keys);
            bindings.push((command, parse_keys(keys)?));
        }
        // Where text is typed, a key that types cannot be an action too.
        for (command, keys) in &bindings {
            let typing = matches!(
                command.layer(),
                KeyLayer::Line | KeyLayer::Picker | KeyLayer::Form | KeyLayer::Editor
            );
            if let Some(key) = keys.iter().find(|k| typing && k.types_text()) {
                return Err(ConfigError::TypingKey {
                    path: path.to_path_buf(),
                    key: key.label(),
                    action: command.name().to_string(),
                });
            }
        }
        // One key, one action in each layer (a key may mean one thing on the
        // screen and another in an overlay).
        for (i, (first, keys)) in bindings.iter().enumerate() {
            for (second, other) in &bindings[i + 1..] {
                if first.layer() != second.layer() {
                    continue;
                }
                if let Some(key) = keys.iter().find(|k| other.contains(k)) {
                    return Err(ConfigError::KeyConflict {
                        path: path.to_path_buf(),
                        key: key.label(),
                        first: first.name().to_string(),
                        second: second.name().to_string(),
                    });
                }
            }
        }
        Ok(Keymap { bindings })
    }

    pub fn defaults() -> Keymap {
        Keymap::load(&BTreeMap::new(), Path::new("keymap.toml")).unwrap_or(Keymap {
            bindings: Vec::new(),
        })
    }

    /// The screen's command for a key.
    pub fn command_for(&self, event: &KeyEvent) -> Option<Command> {
        self.command_in(KeyLayer::Screen, event)
    }

    /// The command a key means in `layer`.
    pub fn command_in(&self, layer: KeyLayer, event: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(c, keys)| c.layer() == layer && keys.contains(&key))
            .map(|(c, _)| *c)
    }

    /// In a confirmation: `Some(true)` to go ahead, `Some(false)` not to.
    pub fn confirms(&self, event: &KeyEvent) -> Option<bool> {
        match self.command_in(KeyLayer::Confirm, event)? {
            Command::ConfirmYes => Some(true),
            _ => Some(false),
        }
    }

    /// Every binding in help order.
    pub fn bindings(&self) -> &[(Command, Vec<Key>)] {
        &self.bindings
    }

    /// Every key of a command, for hints ("y, д, Enter").
    pub fn keys_of(&self, command: Command) -> String {
        self.bindings
            .iter()
            .find(|(c, _)| *c == command)
            .map(|(_, keys)| keys.iter().map(Key::label).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    }

    /// A hint naming the keys of `commands` as the arguments `names` of `key`.
    pub fn hint(
        &self,
        i18n: &crate::i18n::I18n,
        key: &str,
        commands: &[(&str, Command)],
    ) -> String {
        let keys: Vec<(&str, String)> = commands
            .iter()
            .map(|(name, command)| (*name, self.keys_of(*command)))
            .collect();
        let args: Vec<(&str, crate::i18n::Arg<'_>)> = keys
            .iter()
            .map(|(name, keys)| (*name, keys.as_str().into()))
            .collect();
        i18n.tr(key, &args)
    }

    /// The hint under a yes/no question, from its keys.
    pub fn confirm_hint(&self, i18n: &crate::i18n::I18n) -> String {
        i18n.tr(
            "confirm-keys",
            &[
                ("yes", self.keys_of(Command::ConfirmYes).as_str().into()),
                ("no", self.keys_of(Command::ConfirmNo).as_str().into()),
            ],
        )
    }

    /// The first key of a command, for hints ("?", "/", "q").
    pub fn first_key(&self, command: Command) -> String {
        self.bindings
            .iter()
            .find(|(c, _)| *c == command)
            .and_then(|(_, k)| k.first())
            .map(Key::label)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_every_command_once() {
        let k = Keymap::defaults();
        assert_eq!(k.bindings().len(), Command::ALL.len());
        assert_eq!(k.bindings()[0].0, Command::Help);
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            k.command_for(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn user_overrides_replace_and_are_checked() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), vec!["ctrl-q".to_string()]);
        let k = Keymap::load(&o, Path::new("c.toml")).unwrap();
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            None
        );
        assert_eq!(
            k.command_for(&ev(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        o.insert("fly".to_string(), vec!["f".to_string()]);
        assert!(matches!(
            Keymap::load(&o, Path::new("c.toml")),
            Err(ConfigError::UnknownAction { .. })
        ));
        let mut bad = BTreeMap::new();
        bad.insert("quit".to_string(), vec!["ctrl-".to_string()]);
        assert!(matches!(
            Keymap::load(&bad, Path::new("c.toml")),
            Err(ConfigError::BadKey { .. })
        ));
    }

    #[test]
    fn every_command_is_described_in_both_languages() {
        for lang in [crate::i18n::Lang::Ru, crate::i18n::Lang::En] {
            let i = crate::i18n::I18n::new(lang);
            for c in Command::ALL {
                let key = format!("action-{}", c.name());
                assert_ne!(i.t(&key), key, "{lang:?} lacks {key}");
            }
        }
    }

    #[test]
    fn a_confirmation_has_its_own_keys() {
        let k = Keymap::defaults();
        let key = |c: char| ev(KeyCode::Char(c), KeyModifiers::NONE);
        // On the screen «n» is a new account; in a confirmation it is «no».
        assert_eq!(k.command_for(&key('n')), Some(Command::New));
        assert_eq!(k.confirms(&key('n')), Some(false));
        for yes in ['y', 'д'] {
            assert_eq!(k.confirms(&key(yes)), Some(true), "{yes}");
        }
        assert_eq!(k.confirms(&key('н')), Some(false));
        assert_eq!(
            k.confirms(&ev(KeyCode::Enter, KeyModifiers::NONE)),
            Some(true)
        );
        assert_eq!(
            k.confirms(&ev(KeyCode::Esc, KeyModifiers::NONE)),
            Some(false)
        );
        assert_eq!(k.confirms(&key('x')), None);
        assert_eq!(k.command_for(&key('д')), None);
        // And they can be rebound like any other.
        let mut o = BTreeMap::new();
        o.insert("confirm-yes".to_string(), vec!["j".to_string()]);
        let k = Keymap::load(&o, Path::new("c.toml")).unwrap();
        assert_eq!(k.confirms(&key('j')), Some(true));
        assert_eq!(k.confirms(&key('y')), None);
    }

    #[test]
    fn each_overlay_reads_its_own_layer() {
        let k = Keymap::defaults();
        let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
        let tab = ev(KeyCode::Tab, KeyModifiers::NONE);
        // One key, a meaning per layer.
        assert_eq!(k.command_for(&esc), Some(Command::Back));
        assert_eq!(
            k.command_in(KeyLayer::Form, &esc),
            Some(Command::FormCancel)
        );
        assert_eq!(
            k.command_in(KeyLayer::Picker, &esc),
            Some(Command::PickerCancel)
        );
        assert_eq!(
            k.command_in(KeyLayer::Editor, &esc),
            Some(Command::EditorDone)
        );
        assert_eq!(k.command_for(&tab), Some(Command::NextPane));
        assert_eq!(k.command_in(KeyLayer::Form, &tab), Some(Command::FormNext));
        assert_eq!(
            k.command_in(
                KeyLayer::Picker,
                &ev(KeyCode::Char('n'), KeyModifiers::CONTROL)
            ),
            Some(Command::PickerDown)
        );
        // Letters stay for typing in a picker and a line.
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(k.command_in(KeyLayer::Picker, &j), None);
        assert_eq!(k.command_in(KeyLayer::Line, &j), None);
    }

    #[test]
    fn a_key_bound_twice_in_one_layer_is_refused_with_both_actions() {
        let mut o = BTreeMap::new();
        o.insert("edit".to_string(), vec!["j".to_string()]);
        match Keymap::load(&o, Path::new("c.toml")) {
            Err(ConfigError::KeyConflict {
                key, first, second, ..
            }) => {
                assert_eq!(key, "j");
                let mut both = [first, second];
                both.sort();
                assert_eq!(both, ["down".to_string(), "edit".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        // Across layers it is allowed: «n» is «new» and, in a question, «no».
        let mut o = BTreeMap::new();
        o.insert("confirm-no".to_string(), vec!["j".to_string()]);
        assert!(Keymap::load(&o, Path::new("c.toml")).is_ok());
        // Where text is typed, a key that types is refused.
        let mut o = BTreeMap::new();
        o.insert("picker-down".to_string(), vec!["j".to_string()]);
        assert!(matches!(
            Keymap::load(&o, Path::new("c.toml")),
            Err(ConfigError::TypingKey { .. })
        ));
        o.insert("picker-down".to_string(), vec!["ctrl-j".to_string()]);
        assert!(Keymap::load(&o, Path::new("c.toml")).is_ok());
    }

    #[test]
    fn labels() {
        assert_eq!(Key::parse("ctrl-r").unwrap().label(), "Ctrl-r");
        assert_eq!(Key::parse("f1").unwrap().label(), "F1");
        assert_eq!(Key::parse("space").unwrap().label(), "Space");
    }

    #[test]
    fn the_readme_names_a_key_of_every_screen_command() {
        let readme = include_str!("../../../README.md");
        // Every `…` span of the README, whole and cut into words at spaces
        // and slashes.
        let words: std::collections::HashSet<String> = readme
            .split('`')
            .skip(1)
            .step_by(2)
            .flat_map(|span| {
                let mut words: Vec<String> =
                    span.split([' ', '/']).map(str::to_lowercase).collect();
                words.push(span.to_lowercase());
                words
            })
            .collect();
        let arrows = |w: &String| w.chars().all(|c| "↑↓←→".contains(c));
        for (command, keys) in Keymap::defaults().bindings() {
            if command.layer() != KeyLayer::Screen {
                continue;
            }
            let named = keys.iter().any(|key| {
                let label = key.label().to_lowercase();
                words.contains(&label) || words.iter().any(|w| arrows(w) && w.contains(&label))
            });
            assert!(named, "README names no key of {command:?}: {keys:?}");
        }
    }
}
