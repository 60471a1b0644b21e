//! What a key can ask for: every command by name, and the layer (the screen
//! or an overlay) where its keys apply.

/// What a key can ask for, whatever the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Help,
    Palette,
    Quit,
    Close,
    NextPane,
    PrevPane,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Expand,
    Collapse,
    Open,
    Back,
    Filter,
    NextTab,
    PrevTab,
    ToggleOverdue,
    WidenSearch,
    Refresh,
    /// Figures of the selected organisation (its subtree, for curators).
    Statistics,
    /// The selected organisation's polls and their results.
    Polls,
    Assign,
    /// Edit: the draft on a message, the account or the organisation under the cursor.
    Edit,
    Submit,
    /// Approve a reply or a redirect, accept from moderation.
    Approve,
    /// Return a reply, decline a redirect, reject in moderation.
    Return,
    Redirect,
    CloseMessage,
    /// Mark or unmark the message under the cursor.
    Mark,
    /// Mark everything from the last marked message to the cursor.
    MarkRange,
    /// Mark every loaded message of the queue (as filtered).
    MarkAll,
    UnmarkAll,
    /// Mark again the set the last step was taken on.
    Remark,
    /// A new account (accounts pane) or child cabinet (tree).
    New,
    /// Archive or restore the account under the cursor.
    Archive,
    /// Send the account's invitation again.
    Resend,
    /// The organisation's site widget: code, copy, check.
    Widget,
    /// Readiness of the selected organisation's subtree.
    Readiness,
    /// Import the onboarding form into the selected organisation.
    Import,
    /// The next saved view (after the last: the status tabs again).
    NextView,
    /// Filter the queue by category, executor or source.
    QueueFilters,
    /// On a message: its draft against the template it came from.
    TemplateDiff,
    EarlierHistory,
    Note,
    /// On a message: link it with another one as related (or remove that link).
    LinkMessage,
    /// On a message: close it as a duplicate of another one.
    CloseDuplicate,
    /// On a message: one step back through its history.
    TimelineBack,
    /// On a message: one step forward through its history.
    TimelineForward,
    /// On the statistics screen: the weeks shown, to a workbook.
    Export,
    /// In a confirmation: go ahead.
    ConfirmYes,
    /// In a confirmation: do not.
    ConfirmNo,
    /// In a line being typed: done.
    LineDone,
    /// In a line being typed: leave it.
    LineCancel,
    /// In a picker: the item above.
    PickerUp,
    /// In a picker: the item below.
    PickerDown,
    /// In a picker: take the item.
    PickerChoose,
    /// In a picker: leave it.
    PickerCancel,
    /// In a form: the next field.
    FormNext,
    /// In a form: the field before.
    FormPrev,
    /// In a form: save.
    FormSave,
    /// In a form: leave it, nothing saved.
    FormCancel,
    /// In the editor: save and close.
    EditorDone,
    /// In the editor: save now.
    EditorSave,
    /// In the editor: insert a template.
    EditorTemplate,
    /// In a panel (widget, readiness, import): close it.
    PanelClose,
    /// In a panel: scroll up a line.
    PanelUp,
    /// In a panel: scroll down a line.
    PanelDown,
    /// In a panel: scroll up a page.
    PanelPageUp,
    /// In a panel: scroll down a page.
    PanelPageDown,
    /// In a panel: its main step (generate the code, read the file, import it, close when done).
    PanelGo,
    /// In a panel: again (readiness read anew; the import back to the file's path).
    PanelAgain,
    /// In the widget panel: the design before.
    WidgetPrevDesign,
    /// In the widget panel: the next design.
    WidgetNextDesign,
    /// In the widget panel: type the banner's text.
    WidgetBanner,
    /// In the widget panel: generate the code.
    WidgetGenerate,
    /// In the widget panel: copy the code.
    WidgetCopy,
    /// In the widget panel: save the code to a file.
    WidgetSave,
    /// In the widget panel: check the registered site.
    WidgetCheck,
    /// In the import preview: only the wrong rows, or all.
    ImportOnlyWrong,
    /// In the readiness panel: set the date to be ready by.
    ReadinessDeadline,
}

/// Where a command's keys apply: the screen, or one overlay over it (the
/// same key may mean one thing on the screen and another in an overlay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLayer {
    Screen,
    /// A yes/no question.
    Confirm,
    /// A line being typed: a reason, a comment, a date.
    Line,
    /// A list to choose from (typing narrows it).
    Picker,
    /// An account or organisation form.
    Form,
    /// The draft editor.
    Editor,
    /// A panel over the screen: the widget, readiness, the import.
    Panel,
}

