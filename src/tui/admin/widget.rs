//! The widget panel: design and banner, the code generated, copied (OSC 52)
//! or saved, and the check of the registered main page.

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub struct WidgetPanel {
    pub org: OrgId,
    pub org_name: String,
    pub variant: WidgetVariant,
    pub banner: String,
    /// Typing into: the banner, or the file to save to.
    pub typing: Option<WidgetInput>,
    pub save_path: String,
    pub code: Option<String>,
    pub check: Option<WidgetCheck>,
    pub message: Option<String>,
    pub busy: Option<RequestId>,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetInput {
    Banner,
    SavePath,
}

pub(super) fn widget_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let i18n = std::sync::Arc::clone(&state.i18n);
    let line = state.keymap.command_in(KeyLayer::Line, &key);
    let command = state.keymap.command_in(KeyLayer::Panel, &key);
    let Some(Overlay::Widget(panel)) = state.admin_mut() else {
        return Vec::new();
    };
    if let Some(input) = panel.typing {
        let text = match input {
            WidgetInput::Banner => &mut panel.banner,
            WidgetInput::SavePath => &mut panel.save_path,
        };
        match line {
            Some(Command::LineCancel) => panel.typing = None,
            Some(Command::LineDone) => {
                panel.typing = None;
                if input == WidgetInput::SavePath
                    && let Some(code) = panel.code.clone()
                {
                    return vec![Effect::SaveFile {
                        path: panel.save_path.clone(),
                        bytes: code.into_bytes(),
                        saved: "cli-widget-saved",
                    }];
                }
            }
            _ => {
                edit_line(text, key);
            }
        }
        return Vec::new();
    }
    let org = panel.org;
    match command {
        Some(Command::PanelClose) => {
            state.close(LayerKind::Admin);
            Vec::new()
        }
        Some(step @ (Command::WidgetPrevDesign | Command::WidgetNextDesign)) => {
            let all = WidgetVariant::ALL;
            let i = all.iter().position(|v| *v == panel.variant).unwrap_or(0);
            let back = step == Command::WidgetPrevDesign;
            panel.variant = all[(i + if back { all.len() - 1 } else { 1 }) % all.len()];
            panel.code = None;
            Vec::new()
        }
        Some(Command::WidgetBanner) => {
            panel.typing = Some(WidgetInput::Banner);
            panel.code = None;
            Vec::new()
        }
        _ if scroll(&mut panel.scroll, command, 10) => Vec::new(),
        Some(Command::PanelGo | Command::WidgetGenerate) => {
            let settings = WidgetSettings {
                kind: Default::default(),
                variant: panel.variant,
                banner: panel.banner.clone(),
            };
            let (req, effects) = send(state, AdminCall::WidgetCode { org, settings });
            set_widget_busy(state, req);
            effects
        }
        Some(Command::WidgetCopy) => match panel.code.clone() {
            Some(code) => {
                let variant = i18n.t(&format!("widget-variant-{}", panel.variant.key()));
                let lines = code.lines().count() as i64;
                panel.message = Some(i18n.tr(
                    "widget-copied",
                    &[
                        ("variant", variant.as_str().into()),
                        ("org", panel.org_name.as_str().into()),
                        ("lines", crate::i18n::Arg::Num(lines)),
                    ],
                ));
                vec![Effect::CopyToClipboard(code)]
            }
            None => {
                panel.message = Some(i18n.t("widget-generate-first"));
                Vec::new()
            }
        },
        Some(Command::WidgetSave) => {
            if panel.code.is_some() {
                panel.typing = Some(WidgetInput::SavePath);
            } else {
                panel.message = Some(i18n.t("widget-generate-first"));
            }
            Vec::new()
        }
        Some(Command::WidgetCheck) => {
            let (req, effects) = send(state, AdminCall::CheckWidget { org });
            set_widget_busy(state, req);
            effects
        }
        _ => Vec::new(),
    }
}

pub(super) fn set_widget_busy(state: &mut State, req: RequestId) {
    if let Some(Overlay::Widget(p)) = state.admin_mut() {
        p.busy = Some(req);
        p.message = None;
    }
}

/// The service's answer to the widget panel: the code, or the check.
pub(super) fn widget_answered(state: &mut State, result: ServiceResult<AdminReply>) -> Vec<Effect> {
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(Overlay::Widget(p)) = state.admin_mut() else {
        return Vec::new();
    };
    p.busy = None;
    match result {
        Ok(AdminReply::Code(code)) => {
            p.code = Some(code);
            p.check = None;
            p.scroll = 0;
        }
        Ok(AdminReply::Check(check)) => {
            p.message = Some(i.t(if check.passed() {
                "widget-check-passed"
            } else {
                "widget-check-failed"
            }));
            p.check = Some(check);
        }
        Ok(_) => {}
        Err(e) => p.message = Some(i.error(&e)),
    }
    Vec::new()
}
