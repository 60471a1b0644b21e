//! Colours: a theme shipped (`assets/theme*.toml`: the default, light,
//! high-contrast), the user's `[theme]` colours over it; an unknown theme,
//! name or colour is an error naming it.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use crate::config::{ConfigError, THEMES, ThemeSetting};
use crate::domain::{AccountStatus, MessageStatus};

#[derive(Debug, Clone)]
pub struct Theme {
    colors: BTreeMap<String, Color>,
    /// `NO_COLOR` is set: the terminal shows no colours, so what colours
    /// would mark (the cursor, the selection) is marked by reverse video.
    no_color: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    theme: BTreeMap<String, String>,
}

impl Theme {
    pub fn load(setting: &ThemeSetting, path: &Path) -> Result<Theme, ConfigError> {
        let none = BTreeMap::new();
        let (base, overrides) = match setting {
            ThemeSetting::Named(name) => (name.as_str(), &none),
            ThemeSetting::Colours(colours) => (
                colours.get("base").map_or("default", String::as_str),
                colours,
            ),
        };
        let shipped = THEMES
            .iter()
            .find(|(name, _)| *name == base)
            .ok_or_else(|| ConfigError::UnknownTheme {
                path: path.to_path_buf(),
                name: base.to_string(),
            })?;
        let defaults: BTreeMap<String, String> = toml::from_str::<ThemeFile>(shipped.1)
            .map(|f| f.theme)
            .unwrap_or_default();
        let mut colors = BTreeMap::new();
        for (name, value) in &defaults {
            colors.insert(name.clone(), Color::from_str(value).unwrap_or(Color::Reset));
        }
        for (name, value) in overrides.iter().filter(|(name, _)| *name != "base") {
            if !defaults.contains_key(name) {
                return Err(ConfigError::UnknownKey {
                    path: path.to_path_buf(),
                    key: format!("theme.{name}"),
                });
            }
            let color = Color::from_str(value).map_err(|_| ConfigError::BadColor {
                path: path.to_path_buf(),
                name: name.clone(),
                color: value.clone(),
            })?;
            colors.insert(name.clone(), color);
        }
        Ok(Theme {
            colors,
            no_color: false,
        })
    }

    /// The theme as it looks with no colours at all (`NO_COLOR`).
    pub fn without_colours(mut self) -> Theme {
        self.no_color = true;
        self
    }

    pub fn defaults() -> Theme {
        Theme::load(&ThemeSetting::default(), Path::new("theme.toml")).unwrap_or(Theme {
            colors: BTreeMap::new(),
            no_color: false,
        })
    }

    pub fn color(&self, name: &str) -> Color {
        self.colors.get(name).copied().unwrap_or(Color::Reset)
    }

    pub fn fg(&self, name: &str) -> Style {
        Style::default().fg(self.color(name))
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg("border-focused").add_modifier(Modifier::BOLD)
        } else {
            self.fg("border")
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        if self.no_color {
            let style = Style::default().add_modifier(Modifier::REVERSED);
            return if focused {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
        }
        let style = Style::default()
            .bg(self.color("selected-bg"))
            .fg(self.color("selected-fg"));
        if focused {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    pub fn account_status(&self, s: AccountStatus) -> Style {
        self.fg(&format!("account-{}", s.key()))
    }

    pub fn message_status(&self, s: MessageStatus) -> Style {
        self.fg(&format!("message-{}", s.key()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_colours_the_selection_is_reverse_video() {
        let plain = Theme::defaults().without_colours();
        for focused in [true, false] {
            let style = plain.selected(focused);
            assert!(style.add_modifier.contains(Modifier::REVERSED), "{style:?}");
            assert_eq!(style.bg, None);
        }
        // With colours it is the theme's own.
        if std::env::var_os("NO_COLOR").is_none() {
            let coloured = Theme::defaults();
            assert!(
                !coloured
                    .selected(true)
                    .add_modifier
                    .contains(Modifier::REVERSED)
            );
        }
    }

    #[test]
    fn defaults_and_overrides() {
        let t = Theme::defaults();
        assert_eq!(t.color("overdue"), Color::LightRed);
        for s in AccountStatus::ALL {
            assert_ne!(
                t.account_status(s),
                Style::default().fg(Color::Reset),
                "{s:?}"
            );
        }
        for s in MessageStatus::ALL {
            assert_ne!(
                t.message_status(s),
                Style::default().fg(Color::Reset),
                "{s:?}"
            );
        }
        let mut o = BTreeMap::new();
        o.insert("overdue".to_string(), "#ff0000".to_string());
        let colours = |o: &BTreeMap<String, String>| ThemeSetting::Colours(o.clone());
        assert_eq!(
            Theme::load(&colours(&o), Path::new("c"))
                .unwrap()
                .color("overdue"),
            Color::Rgb(255, 0, 0)
        );
        o.insert("overdue".to_string(), "blurple".to_string());
        assert!(matches!(
            Theme::load(&colours(&o), Path::new("c")),
            Err(ConfigError::BadColor { .. })
        ));
        let mut u = BTreeMap::new();
        u.insert("glow".to_string(), "red".to_string());
        assert!(matches!(
            Theme::load(&colours(&u), Path::new("c")),
            Err(ConfigError::UnknownKey { .. })
        ));
    }

    /// Every shipped theme names every colour the default does, each one a
    /// colour; a named theme and `base` choose it, colours go over it.
    #[test]
    fn named_themes_are_whole_and_chosen_by_name_or_base() {
        let default = Theme::defaults();
        for (name, _) in THEMES {
            let theme =
                Theme::load(&ThemeSetting::Named(name.to_string()), Path::new("c")).unwrap();
            assert_eq!(
                theme.colors.keys().collect::<Vec<_>>(),
                default.colors.keys().collect::<Vec<_>>(),
                "{name}"
            );
            assert!(
                theme.colors.values().all(|c| *c != Color::Reset),
                "{name}: every colour parses"
            );
        }
        let high =
            Theme::load(&ThemeSetting::Named("high-contrast".into()), Path::new("c")).unwrap();
        assert_eq!(high.color("selected-bg"), Color::Yellow);
        assert_ne!(high.color("selected-bg"), default.color("selected-bg"));
        let light_with_red = ThemeSetting::Colours(
            [
                ("base".to_string(), "light".to_string()),
                ("overdue".to_string(), "red".to_string()),
            ]
            .into(),
        );
        let light = Theme::load(&light_with_red, Path::new("c")).unwrap();
        assert_eq!(light.color("overdue"), Color::Red);
        assert_eq!(light.color("title"), Color::Black);
        let unknown = Theme::load(
            &ThemeSetting::Named("neon".into()),
            Path::new("c/config.toml"),
        );
        let Err(e) = unknown else {
            panic!("an unknown theme is refused")
        };
        let said = e.localized(&crate::i18n::I18n::new(crate::i18n::Lang::Ru));
        assert!(
            said.contains("«neon»")
                && said.contains("high-contrast")
                && said.contains("c/config.toml"),
            "{said}"
        );
    }
}
