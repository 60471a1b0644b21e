//! The queue's filter picker: categories, executors and sources, type to
//! narrow.

use super::*;

/// What a queue filter item sets; encoded in [`PickItem::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    Clear,
    Category(crate::domain::CategoryId),
    Assignee(AccountId),
    Source(crate::domain::MessageSource),
}

pub(super) const FILTER_KIND: i64 = 1_000_000_000_000;

impl QueueFilter {
    pub fn id(self) -> i64 {
        match self {
            QueueFilter::Clear => 0,
            QueueFilter::Category(c) => FILTER_KIND + c.0,
            QueueFilter::Assignee(a) => 2 * FILTER_KIND + a.0,
            QueueFilter::Source(s) => {
                3 * FILTER_KIND
                    + crate::domain::MessageSource::ALL
                        .iter()
                        .position(|x| *x == s)
                        .unwrap_or(0) as i64
            }
        }
    }

    pub fn from_id(id: i64) -> Option<Self> {
        let value = id % FILTER_KIND;
        Some(match id / FILTER_KIND {
            0 => QueueFilter::Clear,
            1 => QueueFilter::Category(crate::domain::CategoryId(value)),
            2 => QueueFilter::Assignee(AccountId(value)),
            3 => QueueFilter::Source(*crate::domain::MessageSource::ALL.get(value as usize)?),
            _ => return None,
        })
    }
}

/// Opens the queue's filter picker; its choices come from the service.
pub fn open_filters(state: &mut State) -> Vec<Effect> {
    // The queue's own organisation (a saved view is on the person's).
    let Some(org) = crate::tui::update::current_query(state).map(|q| q.org) else {
        return Vec::new();
    };
    let req = state.request();
    state.open(Layer::Prompt(Prompt::Pick {
        kind: PickKind::QueueFilter,
        query: String::new(),
        items: Vec::new(),
        selected: 0,
        req,
        loading: Loading::Waiting,
    }));
    vec![Effect::Call {
        req,
        call: Call::FilterChoices { org },
    }]
}

/// The choices of the filter picker: clear, then categories, executors and sources.
pub fn filter_choices_loaded(
    state: &mut State,
    req: RequestId,
    result: ServiceResult<(Vec<crate::domain::Category>, Vec<crate::domain::Account>)>,
) {
    let i = Arc::clone(&state.i18n);
    let items = result.map(|(categories, accounts)| {
        let mut items = vec![PickItem {
            id: QueueFilter::Clear.id(),
            label: i.t("filter-clear"),
            hint: String::new(),
            text: String::new(),
        }];
        items.extend(categories.iter().map(|c| PickItem {
            id: QueueFilter::Category(c.id).id(),
            label: c.name.clone(),
            hint: i.t("filter-by-category"),
            text: String::new(),
        }));
        items.extend(
            accounts
                .iter()
                .filter(|a| a.roles.has(Role::Executor))
                .map(|a| PickItem {
                    id: QueueFilter::Assignee(a.id).id(),
                    label: a.full_name(),
                    hint: i.t("filter-by-assignee"),
                    text: String::new(),
                }),
        );
        items.extend(crate::domain::MessageSource::ALL.iter().map(|s| PickItem {
            id: QueueFilter::Source(*s).id(),
            label: i.t(&format!("source-{}", s.key())),
            hint: i.t("filter-by-source"),
            text: String::new(),
        }));
        items
    });
    fill_picker(state, req, items);
}
