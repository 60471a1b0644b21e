//! A message's history says whom it was given to and where it was sent,
//! and comes a page at a time, on every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{Param, assert_err};
use otklik::domain::{Act, HISTORY_PAGE};
use otklik::service::ServiceError;

contract!(
    history_names_the_executor_and_the_organisation_of_a_redirect,
    |ctx| async move {
        let f = &ctx.f;
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;
        let executor = coordinator.find_account(&f.who.a_e1.email).await.unwrap();
        let school_b = coordinator.organisation(f.org.school_b).await.unwrap();

        let a6 = f.msg("a6").id;
        let v = coordinator.message(a6).await.unwrap().version;
        let m = coordinator
            .act(
                a6,
                v,
                &Act::Assign {
                    executor: f.who.a_e1.id,
                },
            )
            .await
            .unwrap();
        let last = m.history.last().unwrap();
        assert_eq!(last.action, "assign");
        assert_eq!(last.actor, Some(f.who.a_coordinator.id));
        assert_eq!(
            last.subject.as_deref(),
            Some(executor.short_name().as_str())
        );

        let a9 = f.msg("a9").id;
        let v = coordinator.message(a9).await.unwrap().version;
        let m = coordinator
            .act(
                a9,
                v,
                &Act::AskRedirect {
                    target: f.org.school_b,
                    reason: "Это вопрос другой школы".into(),
                },
            )
            .await
            .unwrap();
        let asked = m.history.last().unwrap();
        assert_eq!(asked.action, "ask-redirect");
        assert_eq!(asked.subject.as_deref(), Some(school_b.short_name.as_str()));
        let m = leader
            .act(a9, m.version, &Act::ApproveRedirect)
            .await
            .unwrap();
        let approved = m.history.last().unwrap();
        assert_eq!(approved.action, "approve-redirect");
        assert_eq!(
            approved.subject.as_deref(),
            Some(school_b.short_name.as_str())
        );
        // Lines without anyone or anywhere to name stay as they were.
        let a4 = coordinator.message(f.msg("a4").id).await.unwrap();
        let named: Vec<(&str, bool)> = a4
            .history
            .iter()
            .map(|h| (h.action.as_str(), h.subject.is_some()))
            .collect();
        assert_eq!(
            named,
            vec![
                ("received", false),
                ("assign", true),
                ("submit-draft", false)
            ]
        );
    }
);

contract!(a_long_history_comes_a_page_at_a_time, |ctx| async move {
    let f = &ctx.f;
    let a3 = f.msg("a3");
    let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    let before = coordinator.message(a3.id).await.unwrap().history;
    // A message stepped 120 times more.
    f.exec(
        "INSERT INTO message_history (message_id, at, actor_id, action, from_status, to_status)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
         SELECT ?1, 1772400000 + i, ?2, 'edit-draft', 1, 1 FROM n",
        &[Param::Int(a3.id.0), Param::Int(f.who.a_e1.id.0)],
    );
    let total = before.len() + 120;
    let m = coordinator.message(a3.id).await.unwrap();
    let page = HISTORY_PAGE as usize;
    assert_eq!(m.history.len(), page);
    assert_eq!(m.history_earlier as usize, total - page);
    // Page by page to the first step: each older than the one after, none twice.
    let mut all = m.history.clone();
    let mut earlier = m.history_earlier;
    while earlier > 0 {
        let p = coordinator
            .message_history(a3.id, Some(all[0].id))
            .await
            .unwrap();
        assert!(!p.entries.is_empty() && p.entries.len() <= page);
        assert!(p.entries.last().unwrap().id < all[0].id);
        earlier = p.earlier;
        all.splice(0..0, p.entries);
    }
    assert_eq!(all.len(), total);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(
        all[..before.len()],
        before[..],
        "the first steps as they were"
    );
    // Only for those who may see the message.
    let (other, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    assert_err(
        other.message_history(a3.id, None).await,
        ServiceError::Forbidden,
    );
});

contract!(
    a_note_is_for_staff_who_may_read_the_message,
    |ctx| async move {
        let f = &ctx.f;
        let a3 = f.msg("a3");
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let before = coordinator.message(a3.id).await.unwrap();
        let m = coordinator
            .add_note(a3.id, "  Жительница звонила, яму засыпали щебнем  ")
            .await
            .unwrap();
        let note = m.history.last().unwrap();
        assert_eq!(note.action, "note");
        assert_eq!(note.actor, Some(f.who.a_coordinator.id));
        assert_eq!(
            note.comment.as_deref(),
            Some("Жительница звонила, яму засыпали щебнем")
        );
        assert_eq!((note.from_status, note.to_status), (None, None));
        // The message itself is as it was: status, executor, version.
        assert_eq!(
            (m.status, m.assignee, m.version),
            (before.status, before.assignee, before.version)
        );
        // Its executor reads it too; another school may not write one.
        let (executor, _) = ctx.service_as(&f.who.a_e1.email).await;
        let seen = executor.message(a3.id).await.unwrap();
        assert_eq!(seen.history.last().unwrap().action, "note");
        let (other, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_err(
            other.add_note(a3.id, "чужое").await,
            ServiceError::Forbidden,
        );
        assert!(matches!(
            coordinator.add_note(a3.id, "   ").await,
            Err(ServiceError::Invalid(_))
        ));
    }
);
