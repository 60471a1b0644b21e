//! Who works in each organisation: positions, roles and statuses.

use super::people::Person;
use super::rng::Rng;
use super::tree::{OrgPlan, SHOWCASE, Staff};
use crate::domain::{AccountStatus, Role, Roles};

/// One account to create (without its e-mail and phone yet).
#[derive(Debug, Clone)]
pub struct Member {
    pub person: Person,
    pub position: &'static str,
    pub roles: Roles,
    pub status: AccountStatus,
}

fn roles(list: &[Role]) -> Roles {
    list.iter().copied().collect()
}

use AccountStatus::{Archived, Confirmed, New};
use Role::{Admin, Coordinator, Curator, Executor, Leader};

/// Positions of one kind of institution.
struct Positions {
    head: &'static str,
    deputies: &'static [&'static str],
    /// Someone who administers the cabinet besides their own duties.
    it: &'static str,
    executors: &'static [&'static str],
    clerks: &'static [&'static str],
    female_share: f64,
}

fn positions(staff: Staff) -> Positions {
    match staff {
        Staff::School => Positions {
            head: "Директор",
            deputies: &[
                "Заместитель директора по учебно-воспитательной работе",
                "Заместитель директора по воспитательной работе",
            ],
            it: "Учитель информатики",
            executors: &[
                "Учитель начальных классов",
                "Учитель математики",
                "Учитель русского языка и литературы",
                "Социальный педагог",
                "Педагог-психолог",
                "Учитель физической культуры",
                "Заместитель директора по административно-хозяйственной работе",
            ],
            clerks: &["Секретарь", "Секретарь учебной части"],
            female_share: 0.85,
        },
        Staff::Kindergarten => Positions {
            head: "Заведующий",
            deputies: &[
                "Заместитель заведующего по воспитательно-методической работе",
                "Старший воспитатель",
            ],
            it: "Методист",
            executors: &[
                "Воспитатель",
                "Педагог-психолог",
                "Музыкальный руководитель",
                "Учитель-логопед",
                "Заместитель заведующего по административно-хозяйственной работе",
            ],
            clerks: &["Делопроизводитель"],
            female_share: 0.92,
        },
        Staff::Culture => Positions {
            head: "Директор",
            deputies: &["Заместитель директора", "Художественный руководитель"],
            it: "Специалист по связям с общественностью",
            executors: &[
                "Методист",
                "Культорганизатор",
                "Руководитель клубного формирования",
                "Библиотекарь",
                "Заведующий отделом",
            ],
            clerks: &["Специалист по кадрам", "Администратор"],
            female_share: 0.75,
        },
        Staff::Sport => Positions {
            head: "Директор",
            deputies: &[
                "Заместитель директора по спортивной работе",
                "Заместитель директора",
            ],
            it: "Инструктор-методист",
            executors: &[
                "Тренер-преподаватель",
                "Старший тренер-преподаватель",
                "Инструктор по спорту",
                "Инструктор-методист",
            ],
            clerks: &["Секретарь руководителя", "Администратор"],
            female_share: 0.45,
        },
        Staff::Social => Positions {
            head: "Директор",
            deputies: &["Заместитель директора"],
            it: "Специалист по социальной работе",
            executors: &[
                "Заведующий отделением",
                "Специалист по социальной работе",
                "Социальный работник",
                "Юрисконсульт",
                "Психолог",
            ],
            clerks: &["Делопроизводитель"],
            female_share: 0.85,
        },
        Staff::Utilities => Positions {
            head: "Директор",
            deputies: &["Главный инженер", "Заместитель директора"],
            it: "Инженер-программист",
            executors: &[
                "Начальник абонентского отдела",
                "Диспетчер",
                "Инженер производственно-технического отдела",
                "Мастер участка",
                "Специалист по работе с населением",
            ],
            clerks: &["Секретарь руководителя"],
            female_share: 0.4,
        },
        // The top of the tree has fixed lists (see `members`).
        Staff::Platform | Staff::Administration | Staff::Department => Positions {
            head: "Руководитель",
            deputies: &["Заместитель руководителя"],
            it: "Специалист",
            executors: &["Специалист"],
            clerks: &["Специалист"],
            female_share: 0.6,
        },
    }
}

/// A status for an account nobody depends on: mostly confirmed, some still
/// invited, some archived.
fn loose_status(rng: &mut Rng) -> AccountStatus {
    let x = rng.unit();
    if x < 0.30 {
        New
    } else if x < 0.44 {
        Archived
    } else {
        Confirmed
    }
}

