//! Importing the onboarding form: a 10,000-row workbook (100 organisations
//! × 100 people) read, checked and written into a fresh store in one
//! transaction, invitations included (to the file outbox).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use otklik::domain::onboarding::FormRow;
use otklik::domain::values::Ogrn;
use otklik::domain::{Actor, OrgId};
use otklik::service::{Credentials, Gateway, LocalService, Session};
use otklik::store::OpenMode;

const ROLES: [&str; 4] = [
    "Координатор",
    "Исполнитель",
    "Руководитель",
    "Администратор ЛКО",
];

fn rows() -> Vec<FormRow> {
    let mut out = Vec::with_capacity(10_000);
    for o in 0..100u32 {
        let digits: Vec<u8> = format!("10239000{o:04}")
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let ogrn = Ogrn::for_organisation(digits.try_into().expect("12 digits")).to_string();
        for p in 0..100u32 {
            let n = o * 100 + p;
            out.push(FormRow {
                line: n + 2,
                organisation: format!("Учреждение № {o}"),
                ogrn: ogrn.clone(),
                inn: String::new(),
                site: format!("https://org{o}.ru/"),
                full_name: format!("Фамилия{n} Имя Отчество"),
                position: "Специалист".into(),
                phone: format!("9{n:09}"),
                email: format!("person{n}@org{o}.ru"),
                role: ROLES[(p % 4) as usize].into(),
                category: String::new(),
            });
        }
    }
    out
}

/// A fresh store with only the platform and its administrator.
fn fresh(dir: &std::path::Path, n: usize) -> (Session, Actor, tokio::runtime::Runtime) {
    let path: PathBuf = dir.join(format!("s{n}.db"));
    let service = LocalService::open(&path, OpenMode::CreateIfMissing).expect("store");
    let email = service
        .create_platform("Платформа", "Админов", "Иван", "admin@platform.ru")
        .expect("platform");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (session, actor) = rt
        .block_on(async {
            let session = service
                .sign_in(&Credentials::Email(email.to_string()))
                .await?;
            let actor = session.confirm_training().await?;
            Ok::<_, otklik::service::ServiceError>((session, actor))
        })
        .expect("sign in");
    (session, actor, rt)
}

fn import(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = dir.path().join("form.xlsx");
    std::fs::write(
        &workbook,
        otklik::sheets::form_xlsx(&rows(), &[]).expect("xlsx"),
    )
    .expect("write");
    let mut group = c.benchmark_group("onboarding 10,000 rows");
    group.sample_size(10);
    group.bench_function("read the workbook", |b| {
        b.iter(|| black_box(otklik::sheets::read_form(&workbook, &mut |_, _| {}).expect("read")))
    });
    let mut n = 0;
    group.bench_function("read and check (dry run)", |b| {
        n += 1;
        let (service, actor, rt) = fresh(dir.path(), n);
        b.iter(|| {
            let rows = otklik::sheets::read_form(&workbook, &mut |_, _| {}).expect("read");
            let report = rt
                .block_on(service.import_onboarding(actor.org, &rows, true))
                .expect("import");
            assert!(report.problems.is_empty());
        })
    });
    group.bench_function("read, check, write and invite", |b| {
        b.iter_batched(
            || {
                n += 1;
                fresh(dir.path(), n)
            },
            |(service, actor, rt)| {
                let rows = otklik::sheets::read_form(&workbook, &mut |_, _| {}).expect("read");
                let report = rt
                    .block_on(service.import_onboarding(OrgId(actor.org.0), &rows, false))
                    .expect("import");
                assert_eq!(report.accounts_created, 10_000);
                (service, rt)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