impl Command {
    pub const ALL: [Command; 83] = [
        Command::Help,
        Command::Palette,
        Command::Quit,
        Command::Close,
        Command::NextPane,
        Command::PrevPane,
        Command::Up,
        Command::Down,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::Expand,
        Command::Collapse,
        Command::Open,
        Command::Back,
        Command::Filter,
        Command::NextTab,
        Command::PrevTab,
        Command::ToggleOverdue,
        Command::WidenSearch,
        Command::Refresh,
        Command::Statistics,
        Command::Polls,
        Command::Assign,
        Command::Edit,
        Command::Submit,
        Command::Approve,
        Command::Return,
        Command::Redirect,
        Command::CloseMessage,
        Command::Mark,
        Command::MarkRange,
        Command::MarkAll,
        Command::UnmarkAll,
        Command::Remark,
        Command::New,
        Command::Archive,
        Command::Resend,
        Command::Widget,
        Command::Readiness,
        Command::Import,
        Command::NextView,
        Command::QueueFilters,
        Command::TemplateDiff,
        Command::EarlierHistory,
        Command::Note,
        Command::LinkMessage,
        Command::CloseDuplicate,
        Command::TimelineBack,
        Command::TimelineForward,
        Command::Export,
        Command::ConfirmYes,
        Command::ConfirmNo,
        Command::LineDone,
        Command::LineCancel,
        Command::PickerUp,
        Command::PickerDown,
        Command::PickerChoose,
        Command::PickerCancel,
        Command::FormNext,
        Command::FormPrev,
        Command::FormSave,
        Command::FormCancel,
        Command::EditorDone,
        Command::EditorSave,
        Command::EditorTemplate,
        Command::PanelClose,
        Command::PanelUp,
        Command::PanelDown,
        Command::PanelPageUp,
        Command::PanelPageDown,
        Command::PanelGo,
        Command::PanelAgain,
        Command::WidgetPrevDesign,
        Command::WidgetNextDesign,
        Command::WidgetBanner,
        Command::WidgetGenerate,
        Command::WidgetCopy,
        Command::WidgetSave,
        Command::WidgetCheck,
        Command::ImportOnlyWrong,
        Command::ReadinessDeadline,
    ];

    pub fn layer(self) -> KeyLayer {
        match self {
            Command::ConfirmYes | Command::ConfirmNo => KeyLayer::Confirm,
            Command::LineDone | Command::LineCancel => KeyLayer::Line,
            Command::PickerUp
            | Command::PickerDown
            | Command::PickerChoose
            | Command::PickerCancel => KeyLayer::Picker,
            Command::FormNext | Command::FormPrev | Command::FormSave | Command::FormCancel => {
                KeyLayer::Form
            }
            Command::EditorDone | Command::EditorSave | Command::EditorTemplate => KeyLayer::Editor,
            Command::PanelClose
            | Command::PanelUp
            | Command::PanelDown
            | Command::PanelPageUp
            | Command::PanelPageDown
            | Command::PanelGo
            | Command::PanelAgain
            | Command::WidgetPrevDesign
            | Command::WidgetNextDesign
            | Command::WidgetBanner
            | Command::WidgetGenerate
            | Command::WidgetCopy
            | Command::WidgetSave
            | Command::WidgetCheck
            | Command::ImportOnlyWrong
            | Command::ReadinessDeadline => KeyLayer::Panel,
            _ => KeyLayer::Screen,
        }
    }

    /// The name in the keymap file and in `action-<name>` strings.
    pub fn name(self) -> &'static str {
        match self {
            Command::Help => "help",
            Command::Palette => "palette",
            Command::Quit => "quit",
            Command::Close => "close",
            Command::NextPane => "next-pane",
            Command::PrevPane => "prev-pane",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page-up",
            Command::PageDown => "page-down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::Expand => "expand",
            Command::Collapse => "collapse",
            Command::Open => "open",
            Command::Back => "back",
            Command::Filter => "filter",
            Command::NextTab => "next-tab",
            Command::PrevTab => "prev-tab",
            Command::ToggleOverdue => "toggle-overdue",
            Command::WidenSearch => "widen-search",
            Command::Refresh => "refresh",
            Command::Statistics => "statistics",
            Command::Polls => "polls",
            Command::Assign => "assign",
            Command::Edit => "edit",
            Command::Submit => "submit",
            Command::Approve => "approve",
            Command::Return => "return",
            Command::Redirect => "redirect",
            Command::CloseMessage => "close-message",
            Command::Mark => "mark",
            Command::MarkRange => "mark-range",
            Command::MarkAll => "mark-all",
            Command::UnmarkAll => "unmark-all",
            Command::Remark => "remark",
            Command::New => "new",
            Command::Archive => "archive",
            Command::Resend => "resend",
            Command::Widget => "widget",
            Command::Readiness => "readiness",
            Command::Import => "import",
            Command::NextView => "next-view",
            Command::QueueFilters => "queue-filters",
            Command::TemplateDiff => "template-diff",
            Command::EarlierHistory => "earlier-history",
            Command::Note => "note",
            Command::LinkMessage => "link-message",
            Command::CloseDuplicate => "close-duplicate",
            Command::TimelineBack => "timeline-back",
            Command::TimelineForward => "timeline-forward",
            Command::Export => "export",
            Command::ConfirmYes => "confirm-yes",
            Command::ConfirmNo => "confirm-no",
            Command::LineDone => "line-done",
            Command::LineCancel => "line-cancel",
            Command::PickerUp => "picker-up",
            Command::PickerDown => "picker-down",
            Command::PickerChoose => "picker-choose",
            Command::PickerCancel => "picker-cancel",
            Command::FormNext => "form-next",
            Command::FormPrev => "form-prev",
            Command::FormSave => "form-save",
            Command::FormCancel => "form-cancel",
            Command::EditorDone => "editor-done",
            Command::EditorSave => "editor-save",
            Command::EditorTemplate => "editor-template",
            Command::PanelClose => "panel-close",
            Command::PanelUp => "panel-up",
            Command::PanelDown => "panel-down",
            Command::PanelPageUp => "panel-page-up",
            Command::PanelPageDown => "panel-page-down",
            Command::PanelGo => "panel-go",
            Command::PanelAgain => "panel-again",
            Command::WidgetPrevDesign => "widget-prev-design",
            Command::WidgetNextDesign => "widget-next-design",
            Command::WidgetBanner => "widget-banner",
            Command::WidgetGenerate => "widget-generate",
            Command::WidgetCopy => "widget-copy",
            Command::WidgetSave => "widget-save",
            Command::WidgetCheck => "widget-check",
            Command::ImportOnlyWrong => "import-only-wrong",
            Command::ReadinessDeadline => "readiness-deadline",
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }
}
