//! Speed of what the terminal asks for on every key: a queue page, the
//! tree's counts, one message, and drawing a full frame — on a store of
//! 1,000,000 messages.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use otklik::domain::{Actor, MessageStatus, OrgId, Role};
use otklik::service::{AccountQuery, Credentials, LocalService, MessageQuery, Service};
use otklik::store::Store;

struct Fixture {
    service: LocalService,
    actor: Actor,
    org: OrgId,
    rt: tokio::runtime::Runtime,
}

/// Signs in as the coordinator of the organisation with the most messages.
fn fixture(store: Arc<Store>) -> Fixture {
    let (org, email): (i64, String) = store
        .reader()
        .query_row(
            "SELECT c.org_id, a.email FROM org_status_counts c JOIN accounts a ON a.org_id = c.org_id
             WHERE a.roles & ?1 != 0 AND a.status = 'confirmed'
             GROUP BY c.org_id ORDER BY sum(c.n) DESC LIMIT 1",
            [1 << (Role::Coordinator as u8)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a coordinator of the busiest organisation");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let service = LocalService::new(store);
    let actor = rt
        .block_on(service.sign_in(&Credentials::Email(email)))
        .expect("sign in");
    Fixture {
        service,
        actor,
        org: OrgId(org),
        rt,
    }
}

fn queue(c: &mut Criterion) {
    let f = fixture(common::bench_store());
    let total: u64 =
        f.rt.block_on(f.service.message_counts(&f.actor, f.org))
            .expect("counts")
            .total();
    eprintln!("busiest organisation {} holds {total} messages", f.org);

    let mut q = MessageQuery::for_org(f.org);
    q.limit = 100;
    c.bench_function("queue page: all, first 100", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.messages(&f.actor, &q))
                    .expect("page"),
            )
        })
    });

    let mut q_new = q.clone();
    q_new.statuses = vec![MessageStatus::New];
    c.bench_function("queue page: new, first 100", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.messages(&f.actor, &q_new))
                    .expect("page"),
            )
        })
    });

    // A page deep in the queue: keyset paging costs the same anywhere.
    let mut deep = q.clone();
    for _ in 0..20 {
        let page =
            f.rt.block_on(f.service.messages(&f.actor, &deep))
                .expect("page");
        match page.next {
            Some(next) => deep.after = Some(next),
            None => break,
        }
    }
    c.bench_function("queue page: 21st page of 100", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.messages(&f.actor, &deep))
                    .expect("page"),
            )
        })
    });

    let mut overdue = q.clone();
    overdue.overdue = true;
    c.bench_function("queue page: overdue, first 100", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.messages(&f.actor, &overdue))
                    .expect("page"),
            )
        })
    });

    let mut search = q.clone();
    search.text = Some("отоплен".into());
    c.bench_function("queue page: full-text search, first 100", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.messages(&f.actor, &search))
                    .expect("page"),
            )
        })
    });

    c.bench_function("tab counts", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.message_counts(&f.actor, f.org))
                    .expect("counts"),
            )
        })
    });

    let roots =
        f.rt.block_on(f.service.org_children(&f.actor, None))
            .expect("roots");
    let city =
        f.rt.block_on(f.service.org_children(&f.actor, Some(roots[0].id)))
            .expect("city");
    let departments =
        f.rt.block_on(f.service.org_children(&f.actor, Some(city[0].id)))
            .expect("departments");
    let biggest = departments
        .iter()
        .max_by_key(|d| d.child_count)
        .expect("a department")
        .id;
    c.bench_function(
        "tree: children of the largest department, with counts",
        |b| {
            b.iter(|| {
                black_box(
                    f.rt.block_on(f.service.org_children(&f.actor, Some(biggest)))
                        .expect("children"),
                )
            })
        },
    );

    let first =
        f.rt.block_on(f.service.messages(&f.actor, &q))
            .expect("page")
            .items[0]
            .id;
    c.bench_function("one message with history", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.message(&f.actor, first))
                    .expect("message"),
            )
        })
    });

    c.bench_function("accounts page", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(
                    f.service
                        .accounts(&f.actor, f.org, &AccountQuery::default()),
                )
                .expect("accounts"),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = queue
}
criterion_main!(benches);
