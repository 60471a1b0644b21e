//! A list read a page at a time: its rows so far, where its cursor is (and
//! stays, by id, across a reload), and how its next page is asked for.

use super::action::RequestId;
use super::state::ListState;
use crate::domain::Account;

/// A page-loaded list of one organisation's items.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// Across a reload: the id of the row the cursor was on, and its place.
    pub keep: Option<(i64, usize)>,
    pub next: Option<String>,
    pub list: ListState,
    pub req: RequestId,
    pub loading: bool,
    pub error: Option<String>,
    pub forbidden: bool,
    pub filter: String,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            items: Vec::new(),
            keep: None,
            next: None,
            list: ListState::default(),
            req: 0,
            loading: false,
            error: None,
            forbidden: false,
            filter: String::new(),
        }
    }
}

/// A row the cursor can stay on across a reload.
pub trait RowId {
    fn row_id(&self) -> i64;
}

impl RowId for Account {
    fn row_id(&self) -> i64 {
        self.id.0
    }
}

impl RowId for crate::domain::MessageRow {
    fn row_id(&self) -> i64 {
        self.id.0
    }
}

impl<T: RowId> Paged<T> {
    /// Loads the same list again: the cursor will stay on its row.
    pub fn reload(&mut self, req: RequestId) {
        // While an earlier reload still looks for its row, that row is kept.
        let keep = self.keep.or_else(|| {
            self.items
                .get(self.list.selected)
                .map(|r| (r.row_id(), self.list.selected))
        });
        self.reset(req);
        self.keep = keep;
    }

    /// After rows arrived: the cursor back on the row it was on. True when
    /// that row may be on a page not loaded yet (ask for the next one).
    pub fn restore_cursor(&mut self) -> bool {
        let Some((id, at)) = self.keep else {
            return false;
        };
        if let Some(i) = self.items.iter().position(|r| r.row_id() == id) {
            self.list.selected = i;
            self.keep = None;
            return false;
        }
        if self.next.is_some() && self.items.len() <= at {
            return true;
        }
        // It is gone: the cursor stays where it was.
        self.list.selected = at.min(self.items.len().saturating_sub(1));
        self.keep = None;
        false
    }

    /// Takes the answer to request `req`: the rows (after those there, or
    /// instead), or why there are none. What it says the caller must do.
    pub fn receive(
        &mut self,
        req: RequestId,
        append: bool,
        result: crate::service::ServiceResult<crate::service::Page<T>>,
        describe: impl Fn(&crate::service::ServiceError) -> String,
    ) -> Received {
        if req != self.req {
            return Received::Stale;
        }
        self.loading = false;
        match result {
            Ok(page) => {
                if !append {
                    self.items.clear();
                }
                self.items.extend(page.items);
                self.next = page.next;
                if self.restore_cursor() {
                    return Received::WantsNextPage;
                }
                return Received::Rows;
            }
            Err(crate::service::ServiceError::Forbidden) => self.forbidden = true,
            Err(e) => self.error = Some(describe(&e)),
        }
        self.keep = None;
        Received::Failed
    }
}

/// What taking a page's answer asks of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// An answer to an older request: nothing changed.
    Stale,
    /// Rows placed: keep the selection in view.
    Rows,
    /// The cursor's row may be further on: ask for the next page.
    WantsNextPage,
    /// Refused or failed; said in the list.
    Failed,
}

impl<T> Paged<T> {
    /// Forgets the rows (a new organisation or filter), keeps the filter text.
    pub fn reset(&mut self, req: RequestId) {
        self.keep = None;
        self.items.clear();
        self.next = None;
        self.list = ListState::default();
        self.req = req;
        self.loading = true;
        self.error = None;
        self.forbidden = false;
    }
}