fn fixed(
    list: &[(&'static str, &[Role], AccountStatus)],
    female_share: f64,
    rng: &mut Rng,
) -> Vec<Member> {
    list.iter()
        .map(|(position, r, status)| Member {
            person: Person::random(rng, female_share),
            position,
            roles: roles(r),
            status: *status,
        })
        .collect()
}

/// The accounts of one organisation. Every institution gets a confirmed
/// leader, coordinator, executor and admin, so its queue can be worked.
pub fn members(org: &OrgPlan, rng: &mut Rng) -> Vec<Member> {
    match org.staff {
        Staff::Platform => fixed(
            &[
                ("Руководитель направления ЦУР", &[Curator], Confirmed),
                ("Главный специалист ЦУР", &[Curator], Confirmed),
            ],
            0.5,
            rng,
        ),
        Staff::Administration => fixed(
            &[
                ("Глава администрации", &[Leader], Confirmed),
                (
                    "Первый заместитель главы администрации",
                    &[Leader, Curator],
                    Confirmed,
                ),
                (
                    "Заместитель главы администрации по социальным вопросам",
                    &[Leader, Curator],
                    Confirmed,
                ),
                (
                    "Начальник отдела по работе с обращениями граждан",
                    &[Coordinator, Admin],
                    Confirmed,
                ),
                (
                    "Консультант отдела по работе с обращениями граждан",
                    &[Curator, Coordinator],
                    Confirmed,
                ),
                (
                    "Начальник отдела информационных технологий",
                    &[Admin],
                    Confirmed,
                ),
                (
                    "Главный специалист отдела по работе с обращениями граждан",
                    &[Executor],
                    Confirmed,
                ),
                ("Ведущий специалист отдела ЖКХ", &[Executor], Confirmed),
                (
                    "Ведущий специалист отдела благоустройства",
                    &[Executor],
                    Confirmed,
                ),
                (
                    "Главный специалист отдела дорожного хозяйства",
                    &[Executor],
                    Confirmed,
                ),
                (
                    "Специалист 1 категории отдела по работе с обращениями граждан",
                    &[Executor],
                    New,
                ),
                (
                    "Ведущий специалист отдела муниципального контроля",
                    &[Executor],
                    Archived,
                ),
            ],
            0.6,
            rng,
        ),
        Staff::Department => {
            let mut list: Vec<(&'static str, &[Role], AccountStatus)> = vec![
                ("Начальник управления", &[Leader], Confirmed),
                (
                    "Заместитель начальника управления",
                    &[Coordinator, Curator],
                    Confirmed,
                ),
                ("Главный специалист", &[Admin, Curator], Confirmed),
                ("Ведущий специалист", &[Executor], Confirmed),
            ];
            for _ in 0..rng.range(1, 3) {
                list.push(("Специалист 1 категории", &[Executor], loose_status(rng)));
            }
            fixed(&list, 0.7, rng)
        }
        _ if org.short_name == SHOWCASE => fixed(
            &[
                ("Директор", &[Leader], Confirmed),
                (
                    "Заместитель директора по учебно-воспитательной работе",
                    &[Coordinator],
                    Confirmed,
                ),
                ("Учитель информатики", &[Admin, Executor], Confirmed),
                ("Учитель начальных классов", &[Executor], Confirmed),
                ("Социальный педагог", &[Executor], Confirmed),
                ("Учитель математики", &[Executor], Archived),
                ("Секретарь", &[Coordinator], New),
            ],
            0.85,
            rng,
        ),
        staff => institution(&positions(staff), rng),
    }
}

fn institution(p: &Positions, rng: &mut Rng) -> Vec<Member> {
    let n = rng.pick(&[4usize, 4, 5, 5, 5, 6, 6]);
    let admin_at = rng.below(10);
    let person = |rng: &mut Rng| Person::random(rng, p.female_share);
    let mut out = Vec::with_capacity(n);
    let mut head = roles(&[Leader]);
    if admin_at < 2 {
        head = head.with(Admin);
    }
    out.push(Member {
        person: person(rng),
        position: p.head,
        roles: head,
        status: Confirmed,
    });
    let mut deputy = roles(&[Coordinator]);
    if (2..7).contains(&admin_at) {
        deputy = deputy.with(Admin);
    }
    if rng.chance(0.25) {
        deputy = deputy.with(Executor);
    }
    out.push(Member {
        person: person(rng),
        position: rng.pick(p.deputies),
        roles: deputy,
        status: Confirmed,
    });
    out.push(Member {
        person: person(rng),
        position: rng.pick(p.executors),
        roles: roles(&[Executor]),
        status: Confirmed,
    });
    if admin_at >= 7 {
        out.push(Member {
            person: person(rng),
            position: p.it,
            roles: roles(&[Admin, Executor]),
            status: Confirmed,
        });
    }
    while out.len() < n {
        let (position, r) = if rng.chance(0.25) {
            (rng.pick(p.clerks), roles(&[Coordinator]))
        } else {
            (rng.pick(p.executors), roles(&[Executor]))
        };
        out.push(Member {
            person: person(rng),
            position,
            roles: r,
            status: loose_status(rng),
        });
    }
    out
}
