//! The import screen: the file's path, a gauge while it is read, every row
//! previewed, and the import of a clean file.

use super::*;

/// Importing the onboarding form: the file's path, then reading (a gauge),
/// then the preview of every row, then the outcome.
#[derive(Debug, Clone)]
pub struct ImportPanel {
    pub org: OrgId,
    pub org_name: String,
    pub path: String,
    pub stage: ImportStage,
    pub error: Option<String>,
    pub req: Option<RequestId>,
    pub scroll: u16,
    /// The preview shows only the wrong rows.
    pub only_wrong: bool,
}

#[derive(Debug, Clone)]
pub enum ImportStage {
    Path,
    Reading {
        done: usize,
        total: usize,
    },
    Preview {
        rows: Vec<FormRow>,
        report: ImportReport,
    },
    Done(ImportReport),
}

pub(super) fn import_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let line = state.keymap.command_in(KeyLayer::Line, &key);
    let command = state.keymap.command_in(KeyLayer::Panel, &key);
    let Some(Overlay::Import(panel)) = state.admin_mut() else {
        return Vec::new();
    };
    let org = panel.org;
    // The path is a line being typed; every other stage takes the panel's keys.
    if let ImportStage::Path = panel.stage {
        match line {
            Some(Command::LineCancel) => state.close(LayerKind::Admin),
            Some(Command::LineDone) if !panel.path.trim().is_empty() => {
                let path = expand_home(panel.path.trim());
                let (req, effects) = send(state, AdminCall::ReadAndCheck { org, path });
                if let Some(Overlay::Import(p)) = state.admin_mut() {
                    p.req = Some(req);
                    p.error = None;
                    p.stage = ImportStage::Reading { done: 0, total: 0 };
                }
                return effects;
            }
            _ => {
                edit_line(&mut panel.path, key);
            }
        }
        return Vec::new();
    }
    if command == Some(Command::PanelClose) {
        state.close(LayerKind::Admin);
        return Vec::new();
    }
    match &panel.stage {
        ImportStage::Path | ImportStage::Reading { .. } => Vec::new(),
        ImportStage::Preview { rows, report } => match command {
            _ if scroll(&mut panel.scroll, command, 20) => Vec::new(),
            Some(Command::ImportOnlyWrong) => {
                panel.only_wrong = !panel.only_wrong;
                panel.scroll = 0;
                Vec::new()
            }
            // Back to the path, to fix the file and read it again.
            Some(Command::PanelAgain) => {
                panel.stage = ImportStage::Path;
                Vec::new()
            }
            Some(Command::PanelGo) if report.problems.is_empty() && panel.req.is_none() => {
                let rows = rows.clone();
                let (req, effects) = send(state, AdminCall::Import { org, rows });
                if let Some(Overlay::Import(p)) = state.admin_mut() {
                    p.req = Some(req);
                }
                effects
            }
            _ => Vec::new(),
        },
        ImportStage::Done(_) => {
            if command == Some(Command::PanelGo) {
                state.close(LayerKind::Admin);
            }
            Vec::new()
        }
    }
}

/// `~/x.xlsx` → the home directory's file.
pub(super) fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest).display().to_string(),
        _ => path.to_string(),
    }
}

/// Progress of reading a file for the import panel.
pub fn import_progress(state: &mut State, req: RequestId, done: usize, total: usize) {
    if let Some(Overlay::Import(p)) = state.admin_mut()
        && p.req == Some(req)
        && matches!(p.stage, ImportStage::Reading { .. })
    {
        p.stage = ImportStage::Reading { done, total };
    }
}

/// The service's answer to the import screen: the preview, the import, or why not.
pub(super) fn import_answered(state: &mut State, result: ServiceResult<AdminReply>) -> Vec<Effect> {
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(Overlay::Import(p)) = state.admin_mut() else {
        return Vec::new();
    };
    p.req = None;
    match result {
        Ok(AdminReply::Checked { rows, report }) => {
            p.scroll = 0;
            // A file with problems opens on them.
            p.only_wrong = !report.problems.is_empty();
            p.stage = ImportStage::Preview { rows, report };
        }
        Ok(AdminReply::Imported(report)) => {
            p.stage = ImportStage::Done(report);
            return crate::tui::update::refresh_tree(state);
        }
        Ok(AdminReply::FileRefused(why)) => {
            p.stage = ImportStage::Path;
            p.error = Some(why);
        }
        Ok(_) => {}
        Err(e) => {
            // Back to the path: the file can be fixed and read again.
            if matches!(p.stage, ImportStage::Reading { .. }) {
                p.stage = ImportStage::Path;
            }
            p.error = Some(i.error(&e));
        }
    }
    Vec::new()
}
