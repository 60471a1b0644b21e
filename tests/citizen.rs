//! The citizen side on every backend: a message handed in by the intake
//! principal is followed by its citizen to the answer, with a notice at
//! each stage; the principal can do nothing else; the limits, repeats and
//! stamps refuse what they should and write nothing; notices' templates
//! are the platform administrators' to edit.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{Ctx, Param, assert_err};
use otklik::domain::citizen::{Stage, Submission, Submitted};
use otklik::domain::notice::{Notice, NoticeTemplate};
use otklik::domain::{Act, Field, Invalid, MessageId, MessageStatus, OrgId, Problem, Role, Roles};
use otklik::service::{Credentials, Gateway, ServiceError, ServiceResult, Session};

pub const SITE: &str = "https://school5.test";

/// School A takes messages through the form (its site registered and
/// approved); the form may be sent at once.
async fn open_school(ctx: &mut Ctx) -> OrgId {
    let school = ctx.f.org.school_a;
    ctx.f.exec(
        "UPDATE orgs SET site = ?1, widget_site_approved = ?2 WHERE id = ?3",
        &[
            Param::Text(format!("{SITE}/")),
            Param::Bool(true),
            Param::Int(school.0),
        ],
    );
    ctx.configure(|s| {
        s.intake.min_fill_secs = 0;
        s.public_url = "https://otklik.example.ru".into();
    })
    .await;
    school
}

async fn intake(ctx: &Ctx) -> Session {
    ctx.f.service.sign_in(&Credentials::Intake).await.unwrap()
}

fn submission(org: OrgId, contact: &str, text: &str, stamp: String) -> Submission {
    Submission {
        org,
        category: None,
        text: text.into(),
        address: Some("ул. Ленина, 5".into()),
        name: "Иванова Анна".into(),
        contact: contact.into(),
        consent: true,
        client: "203.0.113.7".into(),
        stamp,
    }
}

/// Opens the form and sends it.
async fn send(intake: &Session, org: OrgId, contact: &str, text: &str) -> ServiceResult<Submitted> {
    let form = intake.intake_form(org).await?;
    intake
        .submit_message(&submission(org, contact, text, form.stamp))
        .await
}

/// One lifecycle step at the message's current version.
async fn step(who: &Session, id: MessageId, act: Act) {
    let version = who.message(id).await.unwrap().version;
    who.act(id, version, &act).await.unwrap();
}

