//! Links between messages and a message's timeline, on every backend: a
//! duplicate closed with a link both ways and a notice to its citizen,
//! related messages linked and unlinked as far as one sees them, and the
//! history with every draft version.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{Param, assert_err};
use otklik::domain::links::LinkKind;
use otklik::domain::timeline::replay;
use otklik::domain::{Act, Field, Invalid, MessageId, MessageStatus, Problem};
use otklik::service::{Entity, ServiceError};

fn invalid(problem: Problem) -> ServiceError {
    ServiceError::Invalid(Invalid::new(Field::Link, problem))
}

fn message_not_found(id: MessageId) -> ServiceError {
    ServiceError::NotFound {
        entity: Entity::Message,
        id: id.to_string(),
    }
}

fn links(m: &otklik::domain::Message) -> Vec<(LinkKind, MessageId)> {
    m.links.iter().map(|l| (l.kind, l.id)).collect()
}

contract!(
    closing_as_a_duplicate_links_both_ways_and_tells_the_citizen,
    |ctx| async move {
        let f = &ctx.f;
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;
        let (a12, a7) = (f.msg("a12").id, f.msg("a7").id);
        let v = leader.message(a12).await.unwrap().version;
        let m = leader
            .act(a12, v, &Act::CloseDuplicate { of: a7 })
            .await
            .unwrap();
        assert_eq!(m.status, MessageStatus::Closed);
        assert_eq!(links(&m), vec![(LinkKind::DuplicateOf, a7)]);
        assert_eq!(m.links[0].status, MessageStatus::InWork);
        assert_eq!(m.links[0].summary, "Мало овощей в меню");
        let closed = m.history.last().unwrap();
        assert_eq!(closed.action, "close");
        assert_eq!(closed.subject.as_deref(), Some(a7.0.to_string().as_str()));
        // The original lists its duplicate and tells of it in its history.
        let original = leader.message(a7).await.unwrap();
        assert_eq!(links(&original), vec![(LinkKind::Duplicate, a12)]);
        let told = original.history.last().unwrap();
        assert_eq!(told.action, "duplicate");
        assert_eq!(told.subject.as_deref(), Some(a12.0.to_string().as_str()));
        // The duplicate's citizen is told where the answer will be.
        let notices = f.read(|r| r.citizen_notices(a12));
        assert_eq!(
            notices.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![otklik::domain::notice::Notice::Duplicate]
        );
        // The duplicate's link stays with its closure.
        assert_err(
            leader.unlink_messages(a12, a7).await,
            invalid(Problem::DuplicateLinkStays),
        );
    }
);

contract!(
    a_duplicate_must_point_at_a_message_that_will_be_answered,
    |ctx| async move {
        let f = &ctx.f;
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;
        let a6 = f.msg("a6").id;
        let v = leader.message(a6).await.unwrap().version;
        let close = |of| Act::CloseDuplicate { of };
        assert_err(
            leader.act(a6, v, &close(a6)).await,
            invalid(Problem::SameMessage),
        );
        // Closed already: no answer will come there.
        let a2 = f.msg("a2").id;
        assert_err(
            leader.act(a6, v, &close(a2)).await,
            invalid(Problem::NotAnswerable),
        );
        // Another school's message is not this leader's to see.
        let b1 = f.msg("b1").id;
        assert_err(leader.act(a6, v, &close(b1)).await, message_not_found(b1));
        assert_err(
            leader.act(a6, v, &close(MessageId(9999))).await,
            message_not_found(MessageId(9999)),
        );
        // Coordinators do not close messages.
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let a9 = f.msg("a9").id;
        assert_err(
            coordinator.act(a6, v, &close(a9)).await,
            ServiceError::Forbidden,
        );
        // Nothing of the refused steps was written.
        let m = leader.message(a6).await.unwrap();
        assert_eq!(
            (m.status, m.version, m.links.len()),
            (MessageStatus::New, v, 0)
        );
        assert_eq!(f.number("SELECT count(*) FROM message_links", &[]), 0);
        assert_eq!(
            f.number(
                "SELECT count(*) FROM mail_queue WHERE message_id = ?1",
                &[Param::Int(a6.0)]
            ),
            0
        );
    }
);

