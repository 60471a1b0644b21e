//! Administration through the Service, on both backends: accounts and
//! invitations, training, organisations, the widget, readiness and
//! responsibilities — every rule, and every forbidden case.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::account_draft as draft;

use common::{Kind, assert_err, invitation_token, mail_text};
use otklik::domain::readiness::{Check, Tally};
use otklik::domain::widget::{PartState, WidgetPart};
use otklik::domain::{
    AccountDraft, AccountStatus, Field, Invalid, OrgChange, OrgDraft, OrgKind, Problem, Role,
    Roles, WidgetSettings, WidgetVariant,
};
use otklik::service::{Credentials, Entity, MailOutcome, ServiceError};

fn invalid(field: Field, problem: Problem) -> ServiceError {
    ServiceError::Invalid(Invalid::new(field, problem))
}

contract!(
    a_new_account_is_invited_and_confirmed_by_its_address,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let saved = svc
            .create_account(f.org.school_a, &draft("novikova@school5.ru"))
            .await
            .unwrap();
        assert_eq!(saved.invitation, Some(MailOutcome::Sent));
        let account = &saved.account;
        assert_eq!(account.status, AccountStatus::New);
        assert_eq!(account.invitations_sent, 1);
        assert!(account.invited_at.is_some() && account.confirmed_at.is_none());
        assert_eq!(account.phone.as_ref().unwrap().as_str(), "+79123456700");

        let mails = ctx.outbox();
        assert_eq!(mails.len(), 1);
        assert!(mails[0].contains("novikova@school5.ru"), "{}", mails[0]);
        let text = mail_text(&mails[0]);
        assert!(text.contains("Новикова Ольга Петровна"), "{text}");
        let token = invitation_token(&mails[0]);
        assert!(token.len() >= 4 + 32, "at least 128 random bits: {token}");
        // Only the hash is kept.
        let kept = ctx.f.number(
            "SELECT count(*) FROM invitations WHERE hash = ?1 OR hash LIKE ?2",
            &[
                token.as_str().into(),
                format!("%{}%", &token[4..20]).as_str().into(),
            ],
        );
        assert_eq!(kept, 0);

        assert_err(
            svc.accept_invitation(&token, "someone@school5.ru").await,
            invalid(Field::Email, Problem::NotInvitedAddress),
        );
        let accepted = svc
            .accept_invitation(&token, " NOVIKOVA@School5.ru ")
            .await
            .unwrap();
        assert_eq!(accepted.account.status, AccountStatus::Confirmed);
        assert!(accepted.account.confirmed_at.is_some());
        assert_err(
            svc.accept_invitation(&token, "novikova@school5.ru").await,
            invalid(Field::Invitation, Problem::AlreadyUsed),
        );
        assert_err(
            svc.accept_invitation("inv_0000", "novikova@school5.ru")
                .await,
            invalid(Field::Invitation, Problem::UnknownLink),
        );

        // The token signs in; nothing but the training before it is confirmed.
        let person = ctx.sign_in_token(&accepted.token).await.unwrap();
        assert!(!person.trained);
        let theirs = ctx.session_with_token(&accepted.token).await.unwrap();
        let url = theirs.training_url().await.unwrap();
        assert_err(
            theirs.message_counts(f.org.school_a).await,
            ServiceError::TrainingRequired { url: url.clone() },
        );
        assert_err(
            theirs.readiness(f.org.school_a).await,
            ServiceError::TrainingRequired { url },
        );
        let trained = theirs.confirm_training().await.unwrap();
        assert!(trained.trained);
        theirs.message_counts(f.org.school_a).await.unwrap();
        let after = svc.find_account("novikova@school5.ru").await.unwrap();
        assert!(after.trained_at.is_some());
    }
);

contract!(resend_makes_the_first_link_fail, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    let first = svc
        .create_account(f.org.school_a, &draft("resend@school5.ru"))
        .await
        .unwrap();
    let old = invitation_token(&ctx.outbox()[0]);
    let again = svc.resend_invitation(first.account.id).await.unwrap();
    assert_eq!(again.account.invitations_sent, 2);
    let tokens: Vec<String> = ctx.outbox().iter().map(|m| invitation_token(m)).collect();
    assert_eq!(tokens.len(), 2);
    let new = tokens.iter().find(|t| **t != old).unwrap().clone();
    assert_err(
        svc.accept_invitation(&old, "resend@school5.ru").await,
        invalid(Field::Invitation, Problem::AlreadyUsed),
    );
    svc.accept_invitation(&new, "resend@school5.ru")
        .await
        .unwrap();
    // A confirmed account gets no more invitations.
    assert_err(
        svc.resend_invitation(first.account.id).await,
        invalid(Field::Email, Problem::AlreadyConfirmed),
    );
});

