//! What those who oversee a whole subtree ask for — the city's curator and
//! a platform curator — on the store of 1,000,000 messages: a queue page of
//! the subtree, their saved view (overdue below) with its count, the tab
//! counts, and searches with a long and a short word. Each beside its floor:
//! the bare SQL of the same page or count, run on the same store.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use otklik::domain::{MessageStatus, OrgPath, Role};
use otklik::service::{Credentials, Gateway, LocalService, MessageQuery, Session};
use otklik::store::AnyStore;

struct Curator {
    label: &'static str,
    session: Session,
    /// The subtree's paths, `from <= path < to`.
    from: String,
    to: String,
}

/// The first confirmed curator of the organisation `where_org` picks.
fn curator(
    store: &Arc<AnyStore>,
    local: &LocalService,
    rt: &tokio::runtime::Runtime,
    label: &'static str,
    where_org: &str,
) -> Curator {
    let found = common::rows(
        store,
        &format!(
            "SELECT min(a.email), o.path FROM accounts a JOIN orgs o ON o.id = a.org_id
             WHERE (a.roles & ?1) <> 0 AND a.status = 'confirmed' AND {where_org}
             GROUP BY o.id, o.path ORDER BY o.id LIMIT 1"
        ),
        &[1 << (Role::Curator as u8)],
    );
    let (email, path) = (found[0][0].clone(), OrgPath(found[0][1].clone()));
    let session = rt
        .block_on(local.sign_in(&Credentials::Email(email.clone())))
        .expect("sign in");
    eprintln!("{label}: {email}, subtree {}", path.0);
    Curator {
        label,
        session,
        to: path.subtree_end(),
        from: path.0,
    }
}

fn curators(c: &mut Criterion) {
    let store = common::bench_store();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let local = LocalService::new(Arc::clone(&store));
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let who = [
        curator(&store, &local, &rt, "city curator", "o.parent_id = 1"),
        curator(
            &store,
            &local,
            &rt,
            "platform curator",
            "o.parent_id IS NULL",
        ),
    ];
    for k in &who {
        let actor = k.session.actor();
        let mut all = MessageQuery::for_org(actor.org);
        all.subtree = true;
        all.limit = 100;
        let mut group = c.benchmark_group(k.label);
        group.sample_size(20);
        let page = |q: &MessageQuery| rt.block_on(k.session.messages(q)).expect("page");
        let count = |q: &MessageQuery| rt.block_on(k.session.count_messages(q)).expect("count");
        let floor = |sql: String| common::rows(&store, &sql, &[]);
        let subtree = format!(
            "m.org_id IN (SELECT id FROM orgs WHERE path >= '{}' AND path < '{}')",
            k.from, k.to
        );
        // The floor of a page: every message newest first, the subtree a
        // filter on each (unary `+`: not through an index).
        let walked = format!("+{subtree}");

        group.bench_function("queue page: all, first 100", |b| {
            b.iter(|| black_box(page(&all)))
        });
        group.bench_function("floor: page all, bare SQL", |b| {
            let sql =
                format!("SELECT m.id FROM messages m WHERE {walked} ORDER BY m.id DESC LIMIT 101");
            b.iter(|| black_box(floor(sql.clone())))
        });

        let mut new = all.clone();
        new.statuses = vec![MessageStatus::New];
        group.bench_function("queue page: new, first 100", |b| {
            b.iter(|| black_box(page(&new)))
        });

        // The curator's saved view: overdue in the whole subtree.
        let mut overdue = all.clone();
        overdue.overdue = true;
        let overdue_sql = format!("m.status IN (0, 1, 2, 3, 4) AND m.deadline < '{today}'");
        group.bench_function("view «overdue below»: page", |b| {
            b.iter(|| black_box(page(&overdue)))
        });
        group.bench_function("floor: overdue page, bare SQL", |b| {
            let sql = format!(
                "SELECT m.id FROM messages m WHERE {walked} AND {overdue_sql} ORDER BY m.id DESC LIMIT 101"
            );
            b.iter(|| black_box(floor(sql.clone())))
        });
        group.bench_function("view «overdue below»: count", |b| {
            b.iter(|| black_box(count(&overdue)))
        });
        group.bench_function("floor: overdue count, bare SQL", |b| {
            let sql = format!("SELECT count(*) FROM messages m WHERE {subtree} AND {overdue_sql}");
            b.iter(|| black_box(floor(sql.clone())))
        });

        group.bench_function("tab counts", |b| {
            b.iter(|| {
                black_box(
                    rt.block_on(k.session.message_counts(actor.org))
                        .expect("counts"),
                )
            })
        });

        for word in ["отопление", "от"] {
            let mut search = all.clone();
            search.text = Some(word.into());
            search.limit = 25;
            group.bench_function(format!("search «{word}», first 25"), |b| {
                b.iter(|| black_box(page(&search)))
            });
            // The index alone, newest first, the subtree as a filter.
            if store.sqlite().is_some() {
                let fts = otklik::store::sqlite::search::query(word).expect("words");
                let sql = format!(
                    "SELECT m.id FROM messages_fts f JOIN messages m ON m.id = f.rowid
                     WHERE messages_fts MATCH '{fts}' AND {walked}
                     ORDER BY f.rowid DESC LIMIT 26"
                );
                group.bench_function(format!("floor: «{word}» in the index, bare SQL"), |b| {
                    b.iter(|| black_box(floor(sql.clone())))
                });
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_secs(1));
    targets = curators
}
criterion_main!(benches);