contract!(
    related_messages_are_linked_both_ways_as_far_as_one_sees,
    |ctx| async move {
        let f = &ctx.f;
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let (a3, a7, a4) = (f.msg("a3").id, f.msg("a7").id, f.msg("a4").id);
        let m = coordinator.link_messages(a3, a7).await.unwrap();
        assert_eq!(links(&m), vec![(LinkKind::Related, a7)]);
        let steps = m.history.len();
        assert_eq!(m.history.last().unwrap().action, "link");
        // Linked again: still one link, no second line.
        let m = coordinator.link_messages(a3, a7).await.unwrap();
        assert_eq!((links(&m).len(), m.history.len()), (1, steps));
        let other = coordinator.message(a7).await.unwrap();
        assert_eq!(links(&other), vec![(LinkKind::Related, a3)]);
        assert_eq!(
            other.history.last().unwrap().subject.as_deref(),
            Some(a3.0.to_string().as_str())
        );
        coordinator.link_messages(a4, a3).await.unwrap();
        // An executor sees the links to messages given to them only.
        let (e1, _) = ctx.service_as(&f.who.a_e1.email).await;
        let seen = e1.message(a3).await.unwrap();
        assert_eq!(
            links(&seen),
            vec![(LinkKind::Related, a7)],
            "a4 is E2's: not listed for E1"
        );
        let (e2, _) = ctx.service_as(&f.who.a_e2.email).await;
        assert!(e2.message(a4).await.unwrap().links.is_empty());
        // Nor may they link to what they do not see.
        assert_err(e2.link_messages(a4, a7).await, message_not_found(a7));
        assert_err(
            coordinator.link_messages(a3, a3).await,
            invalid(Problem::SameMessage),
        );
        let (b_coordinator, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_err(
            b_coordinator.link_messages(a3, f.msg("b1").id).await,
            ServiceError::Forbidden,
        );
        // Unlinked from either side: gone from both.
        let m = coordinator.unlink_messages(a7, a3).await.unwrap();
        assert!(m.links.is_empty());
        assert_eq!(m.history.last().unwrap().action, "unlink");
        assert_eq!(
            links(&coordinator.message(a3).await.unwrap()),
            vec![(LinkKind::Related, a4)]
        );
        assert_err(
            coordinator.unlink_messages(a3, a7).await,
            invalid(Problem::NotLinked),
        );
    }
);

contract!(
    the_timeline_keeps_every_version_of_the_draft,
    |ctx| async move {
        let f = &ctx.f;
        let a3 = f.msg("a3").id;
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let executor = coordinator.find_account(&f.who.a_e1.email).await.unwrap();
        let v = coordinator.message(a3).await.unwrap().version;
        coordinator
            .act(
                a3,
                v,
                &Act::Assign {
                    executor: executor.id,
                },
            )
            .await
            .unwrap();
        let (e1, _) = ctx.service_as(&f.who.a_e1.email).await;
        let v = e1.message(a3).await.unwrap().version;
        let first = "Яму засыплем на этой неделе.";
        let second = "Яму засыплем до пятницы, 20 марта.";
        let m = e1
            .act(a3, v, &Act::EditDraft { text: first.into() })
            .await
            .unwrap();
        let m = e1
            .act(
                a3,
                m.version,
                &Act::EditDraft {
                    text: second.into(),
                },
            )
            .await
            .unwrap();
        e1.add_note(a3, "Уточнить у завхоза").await.unwrap();
        let timeline = e1.message_timeline(a3).await.unwrap();
        assert_eq!(timeline.earlier, 0);
        assert_eq!(timeline.history.len(), m.history.len() + 1);
        let edits: Vec<i64> = timeline
            .history
            .iter()
            .filter(|h| h.action == "edit-draft")
            .map(|h| h.id)
            .collect();
        let drafts: Vec<(i64, &str)> = timeline
            .drafts
            .iter()
            .map(|(id, t)| (*id, t.as_str()))
            .collect();
        assert_eq!(drafts, vec![(edits[0], first), (edits[1], second)]);
        let moments = replay(&timeline);
        let last_edit = &moments[moments.len() - 2];
        assert_eq!(last_edit.draft.as_deref(), Some(second));
        assert_eq!(last_edit.previous_draft, Some(Some(first.to_string())));
        assert_eq!(last_edit.status, Some(MessageStatus::InWork));
        assert_eq!(
            last_edit.executor.as_deref(),
            Some(executor.short_name().as_str())
        );
        let note = moments.last().unwrap();
        assert_eq!(note.step.action, "note");
        assert_eq!(note.draft.as_deref(), Some(second));
        assert!(!note.changed_draft());
        let (b_coordinator, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_err(
            b_coordinator.message_timeline(a3).await,
            ServiceError::Forbidden,
        );
    }
);

fn otklik(f: &common::Fixture, who: &str, args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .args([
            "--store",
            &f.sqlite().path().display().to_string(),
            "--as",
            who,
        ])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn duplicates_links_and_the_timeline_from_the_command_line() {
    let f = common::Fixture::build();
    let [a12, a7, a3, a6] = ["a12", "a7", "a3", "a6"].map(|l| f.msg(l).id.0.to_string());
    let leader = &f.who.a_leader.email;
    let out = otklik(
        &f,
        leader,
        &["messages", "close", &a12, "--duplicate-of", &a7, "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["status"], "closed");
    assert_eq!(m["links"][0]["kind"], "duplicate-of");
    assert_eq!(m["links"][0]["id"].to_string(), a7);
    // The original lists its duplicate for people.
    let out = otklik(&f, leader, &["messages", "show", &a7]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("его повтор  № {a12}")), "{text}");
    // A duplicate of itself: refused, naming the field; nothing changes.
    let out = otklik(
        &f,
        leader,
        &["messages", "close", &a6, "--duplicate-of", &a6],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Связанное сообщение"), "{said}");
    // Related, then the link removed.
    let coordinator = &f.who.a_coordinator.email;
    let out = otklik(&f, coordinator, &["messages", "link", &a3, &a7]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("связано  № {a7}")), "{text}");
    let out = otklik(
        &f,
        coordinator,
        &["messages", "link", &a3, &a7, "--remove", "--json"],
    );
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["links"].as_array().map(Vec::len), Some(0));
    // The executor's two versions of the draft, as a word diff.
    let e1 = &f.who.a_e1.email;
    for text in ["Яму засыплем на неделе.", "Яму засыплем до пятницы."]
    {
        let out = otklik(&f, e1, &["messages", "draft", &a3, "--text", text]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = otklik(&f, e1, &["messages", "timeline", &a3]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("связь с № ") && text.contains("черновик изменён"),
        "{text}"
    );
    assert!(text.contains("{+Яму засыплем на неделе.+}"), "{text}");
    assert!(text.contains("[-на неделе.-]{+до пятницы.+}"), "{text}");
}