contract!(an_expired_link_is_refused, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    svc.create_account(f.org.school_a, &draft("late@school5.ru"))
        .await
        .unwrap();
    let token = invitation_token(&ctx.outbox()[0]);
    f.exec("UPDATE invitations SET expires_at = created_at - 1", &[]);
    assert_err(
        svc.accept_invitation(&token, "late@school5.ru").await,
        invalid(Field::Invitation, Problem::Expired),
    );
});

contract!(
    bad_input_is_refused_at_its_field_and_nothing_is_written,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let count = || f.number("SELECT count(*) FROM accounts", &[]);
        let before = count();
        let cases = [
            (
                AccountDraft {
                    phone: "12345".into(),
                    ..draft("x1@school5.ru")
                },
                invalid(
                    Field::Phone,
                    Problem::WrongLength {
                        expected: "10".into(),
                        got: 5,
                    },
                ),
            ),
            (
                draft("PETROVA@school5.ru"),
                invalid(Field::Email, Problem::Taken { archived: false }),
            ),
            (
                draft(&f.who.a_archived.email.to_uppercase()),
                invalid(Field::Email, Problem::Taken { archived: true }),
            ),
            (
                AccountDraft {
                    roles: Roles::empty(),
                    ..draft("x2@school5.ru")
                },
                invalid(Field::Roles, Problem::NoRoles),
            ),
            (
                AccountDraft {
                    surname: "  ".into(),
                    ..draft("x3@school5.ru")
                },
                invalid(Field::Surname, Problem::Empty),
            ),
            (
                draft("x4@school5"),
                invalid(Field::Email, Problem::EmailShape),
            ),
        ];
        for (d, expected) in cases {
            assert_err(svc.create_account(f.org.school_a, &d).await, expected);
        }
        assert_eq!(count(), before);
        assert!(ctx.outbox().is_empty());
    }
);

