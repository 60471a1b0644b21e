//! One step on many messages at once (the coordinator's marked set), on
//! both backends: each message is done or refused on its own.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::assert_err;
use otklik::domain::{Act, Field, Invalid, MessageStatus, Problem};
use otklik::service::{ActReport, ServiceError};

contract!(a_marked_set_is_assigned_each_on_its_own, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let (a6, a9, a12, b1) = (
        f.msg("a6").id,
        f.msg("a9").id,
        f.msg("a12").id,
        f.msg("b1").id,
    );
    let act = Act::Assign {
        executor: f.who.a_e1.id,
    };
    let report = svc
        .act_many(&[(a6, 1), (a9, 1), (a12, 99), (b1, 1)], &act)
        .await
        .unwrap();
    assert_eq!(
        report,
        ActReport {
            done: vec![a6, a9],
            refused: vec![
                (a12, ServiceError::Conflict { current: 1 }),
                (b1, ServiceError::Forbidden)
            ],
        }
    );
    for id in [a6, a9] {
        let m = svc.message(id).await.unwrap();
        assert_eq!(
            (m.status, m.assignee, m.version),
            (MessageStatus::InWork, Some(f.who.a_e1.id), 2)
        );
        assert_eq!(m.history.last().unwrap().action, "assign");
    }
    let untouched = svc.message(a12).await.unwrap();
    assert_eq!(
        (untouched.status, untouched.assignee, untouched.version),
        (MessageStatus::New, None, 1)
    );
    // A step that carries a bad value is refused whole.
    assert_err(
        svc.act_many(&[(a12, 1)], &Act::Close { reason: " ".into() })
            .await,
        ServiceError::Invalid(Invalid::new(Field::Reason, Problem::Empty)),
    );
});
