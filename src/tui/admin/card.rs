//! The account card (`Enter` on an account): every field, the roles and
//! categories, and the account's mails — what the pane's columns leave out.

use super::*;
use crate::domain::Account;
use crate::domain::mail::QueuedMail;

#[derive(Debug, Clone)]
pub struct AccountCard {
    pub account: Account,
    /// The account's mails, newest first, and the categories it handles.
    pub mails: Option<Vec<QueuedMail>>,
    pub categories: Option<Vec<String>>,
    pub error: Option<String>,
    pub req: RequestId,
    pub scroll: u16,
}

/// Opens the card of the account under the cursor and asks for the rest.
pub fn open_card(state: &mut State) -> Vec<Effect> {
    let Some(account) = selected_account(state).cloned() else {
        return Vec::new();
    };
    let (req, effects) = send(
        state,
        AdminCall::Card {
            org: account.org,
            account: account.id,
        },
    );
    state.open(Layer::Admin(Overlay::Card(Box::new(AccountCard {
        account,
        mails: None,
        categories: None,
        error: None,
        req,
        scroll: 0,
    }))));
    effects
}

pub(super) fn card_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Some(Overlay::Card(card)) = state.admin_mut() else {
        return Vec::new();
    };
    if !scroll(&mut card.scroll, command, 10) && command == Some(Command::PanelClose) {
        state.close(LayerKind::Admin);
    }
    Vec::new()
}

pub(super) fn card_answered(state: &mut State, result: ServiceResult<AdminReply>) -> Vec<Effect> {
    let i = std::sync::Arc::clone(&state.i18n);
    let Some(Overlay::Card(card)) = state.admin_mut() else {
        return Vec::new();
    };
    match result {
        Ok(AdminReply::Card { mails, categories }) => {
            card.mails = Some(mails);
            card.categories = Some(categories);
        }
        Ok(_) => {}
        Err(e) => card.error = Some(i.error(&e)),
    }
    Vec::new()
}
