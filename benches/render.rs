//! Drawing a full frame of the main screen with a page of the 1,000,000-
//! message store loaded: what every key press costs the terminal.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use otklik::domain::Role;
use otklik::i18n::{I18n, Lang};
use otklik::service::{Credentials, Gateway, LocalService, MessageQuery};
use otklik::tui::action::Action;
use otklik::tui::call::Answer;
use otklik::tui::keymap::{Command, Keymap};
use otklik::tui::state::{Screen, State};
use otklik::tui::theme::Theme;
use otklik::tui::{update::update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(c: &mut Criterion) {
    let store = common::bench_store();
    let email: String = store
        .sqlite()
        .expect("the bench store is a file")
        .reader()
        .query_row(
            "SELECT a.email FROM accounts a JOIN org_status_counts c ON c.org_id = a.org_id
             WHERE a.roles & ?1 != 0 AND a.status = 'confirmed' GROUP BY a.id ORDER BY sum(c.n) DESC LIMIT 1",
            [1 << (Role::Coordinator as u8)],
            |r| r.get(0),
        )
        .expect("a coordinator");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let service = LocalService::new(Arc::clone(&store));
    let session = rt
        .block_on(service.sign_in(&Credentials::Email(email)))
        .expect("sign in");
    let actor = session.actor();
    let mut q = MessageQuery::for_org(actor.org);
    q.limit = 100;
    let page = rt.block_on(session.messages(&q)).expect("page");
    let path = rt.block_on(session.org_ancestors(actor.org)).expect("path");

    let mut state = State::new(
        Arc::new(I18n::new(Lang::Ru)),
        Arc::new(Keymap::defaults()),
        Arc::new(Theme::defaults()),
        chrono::Local::now().date_naive(),
        Screen::Main,
    );
    state.size = (200, 60);
    update(&mut state, Action::SignedIn(Ok(actor.clone())));
    for node in &path {
        let parent = node.parent;
        let req = state.tree.pending.get(&parent).copied().unwrap_or(0);
        let kids = rt.block_on(session.org_children(parent)).expect("children");
        state.tree.expanded.insert(node.id);
        update(
            &mut state,
            Action::Answer {
                req,
                answer: Answer::Children {
                    parent,
                    result: Ok(kids),
                },
            },
        );
    }
    let req = state.messages.page.req;
    update(
        &mut state,
        Action::Answer {
            req,
            answer: Answer::Messages {
                append: false,
                result: Ok(page),
            },
        },
    );
    state.focus = otklik::tui::state::Pane::Messages;

    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    c.bench_function("full frame 200x60, 100 queue rows loaded", |b| {
        b.iter(|| {
            terminal
                .draw(|f| view::render(f, black_box(&state)))
                .map(|_| ())
                .expect("draw")
        })
    });
    c.bench_function("key j: update + full frame", |b| {
        b.iter(|| {
            let effects = update(&mut state, Action::Command(Command::Down));
            black_box(effects);
            terminal
                .draw(|f| view::render(f, &state))
                .map(|_| ())
                .expect("draw")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = render
}
criterion_main!(benches);
