//! A message as it stood after each step of its history: what the timeline
//! at the keyboard steps through. The history says how the status and the
//! executor changed; the draft versions come with it from the store.

use serde::{Deserialize, Serialize};

use super::message::{HistoryEntry, MessageStatus};

/// The most steps a timeline holds (its newest); earlier ones are counted.
pub const MAX_STEPS: u32 = 500;

/// A message's history with the draft text each draft edit left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    /// (history step id, the draft it left), for the steps that edited it.
    pub drafts: Vec<(i64, String)>,
    /// How many earlier steps are left out.
    pub earlier: u64,
}

/// The message after one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub step: HistoryEntry,
    pub status: Option<MessageStatus>,
    /// The executor's name, as the history named them.
    pub executor: Option<String>,
    pub draft: Option<String>,
    /// The draft before this step, when this step changed it.
    pub previous_draft: Option<Option<String>>,
}

impl Moment {
    pub fn changed_draft(&self) -> bool {
        self.previous_draft.is_some()
    }
}

/// Replays the history: each step's status, executor and draft. A step
/// before the first one known starts from nothing known.
pub fn replay(timeline: &Timeline) -> Vec<Moment> {
    let drafts: std::collections::HashMap<i64, &str> = timeline
        .drafts
        .iter()
        .map(|(id, text)| (*id, text.as_str()))
        .collect();
    let mut status = timeline.history.first().and_then(|h| h.from_status);
    let mut executor: Option<String> = None;
    let mut draft: Option<String> = None;
    let mut out = Vec::with_capacity(timeline.history.len());
    for step in &timeline.history {
        if let Some(to) = step.to_status {
            status = Some(to);
        }
        let before = draft.clone();
        match step.action.as_str() {
            "assign" => executor = step.subject.clone(),
            // The target organisation starts afresh.
            "approve-redirect" => {
                executor = None;
                draft = None;
            }
            _ => {}
        }
        if let Some(text) = drafts.get(&step.id) {
            draft = Some(text.to_string()).filter(|t| !t.trim().is_empty());
        }
        out.push(Moment {
            step: step.clone(),
            status,
            executor: executor.clone(),
            previous_draft: (draft != before).then_some(before),
            draft: draft.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::message::MessageStatus::*;

    fn step(
        id: i64,
        action: &str,
        to: Option<MessageStatus>,
        subject: Option<&str>,
    ) -> HistoryEntry {
        HistoryEntry {
            id,
            at: chrono::DateTime::from_timestamp(1_770_000_000 + id * 60, 0).unwrap(),
            actor: None,
            actor_name: String::new(),
            action: action.into(),
            from_status: None,
            to_status: to,
            comment: None,
            subject: subject.map(str::to_string),
        }
    }

    #[test]
    fn status_executor_and_draft_follow_the_steps() {
        let mut received = step(1, "received", Some(New), None);
        received.from_status = None;
        let timeline = Timeline {
            history: vec![
                received,
                step(2, "assign", Some(InWork), Some("Орлова В. И.")),
                step(3, "edit-draft", Some(InWork), None),
                step(4, "note", None, None),
                step(5, "edit-draft", Some(InWork), None),
                step(6, "submit-draft", Some(OnApproval), None),
                step(7, "return", Some(InWork), None),
                step(8, "assign", Some(InWork), Some("Зуев И. П.")),
            ],
            drafts: vec![(3, "Первый ответ".into()), (5, "Второй ответ".into())],
            earlier: 0,
        };
        let moments = replay(&timeline);
        let seen: Vec<_> = moments
            .iter()
            .map(|m| {
                (
                    m.status,
                    m.executor.as_deref(),
                    m.draft.as_deref(),
                    m.changed_draft(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (Some(New), None, None, false),
                (Some(InWork), Some("Орлова В. И."), None, false),
                (
                    Some(InWork),
                    Some("Орлова В. И."),
                    Some("Первый ответ"),
                    true
                ),
                // A note changes nothing of the message.
                (
                    Some(InWork),
                    Some("Орлова В. И."),
                    Some("Первый ответ"),
                    false
                ),
                (
                    Some(InWork),
                    Some("Орлова В. И."),
                    Some("Второй ответ"),
                    true
                ),
                (
                    Some(OnApproval),
                    Some("Орлова В. И."),
                    Some("Второй ответ"),
                    false
                ),
                (
                    Some(InWork),
                    Some("Орлова В. И."),
                    Some("Второй ответ"),
                    false
                ),
                (
                    Some(InWork),
                    Some("Зуев И. П."),
                    Some("Второй ответ"),
                    false
                ),
            ]
        );
        assert_eq!(
            moments[4].previous_draft,
            Some(Some("Первый ответ".to_string()))
        );
        assert_eq!(moments[2].previous_draft, Some(None));
    }

    #[test]
    fn a_redirect_leaves_no_executor_nor_draft() {
        let timeline = Timeline {
            history: vec![
                step(1, "assign", Some(InWork), Some("Орлова В. И.")),
                step(2, "edit-draft", Some(InWork), None),
                step(3, "ask-redirect", Some(RedirectRequested), Some("СОШ № 5")),
                step(4, "approve-redirect", Some(New), Some("СОШ № 5")),
                // An emptied draft is no draft.
                step(5, "edit-draft", Some(InWork), None),
            ],
            drafts: vec![(2, "Текст".into()), (5, "  ".into())],
            earlier: 3,
        };
        let moments = replay(&timeline);
        assert_eq!(moments[3].executor, None);
        assert_eq!(moments[3].draft, None);
        assert!(moments[3].changed_draft());
        assert_eq!(moments[4].draft, None);
        assert!(!moments[4].changed_draft());
    }
}
