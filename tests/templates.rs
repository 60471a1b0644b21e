//! Answer templates through the Service, on both backends: who keeps them,
//! who sees them, and what is refused.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::{Kind, assert_err};
use otklik::domain::{Field, Invalid, Problem, TemplateDraft};
use otklik::service::{Entity, ServiceError};

fn draft(
    org: otklik::domain::OrgId,
    category: Option<otklik::domain::CategoryId>,
    title: &str,
    body: &str,
) -> TemplateDraft {
    TemplateDraft {
        org,
        category,
        title: title.into(),
        body: body.into(),
    }
}

contract!(
    templates_serve_the_subtree_category_first,
    |ctx| async move {
        let f = &ctx.f;
        let (admin, _) = ctx.service_as(&f.who.a_admin.email).await;
        let (city, _) = ctx.service_as(&f.who.city_admin.email).await;
        let general = admin
            .save_template(
                None,
                &draft(f.org.school_a, None, "Благодарность", "Спасибо, {имя}!"),
            )
            .await
            .unwrap();
        let food = admin
            .save_template(
                None,
                &draft(
                    f.org.school_a,
                    Some(f.cat.food),
                    "Питание",
                    "По сообщению № {номер}: меню проверено.",
                ),
            )
            .await
            .unwrap();
        let citywide = city
            .save_template(
                None,
                &draft(
                    f.org.city,
                    None,
                    "Общий ответ",
                    "{организация} рассмотрела обращение.",
                ),
            )
            .await
            .unwrap();
        assert_eq!(
            (general.org, general.category, general.title.as_str()),
            (f.org.school_a, None, "Благодарность")
        );

        // The executor of school A sees the school's and the city's; the category's first.
        let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
        let ids = |list: Vec<otklik::domain::Template>| {
            list.into_iter().map(|t| t.id).collect::<Vec<_>>()
        };
        assert_eq!(
            ids(svc
                .templates(f.org.school_a, Some(f.cat.food))
                .await
                .unwrap()),
            vec![food.id, general.id, citywide.id]
        );
        assert_eq!(
            ids(svc.templates(f.org.school_a, None).await.unwrap()),
            vec![general.id, food.id, citywide.id]
        );
        // School B sees only the city's.
        let (svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
        assert_eq!(
            ids(svc.templates(f.org.school_b, None).await.unwrap()),
            vec![citywide.id]
        );
        // And not school A's list at all.
        assert_err(
            svc.templates(f.org.school_a, None).await,
            ServiceError::Forbidden,
        );
    }
);

contract!(only_administrators_above_keep_templates, |ctx| async move {
    let f = &ctx.f;
    let (svc, _) = ctx.service_as(&f.who.a_e1.email).await;
    assert_err(
        svc.save_template(None, &draft(f.org.school_a, None, "Т", "текст"))
            .await,
        ServiceError::Forbidden,
    );
    let (admin, _) = ctx.service_as(&f.who.a_admin.email).await;
    // A school's admin may not keep templates for the department above it.
    assert_err(
        admin
            .save_template(None, &draft(f.org.edu, None, "Т", "текст"))
            .await,
        ServiceError::Forbidden,
    );
    let mine = admin
        .save_template(None, &draft(f.org.school_a, None, "Т", "текст"))
        .await
        .unwrap();
    // The city's admin may change and delete the school's (its subtree).
    let (city, _) = ctx.service_as(&f.who.city_admin.email).await;
    let changed = city
        .save_template(
            Some(mine.id),
            &draft(
                f.org.school_a,
                Some(f.cat.repair),
                "Ремонт",
                "Отремонтируем.",
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.id, changed.category, changed.title.as_str()),
        (mine.id, Some(f.cat.repair), "Ремонт")
    );
    // Moving it to an organisation the editor does not administer is refused.
    let (b_svc, _) = ctx.service_as(&f.who.b_coordinator.email).await;
    assert_err(
        b_svc.delete_template(mine.id).await,
        ServiceError::Forbidden,
    );
    assert_err(
        admin
            .save_template(Some(mine.id), &draft(f.org.school_b, None, "Т", "текст"))
            .await,
        ServiceError::Forbidden,
    );
    city.delete_template(mine.id).await.unwrap();
    assert_err(
        city.delete_template(mine.id).await,
        ServiceError::NotFound {
            entity: Entity::Template,
            id: mine.id.to_string(),
        },
    );
    assert!(
        admin
            .templates(f.org.school_a, None)
            .await
            .unwrap()
            .is_empty()
    );
});

contract!(
    bad_templates_are_refused_naming_the_field,
    |ctx| async move {
        let f = &ctx.f;
        let (svc, _) = ctx.service_as(&f.who.a_admin.email).await;
        assert_err(
            svc.save_template(None, &draft(f.org.school_a, None, " ", "текст"))
                .await,
            ServiceError::Invalid(Invalid::new(Field::Title, Problem::Empty)),
        );
        assert_err(
            svc.save_template(None, &draft(f.org.school_a, None, "Т", "  "))
                .await,
            ServiceError::Invalid(Invalid::new(Field::Text, Problem::Empty)),
        );
        assert_err(
            svc.save_template(
                None,
                &draft(
                    f.org.school_a,
                    Some(otklik::domain::CategoryId(9999)),
                    "Т",
                    "x",
                ),
            )
            .await,
            ServiceError::NotFound {
                entity: Entity::Category,
                id: "9999".into(),
            },
        );
        assert_err(
            svc.save_template(Some(777), &draft(f.org.school_a, None, "Т", "x"))
                .await,
            ServiceError::NotFound {
                entity: Entity::Template,
                id: "777".into(),
            },
        );
        let _ = Kind::Local;
    }
);
