//! A message's history says whom it was given to and where it was sent,
//! on every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use otklik::domain::Act;

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