fn notices(ctx: &Ctx, id: MessageId) -> Vec<Notice> {
    ctx.f
        .read(|r| r.citizen_notices(id))
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

fn messages_in(ctx: &Ctx, org: OrgId) -> i64 {
    ctx.f.number(
        "SELECT count(*) FROM messages WHERE org_id = ?1",
        &[Param::Int(org.0)],
    )
}

contract!(
    a_citizens_message_goes_from_the_form_to_the_answer,
    |ctx| async move {
        let mut ctx = ctx;
        let school = open_school(&mut ctx).await;
        let intake = intake(&ctx).await;
        let form = intake.intake_form(school).await.unwrap();
        assert!(form.accepting);
        assert_eq!(form.site.as_deref(), Some(SITE));
        assert!(!form.categories.is_empty());

        let sent = send(&intake, school, "Ivanova@Mail.ru", "Во дворе школы яма")
            .await
            .unwrap();
        assert!(sent.moderated);
        assert!(sent.token.starts_with("trk_"));
        let id = sent.number;
        // Only the token's hash is kept.
        assert_eq!(
            ctx.f.number(
                "SELECT count(*) FROM tracking_links WHERE hash = ?1 AND message_id = ?2",
                &[
                    Param::Text(otklik::store::secrets::hash(&sent.token)),
                    Param::Int(id.0)
                ]
            ),
            1
        );
        let track = |token: String| {
            let service = ctx.f.service.clone();
            async move { service.track_message(&token).await.unwrap() }
        };
        assert_eq!(track(sent.token.clone()).await.stage, Stage::Moderation);

        let f = &ctx.f;
        let (curator, _) = ctx.service_as(&f.who.platform_curator.email).await;
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let (executor, _) = ctx.service_as(&f.who.a_e1.email).await;
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;
        let stored = curator.message(id).await.unwrap();
        assert_eq!(
            (stored.status, stored.citizen_contact.as_str(), stored.org),
            (MessageStatus::Moderation, "Ivanova@mail.ru", school)
        );
        step(&curator, id, Act::Accept).await;
        let seen = track(sent.token.clone()).await;
        assert_eq!(
            (seen.stage, seen.deadline),
            (Stage::Accepted, sent.deadline)
        );
        step(
            &coordinator,
            id,
            Act::Assign {
                executor: f.who.a_e1.id,
            },
        )
        .await;
        assert_eq!(track(sent.token.clone()).await.stage, Stage::InWork);
        let answer = "Яму засыплют до пятницы.";
        step(
            &executor,
            id,
            Act::EditDraft {
                text: answer.into(),
            },
        )
        .await;
        // A draft is the organisation's business, never the citizen's.
        assert_eq!(track(sent.token.clone()).await.answer, None);
        step(&executor, id, Act::SubmitDraft).await;
        assert_eq!(track(sent.token.clone()).await.stage, Stage::OnApproval);
        step(&leader, id, Act::Approve).await;
        let done = track(sent.token.clone()).await;
        assert_eq!(done.stage, Stage::Answered);
        let given = done.answer.unwrap();
        assert_eq!(
            (given.text.as_str(), given.org_name.as_str()),
            (answer, form.name.as_str())
        );
        assert_eq!(
            notices(&ctx, id),
            vec![Notice::Registered, Notice::Accepted, Notice::Answered]
        );

        // Each notice goes out with a link of its own that opens the same page.
        let run = ctx.f.service.send_due_mail().await.unwrap();
        assert_eq!((run.sent, run.failed), (3, 0));
        let mails = ctx.outbox();
        let answered = mails
            .iter()
            .find(|m| common::mail_text(m).contains(answer))
            .expect("the answer's notice");
        let text = common::mail_text(answered);
        assert!(text.contains(&format!("№ {id}")), "{text}");
        let link = text
            .split_whitespace()
            .find(|w| w.starts_with("https://otklik.example.ru/m/"))
            .expect("a tracking link");
        let token = link.trim_start_matches("https://otklik.example.ru/m/");
        assert_ne!(token, sent.token);
        assert_eq!(track(token.to_string()).await.number, id);
        assert_err(
            ctx.f.service.track_message("trk_unknown").await,
            ServiceError::NotFound {
                entity: otklik::service::Entity::Message,
                id: String::new(),
            },
        );
    }
);

contract!(
    the_intake_principal_hands_in_messages_and_nothing_else,
    |ctx| async move {
        let mut ctx = ctx;
        let school = open_school(&mut ctx).await;
        let intake = intake(&ctx).await;
        assert_err(intake.message_counts(school).await, ServiceError::Forbidden);
        assert_err(intake.categories().await, ServiceError::Forbidden);
        assert_err(intake.whoami().await, ServiceError::Forbidden);
        assert_err(
            intake.follow(None).await.map(|_| ()),
            ServiceError::Forbidden,
        );
        assert_err(
            intake
                .messages(&otklik::service::MessageQuery::for_org(school))
                .await,
            ServiceError::Forbidden,
        );
        // People do not hand in messages as the form does, nor see its stamps.
        let (curator, _) = ctx.service_as(&ctx.f.who.platform_curator.email).await;
        assert_err(curator.intake_form(school).await, ServiceError::Forbidden);
        assert_err(
            curator
                .submit_message(&submission(school, "a@b.ru", "текст", String::new()))
                .await,
            ServiceError::Forbidden,
        );
        // The principal is not to be had over the wire.
        if ctx.kind == common::Kind::Remote {
            let remote = otklik::service::RemoteService::new(ctx.url(), "").unwrap();
            assert_err(
                remote.sign_in(&Credentials::Intake).await.map(|_| ()),
                ServiceError::Unauthenticated,
            );
        }
        // An organisation that does not take messages yet.
        let closed = ctx.f.org.school_b;
        let form = intake.intake_form(closed).await.unwrap();
        assert!(!form.accepting);
        let before = messages_in(&ctx, closed);
        assert_err(
            send(&intake, closed, "a@b.ru", "текст").await,
            ServiceError::Invalid(Invalid::new(Field::Organisation, Problem::NotAccepting)),
        );
        assert_eq!(messages_in(&ctx, closed), before);
        assert_err(
            intake.intake_form(ctx.f.org.school_c).await,
            ServiceError::NotFound {
                entity: otklik::service::Entity::Organisation,
                id: ctx.f.org.school_c.to_string(),
            },
        );
    }
);

contract!(
    limits_repeats_and_stamps_refuse_and_write_nothing,
    |ctx| async move {
        let mut ctx = ctx;
        let school = open_school(&mut ctx).await;
        ctx.configure(|s| {
            s.intake.per_contact_day = 2;
            s.intake.per_address_hour = 4;
            s.intake.min_fill_secs = 0;
        })
        .await;
        let intake = intake(&ctx).await;
        send(&intake, school, "one@mail.ru", "Первое")
            .await
            .unwrap();
        // The same words from the same person again: the number it has.
        let first = send(&intake, school, "one@mail.ru", "Первое").await;
        let Err(ServiceError::Invalid(Invalid {
            field: Field::Text,
            problem: Problem::AlreadyReceived { .. },
        })) = first
        else {
            panic!("a repeat was taken: {first:?}");
        };
        send(&intake, school, "ONE@mail.ru", "Второе")
            .await
            .unwrap();
        let before = messages_in(&ctx, school);
        // A third for the contact today.
        let third = send(&intake, school, "one@mail.ru", "Третье").await;
        assert!(
            matches!(third, Err(ServiceError::TooManyRequests { retry_after_secs }) if retry_after_secs <= 86_400),
            "{third:?}"
        );
        // Other contacts from the same address: two more, then the hour is full.
        send(&intake, school, "two@mail.ru", "Другое")
            .await
            .unwrap();
        send(&intake, school, "+7 912 345-67-89", "Ещё")
            .await
            .unwrap();
        let fifth = send(&intake, school, "three@mail.ru", "Пятое").await;
        assert!(
            matches!(fifth, Err(ServiceError::TooManyRequests { retry_after_secs }) if retry_after_secs <= 3_600),
            "{fifth:?}"
        );
        assert_eq!(messages_in(&ctx, school), before + 2);
        // The counts keep no address and no contact in clear.
        assert_eq!(
            ctx.f.number(
                "SELECT count(*) FROM intake_limits WHERE key LIKE '%mail%' OR key LIKE '%203.0%'",
                &[]
            ),
            0
        );

        // A stamp that is not ours, or one sent too soon.
        let form = intake.intake_form(school).await.unwrap();
        let (secs, _) = form.stamp.split_once('.').unwrap();
        let forged = format!("{secs}.00000000000000000000000000000000");
        let mut other = submission(school, "four@mail.ru", "Подделка", forged);
        other.client = "198.51.100.1".into();
        assert_err(
            intake.submit_message(&other).await,
            ServiceError::Invalid(Invalid::new(Field::Form, Problem::FormExpired)),
        );
        ctx.configure(|s| s.intake.min_fill_secs = 60).await;
        let intake = self::intake(&ctx).await;
        let form = intake.intake_form(school).await.unwrap();
        other.stamp = form.stamp;
        assert_err(
            intake.submit_message(&other).await,
            ServiceError::Invalid(Invalid::new(Field::Form, Problem::TooFast)),
        );
        // A topic the classifier does not have is the form's field to fix.
        ctx.configure(|s| s.intake.min_fill_secs = 0).await;
        let intake = self::intake(&ctx).await;
        let form = intake.intake_form(school).await.unwrap();
        let mut unknown_topic = submission(school, "five@mail.ru", "Тема", form.stamp.clone());
        unknown_topic.client = "198.51.100.5".into();
        unknown_topic.category = Some(otklik::domain::CategoryId(999_999));
        assert_err(
            intake.submit_message(&unknown_topic).await,
            ServiceError::Invalid(Invalid::new(
                Field::Category,
                Problem::Unknown {
                    value: "999999".into(),
                },
            )),
        );
        // Fields are checked before anything is counted.
        other.stamp = form.stamp;
        other.consent = false;
        assert_err(
            intake.submit_message(&other).await,
            ServiceError::Invalid(Invalid::new(Field::Consent, Problem::Required)),
        );
        assert_eq!(messages_in(&ctx, school), before + 2);
    }
);

contract!(platform_administrators_edit_the_notices, |ctx| async move {
    let mut ctx = ctx;
    let school = open_school(&mut ctx).await;
    let f = &ctx.f;
    let (admin, _) = ctx.service_as(&f.who.city_admin.email).await;
    let (curator, _) = ctx.service_as(&f.who.platform_curator.email).await;
    assert_err(admin.notice_templates().await, ServiceError::Forbidden);
    assert_err(curator.notice_templates().await, ServiceError::Forbidden);
    // The platform's administrator: an administrator of the root.
    let roles = [Role::Curator, Role::Admin].into_iter().collect::<Roles>();
    f.write(|w| w.set_account_roles(f.who.platform_curator.id, roles));
    let (platform, _) = ctx.service_as(&f.who.platform_curator.email).await;
    let shipped = platform.notice_templates().await.unwrap();
    assert_eq!(shipped.len(), Notice::ALL.len());
    assert!(shipped.iter().all(|t| !t.edited));
    let edited = NoticeTemplate {
        notice: Notice::Registered,
        subject: "Принято № {number}".into(),
        body: "Здравствуйте, {name}! Номер {number}. Ссылка: {link}".into(),
        edited: false,
    };
    let saved = platform.set_notice_template(&edited).await.unwrap();
    assert!(saved.edited);
    let bad = NoticeTemplate {
        body: "{password}".into(),
        ..edited.clone()
    };
    assert_err(
        platform.set_notice_template(&bad).await,
        ServiceError::Invalid(Invalid::new(
            Field::Text,
            Problem::Unknown {
                value: "{password}".into(),
            },
        )),
    );
    let intake = intake(&ctx).await;
    let sent = send(&intake, school, "anna@mail.ru", "Текст")
        .await
        .unwrap();
    ctx.f.service.send_due_mail().await.unwrap();
    let text = common::mail_text(ctx.outbox().last().unwrap());
    assert!(
        text.contains(&format!(
            "Здравствуйте, Иванова Анна! Номер {}.",
            sent.number
        )),
        "{text}"
    );
    let back = platform
        .reset_notice_template(Notice::Registered)
        .await
        .unwrap();
    assert!(!back.edited);
    let now = platform.notice_templates().await.unwrap();
    assert_eq!(now[0], back);
});

contract!(
    a_citizen_with_a_phone_hears_of_a_redirect_and_of_a_rejection_by_text,
    |ctx| async move {
        let mut ctx = ctx;
        let school = open_school(&mut ctx).await;
        let texts = tempfile::tempdir().unwrap();
        let dir = texts.path().to_path_buf();
        ctx.configure(move |s| s.sms = std::sync::Arc::new(otklik::sms::SmsFiles(dir)))
            .await;
        let intake = intake(&ctx).await;
        let f = &ctx.f;
        let (curator, _) = ctx.service_as(&f.who.platform_curator.email).await;
        let (coordinator, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let (leader, _) = ctx.service_as(&f.who.a_leader.email).await;

        // Redirected: the page names where it went, the stage starts again there.
        let moved = send(&intake, school, "8 (912) 345-67-89", "Не вывозят мусор")
            .await
            .unwrap();
        step(&curator, moved.number, Act::Accept).await;
        step(
            &coordinator,
            moved.number,
            Act::AskRedirect {
                target: f.org.school_b,
                reason: "Это двор школы № 7".into(),
            },
        )
        .await;
        step(&leader, moved.number, Act::ApproveRedirect).await;
        let seen = ctx.f.service.track_message(&moved.token).await.unwrap();
        let school_b = curator
            .organisation(f.org.school_b)
            .await
            .unwrap()
            .short_name;
        assert_eq!(seen.stage, Stage::Accepted);
        assert_eq!(seen.redirected_to.as_deref(), Some(school_b.as_str()));
        assert_eq!(seen.org_name, school_b);

        // Rejected in moderation: the reason is on the page and in the text.
        let refused = send(&intake, school, "+7 912 345-67-80", "Реклама")
            .await
            .unwrap();
        let reason = "Сообщение не о работе организации";
        step(
            &curator,
            refused.number,
            Act::Reject {
                reason: reason.into(),
            },
        )
        .await;
        let seen = ctx.f.service.track_message(&refused.token).await.unwrap();
        assert_eq!(
            seen.stage,
            Stage::Rejected {
                reason: reason.into()
            }
        );
        assert_eq!(seen.answer, None);
        assert_eq!(
            notices(&ctx, refused.number),
            vec![Notice::Registered, Notice::Rejected]
        );
        assert_eq!(
            notices(&ctx, moved.number),
            vec![Notice::Registered, Notice::Accepted, Notice::Redirected]
        );

        let run = ctx.f.service.send_due_mail().await.unwrap();
        assert_eq!((run.sent, run.failed), (5, 0));
        let mut sent: Vec<String> = std::fs::read_dir(texts.path())
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        sent.sort();
        assert_eq!(sent.len(), 5, "{sent:?}");
        let rejection = sent
            .iter()
            .find(|t| t.contains(reason))
            .expect("the rejection's text");
        assert!(rejection.starts_with("To: +79123456780\n"), "{rejection}");
        assert!(
            rejection.contains("https://otklik.example.ru/m/trk_"),
            "{rejection}"
        );
        let redirect = sent
            .iter()
            .find(|t| t.contains("перенаправлено"))
            .expect("the redirect's text");
        assert!(redirect.contains(&school_b), "{redirect}");
        // Nothing went by mail: both gave phones.
        assert!(ctx.outbox().is_empty());
    }
);