contract!(
    accounts_are_managed_only_within_the_subtree,
    |ctx| async move {
        let f = &ctx.f;
        let (e1_svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        assert_err(
            e1_svc
                .create_account(f.org.school_a, &draft("e@school5.ru"))
                .await,
            ServiceError::Forbidden,
        );
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        assert_err(
            svc.create_account(f.org.school_b, &draft("b@school12.ru"))
                .await,
            ServiceError::Forbidden,
        );
        let city_admin = svc
            .find_account(&f.who.city_admin.email)
            .await
            .map(|a| a.id);
        // Not even visible outside the subtree: answered as an address
        // nobody has, so the lookup tells no stranger who has an account.
        assert_err(
            city_admin,
            ServiceError::NotFound {
                entity: Entity::Account,
                id: f.who.city_admin.email.clone(),
            },
        );
        assert_err(
            svc.find_account("nobody@ensk.ru").await.map(|a| a.id),
            ServiceError::NotFound {
                entity: Entity::Account,
                id: "nobody@ensk.ru".into(),
            },
        );
        let (edu_svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
        let a = edu_svc
            .create_account(f.org.school_a, &draft("from-edu@school5.ru"))
            .await
            .unwrap();
        assert_eq!(a.account.org, f.org.school_a);
        // Above the school: the department's staff are out of its reach.
        let above = edu_svc
            .find_account(&f.who.edu_coordinator.email)
            .await
            .unwrap();
        assert_err(
            svc.set_archived(above.id, true).await,
            ServiceError::Forbidden,
        );
        assert_err(
            svc.update_account(above.id, &AccountDraft::of(&above))
                .await,
            ServiceError::Forbidden,
        );
        let coordinator = edu_svc
            .find_account(&f.who.a_coordinator.email)
            .await
            .unwrap();
        assert_err(
            e1_svc.set_archived(coordinator.id, true).await,
            ServiceError::Forbidden,
        );
        assert_err(
            e1_svc.resend_invitation(coordinator.id).await,
            ServiceError::Forbidden,
        );
        assert_err(
            svc.create_account(otklik::domain::OrgId(999), &draft("z@z.ru"))
                .await,
            ServiceError::NotFound {
                entity: Entity::Organisation,
                id: "999".into(),
            },
        );
    }
);

contract!(archive_restore_and_a_new_address, |ctx| async move {
    let f = &ctx.f;
    let (svc, admin) = ctx.service_as(&f.who.a_admin.email).await;
    let tokens = f.tokens(&[&f.who.a_e1]);
    let e1_token = &tokens[&f.who.a_e1.email];
    let e1 = svc.find_account(&f.who.a_e1.email).await.unwrap();
    // Nobody archives themselves.
    assert_err(
        svc.set_archived(admin.account, true).await,
        ServiceError::Forbidden,
    );
    let archived = svc.set_archived(e1.id, true).await.unwrap();
    assert_eq!(archived.account.status, AccountStatus::Archived);
    assert_err(
        ctx.sign_in_token(e1_token).await,
        ServiceError::Unauthenticated,
    );
    assert_err(
        svc.resend_invitation(e1.id).await,
        invalid(Field::Email, Problem::Archived),
    );
    let restored = svc.set_archived(e1.id, false).await.unwrap();
    assert_eq!(restored.account.status, AccountStatus::Confirmed);
    // Tokens issued before archiving stay revoked; a link comes to get a new one.
    assert_err(
        ctx.sign_in_token(e1_token).await,
        ServiceError::Unauthenticated,
    );
    assert_eq!(restored.invitation, Some(MailOutcome::Sent));
    let link = invitation_token(&ctx.outbox()[0]);
    let again = svc
        .accept_invitation(&link, &f.who.a_e1.email)
        .await
        .unwrap();
    assert_eq!(again.account.status, AccountStatus::Confirmed);
    ctx.sign_in_token(&again.token).await.unwrap();

    // Restoring someone who never confirmed sends a fresh invitation.
    let new = svc.find_account(&f.who.a_new.email).await.unwrap();
    svc.set_archived(new.id, true).await.unwrap();
    let back = svc.set_archived(new.id, false).await.unwrap();
    assert_eq!(back.account.status, AccountStatus::New);
    assert_eq!(back.invitation, Some(MailOutcome::Sent));
    assert_eq!(ctx.outbox().len(), 2);

    // An address changed while archived is proved again on restore.
    let e2 = svc.find_account(&f.who.a_e2.email).await.unwrap();
    svc.set_archived(e2.id, true).await.unwrap();
    svc.update_account(
        e2.id,
        &AccountDraft {
            email: "e2.elsewhere@school5.ru".into(),
            ..AccountDraft::of(&e2)
        },
    )
    .await
    .unwrap();
    let e2_back = svc.set_archived(e2.id, false).await.unwrap();
    assert_eq!(e2_back.account.status, AccountStatus::New);
    assert!(e2_back.account.confirmed_at.is_none());

    // A new address must be proved again.
    let moved = svc
        .update_account(
            e1.id,
            &AccountDraft {
                email: "e1.new@school5.ru".into(),
                ..AccountDraft::of(&restored.account)
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.account.status, AccountStatus::New);
    assert_eq!(moved.invitation, Some(MailOutcome::Sent));
    assert_eq!(moved.account.email.as_str(), "e1.new@school5.ru");
    // Only the address: other fields stay, and the position changes alone.
    let renamed = svc
        .update_account(
            e1.id,
            &AccountDraft {
                position: "Завуч".into(),
                ..AccountDraft::of(&moved.account)
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.account.position, "Завуч");
    assert_eq!(renamed.invitation, None);
    assert_err(
        svc.update_account(
            e1.id,
            &AccountDraft {
                email: f.who.a_leader.email.clone(),
                ..AccountDraft::of(&renamed.account)
            },
        )
        .await,
        invalid(Field::Email, Problem::Taken { archived: false }),
    );
});

fn org_draft(name: &str) -> OrgDraft {
    OrgDraft {
        name: name.into(),
        short_name: String::new(),
        kind: Some(OrgKind::School),
        ogrn: "1027400512345".into(),
        inn: String::new(),
        site: "https://школа9.рф".into(),
    }
}

contract!(child_cabinets_and_their_flags, |ctx| async move {
    let f = &ctx.f;
    let (edu_svc, _) = ctx.service_as(&f.who.edu_admin.email).await;
    let ogrn_ok =
        otklik::domain::values::Ogrn::for_organisation([1, 0, 2, 7, 4, 0, 0, 5, 1, 2, 3, 9]);
    let bad_inn = OrgDraft {
        inn: "7453012345".into(),
        ogrn: ogrn_ok.to_string(),
        ..org_draft("МБОУ «СОШ № 9»")
    };
    let err = edu_svc.create_org(f.org.edu, &bad_inn).await.unwrap_err();
    assert!(
        matches!(&err, ServiceError::Invalid(i) if i.field == Field::Inn),
        "{err:?}"
    );
    let with_path = OrgDraft {
        site: "https://school9.ru/about".into(),
        ogrn: ogrn_ok.to_string(),
        ..org_draft("МБОУ «СОШ № 9»")
    };
    assert_err(
        edu_svc.create_org(f.org.edu, &with_path).await,
        invalid(Field::Site, Problem::NotMainPage),
    );
    let school = edu_svc
        .create_org(
            f.org.edu,
            &OrgDraft {
                ogrn: ogrn_ok.to_string(),
                ..org_draft("МБОУ «СОШ № 9»")
            },
        )
        .await
        .unwrap();
    assert_eq!(school.parent, Some(f.org.edu));
    assert_eq!(school.short_name, "МБОУ «СОШ № 9»");
    assert_eq!(
        school.site.as_ref().unwrap().display(),
        "https://школа9.рф/"
    );
    let children = edu_svc.org_children(Some(f.org.edu)).await.unwrap();
    assert!(children.iter().any(|c| c.id == school.id));

    // A school's admin works in its own subtree only.
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    assert_err(
        svc.create_org(f.org.edu, &org_draft("Чужая")).await,
        ServiceError::Forbidden,
    );
    let (e1_svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    assert_err(
        e1_svc
            .create_org(f.org.school_a, &org_draft("Филиал"))
            .await,
        ServiceError::Forbidden,
    );
    let ready = svc
        .update_org(
            f.org.school_a,
            &OrgChange {
                ready: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(ready.ready);
    // Only platform curators approve the widget's site.
    let approve = OrgChange {
        widget_site_approved: Some(true),
        ..Default::default()
    };
    assert_err(
        svc.update_org(f.org.school_a, &approve).await,
        ServiceError::Forbidden,
    );
    assert_err(
        edu_svc.update_org(f.org.school_a, &approve).await,
        ServiceError::Forbidden,
    );
    // A curator below the root may not either.
    let (city_cur, _) = ctx.service_as(&f.who.city_curator.email).await;
    assert_err(
        city_cur.update_org(f.org.school_a, &approve).await,
        ServiceError::Forbidden,
    );
    let (cur_svc, _) = ctx.service_as(&f.who.platform_curator.email).await;
    let approved = cur_svc.update_org(f.org.school_a, &approve).await.unwrap();
    assert!(approved.widget_site_approved);
    // …and they do not edit details.
    assert_err(
        cur_svc
            .update_org(
                f.org.school_a,
                &OrgChange {
                    details: Some(OrgDraft::of(&approved)),
                    ..Default::default()
                },
            )
            .await,
        ServiceError::Forbidden,
    );
    // A new site needs a new approval.
    let moved = svc
        .update_org(
            f.org.school_a,
            &OrgChange {
                details: Some(OrgDraft {
                    site: "https://new.school5.ru".into(),
                    ..OrgDraft::of(&approved)
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!moved.widget_site_approved);
    assert_eq!(moved.name, approved.name);
});

contract!(
    the_widget_code_and_its_check_on_the_page,
    |ctx| async move {
        let mut ctx = ctx;
        let sites = common::site::Sites::start();
        let proxy = sites.proxy();
        ctx.configure(|s| s.site_proxy = Some(proxy)).await;
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let (e1_svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let settings = WidgetSettings {
            kind: Default::default(),
            variant: WidgetVariant::Schools,
            banner: "Вопрос о школе? Напишите нам".into(),
        };
        assert_err(
            e1_svc.widget_code(f.org.school_a, &settings).await,
            ServiceError::Forbidden,
        );
        let code = svc.widget_code(f.org.school_a, &settings).await.unwrap();
        assert!(
            code.trim_end()
                .ends_with(&format!(", {})</script>", f.org.school_a)),
            "{code}"
        );
        assert!(code.contains("Вопрос о школе? Напишите нам"));
        // The script and the form are the platform's own server's.
        let public = ctx.f.service.settings().public_url.clone();
        assert!(
            code.contains(&format!("<script src=\"{public}/widget.js\">")),
            "{code}"
        );
        assert!(code.contains(&format!("Widget(\"{public}/form\", {})", f.org.school_a)));
        let org = svc.organisation(f.org.school_a).await.unwrap();
        assert_eq!(org.widget.variant, Some(WidgetVariant::Schools));
        assert!(org.widget.generated_at.is_some());

        // The site is read through the proxy, so it must be plain http.
        let details = OrgDraft {
            site: "http://school5.test".into(),
            ..OrgDraft::of(&org)
        };
        svc.update_org(
            f.org.school_a,
            &OrgChange {
                details: Some(details),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let state = |check: &otklik::domain::WidgetCheck, part| {
            check
                .parts
                .iter()
                .find(|(p, _)| *p == part)
                .map(|(_, s)| s.clone())
                .unwrap()
        };
        sites.set(
            "school5.test",
            &format!("<html><body><h1>Школа</h1>{code}</body></html>"),
        );
        let check = svc.check_widget(f.org.school_a).await.unwrap();
        assert!(check.passed(), "{check:?}");
        assert_eq!(
            svc.organisation(f.org.school_a).await.unwrap().widget.found,
            Some(true)
        );
        sites.set("school5.test", &code.replace("/widget.js", "/js/other.js"));
        let check = svc.check_widget(f.org.school_a).await.unwrap();
        assert!(!check.passed());
        assert_eq!(state(&check, WidgetPart::Script), PartState::Missing);
        assert_eq!(state(&check, WidgetPart::Call), PartState::Found);
        assert_eq!(
            svc.organisation(f.org.school_a).await.unwrap().widget.found,
            Some(false)
        );
        let other = code.replace(
            &format!(", {})", f.org.school_a),
            &format!(", {})", f.org.school_b),
        );
        sites.set("school5.test", &other);
        let check = svc.check_widget(f.org.school_a).await.unwrap();
        assert_eq!(
            state(&check, WidgetPart::Call),
            PartState::OtherOrganisation {
                number: f.org.school_b.0,
                name: Some("МБОУ «СОШ № 12»".into())
            }
        );
        // Another school's page is not this admin's to check.
        assert_err(
            svc.check_widget(f.org.school_b).await,
            ServiceError::Forbidden,
        );
        // A site without the page is said to be unavailable, naming it.
        let org = svc.organisation(f.org.school_a).await.unwrap();
        svc.update_org(
            f.org.school_a,
            &OrgChange {
                details: Some(OrgDraft {
                    site: "http://absent.test".into(),
                    ..OrgDraft::of(&org)
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let err = svc.check_widget(f.org.school_a).await.unwrap_err();
        assert!(
            matches!(&err, ServiceError::Unavailable { detail } if detail.contains("absent.test") && detail.contains("404")),
            "{err:?}"
        );
    }
);

contract!(readiness_follows_accounts_and_deadlines, |ctx| async move {
    let f = &ctx.f;
    let (cur_svc, _) = ctx.service_as(&f.who.city_curator.email).await;
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    let report = cur_svc.readiness(f.org.city).await.unwrap();
    assert_eq!(report.root, f.org.city);
    assert_eq!(report.rows[0].facts.org, f.org.city);
    let school_a = |r: &otklik::domain::Readiness| {
        r.rows
            .iter()
            .find(|row| row.facts.org == f.org.school_a)
            .unwrap()
            .clone()
    };
    let a = school_a(&report);
    assert_eq!(a.depth, 2);
    assert_eq!(a.department, Some(f.org.edu));
    // School A has a new (unconfirmed) executor and an archived one.
    assert_eq!(a.facts.check(Check::AllConfirmed), Some(false));
    assert_eq!(a.facts.check(Check::AdminConfirmed), Some(true));
    assert_eq!(a.facts.check(Check::Coordinator), Some(true));
    assert_eq!(a.facts.check(Check::SiteSet), Some(true));
    assert_eq!(a.facts.check(Check::WidgetGenerated), Some(false));
    // The archived school is not in the report.
    assert!(report.rows.iter().all(|r| r.facts.org != f.org.school_c));
    let edu = report
        .departments
        .iter()
        .find(|d| d.org == f.org.edu)
        .unwrap();
    assert_eq!(edu.orgs, 3);
    assert_eq!(report.deadline, None);

    // Confirming the new executor changes the figures.
    let new = svc.find_account(&f.who.a_new.email).await.unwrap();
    svc.resend_invitation(new.id).await.unwrap();
    let token = invitation_token(&ctx.outbox()[0]);
    svc.accept_invitation(&token, &f.who.a_new.email)
        .await
        .unwrap();
    let report = cur_svc.readiness(f.org.city).await.unwrap();
    let a = school_a(&report);
    assert_eq!(a.facts.check(Check::AllConfirmed), Some(true));
    // …but the new executor has not confirmed the training yet.
    assert_eq!(a.facts.check(Check::Trained), Some(false));
    // City, department, both live schools; the culture department has nobody.
    assert_eq!(
        report.total.tally(Check::AllConfirmed),
        Tally { done: 4, of: 5 }
    );

    // The curator sets the deadline; the subtree sees it with days left.
    let deadline = common::date(2026, 6, 30);
    assert_err(
        svc.set_readiness_deadline(f.org.school_a, Some(deadline))
            .await,
        ServiceError::Forbidden,
    );
    cur_svc
        .set_readiness_deadline(f.org.city, Some(deadline))
        .await
        .unwrap();
    let school = svc.readiness(f.org.school_a).await.unwrap();
    assert_eq!(school.deadline, Some(deadline));
    assert_eq!(
        school.days_left,
        Some((deadline - common::today()).num_days())
    );
    // Coordinators and executors do not see readiness.
    let (c_svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
    assert_err(
        c_svc.readiness(f.org.school_a).await,
        ServiceError::Forbidden,
    );
    assert_err(svc.readiness(f.org.edu).await, ServiceError::Forbidden);
});

contract!(
    executors_are_suggested_by_category_then_load,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let (c_svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        let message = f.msg("a6");
        let before = c_svc.executor_choices(message.id).await.unwrap();
        let names: Vec<_> = before.iter().map(|c| c.account.id).collect();
        assert!(names.contains(&f.who.a_e1.id) && names.contains(&f.who.a_e2.id));
        assert!(!names.contains(&f.who.a_new.id) && !names.contains(&f.who.a_archived.id));
        assert!(before.iter().all(|c| !c.responsible));
        // Least loaded first when nobody is responsible.
        assert!(before.windows(2).all(|w| w[0].load <= w[1].load));

        let e2 = f.who.a_e2.id;
        svc.set_responsibilities(e2, &[message.category])
            .await
            .unwrap();
        let handled = c_svc.responsibilities(f.org.school_a).await.unwrap();
        assert_eq!(handled, vec![(e2, message.category)]);
        let after = c_svc.executor_choices(message.id).await.unwrap();
        assert_eq!(after[0].account.id, e2);
        assert!(after[0].responsible);

        // Only administrators set them; only coordinators ask for suggestions.
        assert_err(
            c_svc.set_responsibilities(e2, &[message.category]).await,
            ServiceError::Forbidden,
        );
        let (e1_svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        assert_err(
            e1_svc.executor_choices(message.id).await,
            ServiceError::Forbidden,
        );
        assert_err(
            svc.set_responsibilities(e2, &[otklik::domain::CategoryId(9999)])
                .await,
            ServiceError::NotFound {
                entity: Entity::Category,
                id: "9999".into(),
            },
        );
    }
);

#[tokio::test]
async fn invitations_go_through_smtp_to_cyrillic_mailboxes() {
    for kind in [Kind::Local, Kind::Remote] {
        let mut ctx = common::Ctx::new(kind).await;
        let smtp = common::smtp::SmtpServer::start();
        ctx.configure(|s| {
            s.mailer = otklik::mail::Mailer::new(
                "Отклик <noreply@otklik.test>",
                otklik::mail::MailTransport::Smtp {
                    host: "127.0.0.1".into(),
                    port: smtp.port,
                    security: otklik::mail::SmtpSecurity::None,
                    credentials: None,
                },
            )
            .unwrap();
            s.public_url = "https://otklik.example.ru".into();
        })
        .await;
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        let saved = svc
            .create_account(f.org.school_a, &draft("учитель@школа5.рф"))
            .await
            .unwrap();
        assert_eq!(saved.invitation, Some(MailOutcome::Sent));
        let mails = smtp.wait_for(1);
        assert_eq!(
            mails[0].to,
            vec!["учитель@xn--5-7sb3aeo2d.xn--p1ai".to_string()]
        );
        assert_eq!(mails[0].from, "noreply@otklik.test");
        let text = mail_text(&mails[0].data);
        assert!(
            text.contains("https://otklik.example.ru/invite/inv_"),
            "{text}"
        );
        let token = invitation_token(&mails[0].data);
        svc.accept_invitation(&token, "УЧИТЕЛЬ@школа5.рф")
            .await
            .unwrap();

        // A mail server that is down: the account stays, the failure is told.
        ctx.configure(|s| {
            s.mailer = otklik::mail::Mailer::new(
                "noreply@otklik.test",
                otklik::mail::MailTransport::Smtp {
                    host: "127.0.0.1".into(),
                    port: 1,
                    security: otklik::mail::SmtpSecurity::None,
                    credentials: None,
                },
            )
            .unwrap();
        })
        .await;
        let (svc, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
        let saved = svc
            .create_account(ctx.f.org.school_a, &draft("down@school5.ru"))
            .await
            .unwrap();
        assert!(
            matches!(saved.invitation, Some(MailOutcome::Failed { .. })),
            "{kind:?}: {saved:?}"
        );
        svc.find_account("down@school5.ru").await.unwrap();
    }
}

#[tokio::test]
async fn unreadable_requests_are_json_errors() {
    let ctx = common::Ctx::new(Kind::Remote).await;
    let token = ctx.f.service.issue_token(&ctx.f.who.a_admin.email).unwrap();
    let client = reqwest::Client::new();
    let response = client
        .post(format!(
            "{}/api/v1/orgs/{}/accounts",
            ctx.url(),
            ctx.f.org.school_a
        ))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let e: ServiceError = response.json().await.unwrap();
    assert!(matches!(e, ServiceError::Malformed { .. }), "{e:?}");
    let response = client
        .get(format!("{}/api/v1/messages?org=abc", ctx.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let e: ServiceError = response.json().await.unwrap();
    assert!(matches!(e, ServiceError::Malformed { .. }), "{e:?}");
    let response = client
        .get(format!("{}/api/v1/orgs/abc", ctx.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let e: ServiceError = response.json().await.unwrap();
    assert!(matches!(e, ServiceError::Malformed { .. }), "{e:?}");
    let response = client
        .get(format!("{}/api/v1/nowhere", ctx.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let e: ServiceError = response.json().await.unwrap();
    assert!(matches!(
        e,
        ServiceError::NotFound {
            entity: Entity::Route,
            ..
        }
    ));
}

#[tokio::test]
async fn the_invitation_page_confirms_the_account() {
    let ctx = common::Ctx::new(Kind::Remote).await;
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    svc.create_account(f.org.school_a, &draft("page@school5.ru"))
        .await
        .unwrap();
    let token = invitation_token(&ctx.outbox()[0]);
    let client = reqwest::Client::new();
    let page = client
        .get(format!("{}/invite/{token}", ctx.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<form method=\"post\"") && html.contains("name=\"email\""));
    let wrong = client
        .post(format!("{}/invite/{token}", ctx.url()))
        .form(&[("email", "other@school5.ru")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("на другой адрес"));
    let done = client
        .post(format!("{}/invite/{token}", ctx.url()))
        .form(&[("email", "page@school5.ru")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let html = done.text().await.unwrap();
    let start = html.find("<code>otk_").unwrap() + "<code>".len();
    let bearer: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let actor = ctx
        .service_with_token(&bearer)
        .sign_in(&Credentials::Token(bearer.clone()))
        .await
        .unwrap()
        .actor();
    assert_eq!(actor.email, "page@school5.ru");
    assert!(
        html.contains("otklik login http://127.0.0.1:8080"),
        "{html}"
    );
}

contract!(
    redirect_targets_put_those_handling_the_category_first,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_coordinator.email).await;
        // A food message of school A: school B has had education messages.
        let a12 = f.msg("a12").id;
        let suggested = svc.redirect_targets(a12, "").await.unwrap();
        assert_eq!(
            suggested.iter().map(|t| t.node.id).collect::<Vec<_>>(),
            vec![f.org.school_b],
            "with no text: the organisations that handle the category"
        );
        assert_eq!(suggested[0].handled, 2);
        // Typing: everything matching, those handling the category first,
        // never the message's own organisation.
        let found = svc.redirect_targets(a12, "Управление").await.unwrap();
        assert!(found.iter().all(|t| t.handled == 0));
        assert!(found.iter().any(|t| t.node.id == f.org.edu));
        let schools = svc.redirect_targets(a12, "СОШ").await.unwrap();
        assert_eq!(schools[0].node.id, f.org.school_b);
        assert!(schools.iter().all(|t| t.node.id != f.org.school_a));
        // A number goes first.
        let by_number = svc
            .redirect_targets(a12, &f.org.culture.to_string())
            .await
            .unwrap();
        assert_eq!(by_number[0].node.id, f.org.culture);
        // Not for those who may not ask for a redirect.
        let (other, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_err(
            other.redirect_targets(a12, "").await,
            ServiceError::Forbidden,
        );
    }
);

contract!(
    platform_administrators_set_deadlines_and_stages,
    |ctx| async move {
        let f = &ctx.f;
        let (city, _) = ctx.service_as(&f.who.city_admin.email).await;
        assert_err(
            city.set_category_deadline(f.cat.roads, 12, None).await,
            ServiceError::Forbidden,
        );
        // The platform's curator becomes its administrator too.
        f.exec(
            "UPDATE accounts SET roles = roles | 1 WHERE id = ?1",
            &[f.who.platform_curator.id.0.into()],
        );
        let (svc, _) = ctx.service_as(&f.who.platform_curator.email).await;
        let stages = otklik::domain::Stages {
            moderation: 1,
            execution: 8,
            approval: 1,
        };
        assert_err(
            svc.set_category_deadline(f.cat.roads, 12, Some(stages))
                .await,
            invalid(Field::Stages, Problem::StagesSum { days: 12 }),
        );
        assert_err(
            svc.set_category_deadline(f.cat.roads, 0, None).await,
            invalid(Field::Days, Problem::OutOfRange { min: 1, max: 90 }),
        );
        let saved = svc
            .set_category_deadline(f.cat.roads, 10, Some(stages))
            .await
            .unwrap();
        assert_eq!((saved.deadline_days, saved.stages), (10, Some(stages)));
        let listed = svc.categories().await.unwrap();
        assert_eq!(
            listed.iter().find(|c| c.id == f.cat.roads).unwrap().stages,
            Some(stages)
        );
    }
);

contract!(nobody_changes_their_own_roles, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
    let me = svc.find_account(&f.who.a_admin.email).await.unwrap();
    let mut draft = AccountDraft::of(&me);
    draft.phone = "+7 (912) 345-67-01".into();
    // Raising them: refused, naming the rule; nothing changes.
    draft.roles = me.roles.with(Role::Curator);
    assert_err(
        svc.update_account(me.id, &draft).await,
        invalid(Field::Roles, Problem::OwnRoles),
    );
    assert_eq!(
        svc.find_account(&me.email.to_string()).await.unwrap().roles,
        me.roles
    );
    // The rest of one's own card may change.
    draft.roles = me.roles;
    draft.position = "Заместитель директора".into();
    svc.update_account(me.id, &draft).await.unwrap();
    // Another administrator above may change the roles.
    let (edu, _) = ctx.service_as(&f.who.edu_admin.email).await;
    draft.roles = me.roles.with(Role::Executor);
    edu.update_account(me.id, &draft).await.unwrap();
    let after = svc.find_account(&me.email.to_string()).await.unwrap();
    assert!(after.roles.has(Role::Executor) && after.roles.has(Role::Admin));
    assert!(!after.roles.has(Role::Curator));
});
