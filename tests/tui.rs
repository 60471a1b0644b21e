//! The terminal client in a real terminal: tmux runs it, send-keys types,
//! capture-pane reads the screen. Local store and server alike.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Command;
use std::time::Duration;

use common::Fixture;
use common::tmux::Tmux;

#[test]
fn a_coordinator_works_through_the_panes() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.a_coordinator.email],
        &[],
        home.path(),
        120,
        32,
    );
    // The tree opens at the coordinator's school; its accounts and its new messages show.
    let screen = t.wait_for(&[
        "Организации",
        "МБОУ «СОШ № 5»",
        "Учётные записи",
        "Сообщения",
        "Не горят фонари у входа",
    ]);
    assert!(screen.contains("Подтверждён"), "{screen}");
    assert!(
        screen.contains("Координатор"),
        "the status line names the role:\n{screen}"
    );
    // Tab to the queue, open the first message, see its history, close it.
    t.keys(&["Tab", "Tab", "Enter"]);
    t.wait_for(&["Сообщение № 14", "Новое", "Родители просят", "История"]);
    t.keys(&["Escape"]);
    t.wait_for(&["Учётные записи"]);
    // Next tab: in work.
    t.keys(&["]"]);
    t.wait_for(&["Яма на дороге у школы", "Мало овощей в меню"]);
    // Filter the queue by a word.
    t.keys(&["/"]);
    t.type_text("овощ");
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["фильтр: овощ", "Мало овощей в меню"]);
    assert!(!screen.contains("Яма на дороге у школы"), "{screen}");
    // Help comes from the keymap.
    t.keys(&["?"]);
    t.wait_for(&["Справка — клавиши", "следующая панель"]);
    t.keys(&["Escape"]);
    // The school's statistics with the last weeks, written to a workbook.
    t.keys(&["i"]);
    // (The fixture's answers are of March 2026, before the last weeks.)
    t.wait_for(&["Статистика", "За последние недели ответов не было"]);
    t.keys(&["E"]);
    t.wait_for(&["записана в statistics-"]);
    let written: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(&std::fs::read(&written[0]).unwrap()[..2], b"PK");
    t.keys(&["Escape"]);
    t.quit();
}

#[test]
fn the_tree_filters_and_moves() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let t = Tmux::start(
        &[
            "--store",
            &store,
            "--as",
            &f.who.city_curator.email,
            "--lang",
            "en",
        ],
        &[],
        home.path(),
        100,
        30,
    );
    t.wait_for(&["Organisations", "Accounts", "Messages"]);
    t.keys(&["/"]);
    t.type_text("12");
    t.keys(&["Enter"]);
    // The curator above sees school B's queue.
    // At 100 columns the queue keeps status and executor; the text is cut.
    t.wait_for(&["МБОУ «СОШ № 12»", "Холодные обед…", "Сломан забор"]);
    t.keys(&["Escape"]);
    t.wait_for(&["Администрация"]);
    t.quit();
}

#[test]
fn the_same_screen_through_the_server() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let server = common::ServerProcess::start(f.sqlite().path());
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let url = server.url.clone();
    let t = Tmux::start(
        &["--server", &url, "--lang", "en"],
        &[("OTKLIK_TOKEN", &token)],
        home.path(),
        120,
        32,
    );
    let screen = t.wait_for(&[
        "Organisations",
        "МБОУ «СОШ № 5»",
        "Не горят фонари у входа",
        "Confirmed",
    ]);
    assert!(screen.contains(&format!("server {url}")), "{screen}");
    t.quit();
}

#[test]
fn first_run_offers_an_empty_platform() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(&[], &[], home.path(), 100, 30);
    t.wait_for(&[
        "Добро пожаловать в Отклик",
        "Создать демо-данные",
        "Создать пустую платформу",
    ]);
    t.keys(&["j", "Enter"]);
    t.wait_for(&["Пустая платформа"]);
    t.type_text("Платформа Энска");
    t.keys(&["Tab"]);
    t.type_text("Осипов");
    t.keys(&["Tab"]);
    t.type_text("Данил");
    t.keys(&["Tab"]);
    t.type_text("osipov@ensk.ru");
    t.keys(&["Enter"]);
    // Nothing before the training is confirmed: the materials' link is shown.
    t.wait_for(&[
        "Обучение",
        "https://pos.gosuslugi.ru/docs/",
        "Мною пройдено обучение",
    ]);
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["Платформа Энска", "Осипов Данил", "Администратор"]);
    assert!(screen.contains("Подтверждён"), "{screen}");
    t.quit();
    assert!(home.path().join("data/otklik/otklik.db").exists());
    // The next start remembers who signed in: no --as needed, the sign-in list offers them.
    let t = Tmux::start(&[], &[], home.path(), 100, 30);
    t.wait_for(&["Войти как", "osipov@ensk.ru"]);
    t.keys(&["Enter"]);
    t.wait_for(&["Платформа Энска", "Осипов Данил"]);
    t.quit();
}

#[test]
fn first_run_builds_demo_data_and_offers_its_accounts() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(&["--lang", "en"], &[], home.path(), 110, 40);
    t.wait_for(&["Welcome to Otklik", "Create demo data"]);
    t.keys(&["Enter"]);
    // One account per role, the coordinator second.
    t.wait_for(&[
        "Sign in as",
        "Administrator",
        "Coordinator",
        "Executor",
        "Leader",
        "Curator",
    ]);
    t.keys(&["j", "Enter"]);
    let screen = t.wait_for(&["Organisations", "МБОУ «СОШ № 5»", "Coordinator ·"]);
    // The root's name, cut in the middle so its distinguishing end shows.
    assert!(
        screen.contains("Админ") && screen.contains("Светлогорска"),
        "{screen}"
    );
    t.quit();
}

#[test]
fn a_small_terminal_says_so_and_recovers() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.a_e1.email],
        &[],
        home.path(),
        60,
        20,
    );
    t.wait_for(&["Окно слишком маленькое", "80×24"]);
    let status = Command::new("tmux")
        .args([
            "-L",
            &t.socket,
            "resize-window",
            "-t",
            "t",
            "-x",
            "100",
            "-y",
            "30",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    // The executor sees their own messages in work.
    t.wait_for(&["Организации", "Яма на дорог"]);
    // tmux keeps some of the resized alternate screen after the exit, so
    // only the exit status is checked here; the other tests check the restore.
    t.quit_with_success();
}

/// The walkthrough of DOMAIN §4 at the keyboard, each person in their own
/// client on the same store (or server): assign, draft, return, fix, approve.
fn walkthrough(start: &dyn Fn(&str) -> Tmux, f: &Fixture) {
    let w = &f.who;
    // The school's administrator keeps a template for street lighting.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use otklik::service::{Credentials, Gateway};
        let admin = f
            .service
            .sign_in(&Credentials::Email(w.a_admin.email.clone()))
            .await
            .unwrap();
        let draft = otklik::domain::TemplateDraft {
            org: f.org.school_a,
            category: Some(f.cat.lighting),
            title: "Освещение".into(),
            body: "Уважаемый(ая) {имя}! ".into(),
        };
        admin.save_template(None, &draft).await.unwrap();
    });
    // The coordinator assigns «Не горят фонари у входа» (a6, new) to E1.
    let t = start(&w.a_coordinator.email);
    t.wait_for(&["Не горят фонари у входа"]);
    t.keys(&["Tab", "Tab"]);
    // The newest new message is a12; a6 is further down.
    t.keys(&["/"]);
    t.type_text("фонари");
    t.keys(&["Enter", "Enter"]);
    t.wait_for(&["Сообщение № ", "Козлов Денис"]);
    t.keys(&["a"]);
    t.wait_for(&["Назначить исполнителя", "Иванов Иван Иванович"]);
    t.type_text("иванов");
    t.keys(&["Enter"]);
    t.wait_for(&["В работе", "Иванов И. И."]);
    t.quit();

    // E1 drafts, waits for the autosave, and submits.
    let t = start(&w.a_e1.email);
    t.wait_for(&["Не горят фонари у входа"]);
    t.open_message("фонари", "Козлов Денис");
    t.keys(&["e"]);
    t.wait_for(&["Черновик ответа"]);
    // A template first: the citizen's name is filled in.
    t.keys(&["C-t"]);
    t.wait_for(&["Вставить шаблон ответа", "Освещение"]);
    t.keys(&["Enter"]);
    t.wait_for(&["Уважаемый(ая) Козлов Денис!"]);
    t.type_text("Фонари заменят до пятницы.");
    t.wait_for(&["черновик сохранён"]);
    t.keys(&["Escape", "S"]);
    t.wait_for(&["Отправить ответ руководителю"]);
    t.keys(&["y"]);
    t.wait_for(&["На согласовании"]);
    t.quit();

    // The leader returns it with a comment.
    let t = start(&w.a_leader.email);
    t.wait_for(&["Сообщения"]);
    t.open_message("фонари", "Фонари заменят до пятницы.");
    t.keys(&["R"]);
    t.wait_for(&["Комментарий:"]);
    t.type_text("Укажите дату");
    t.keys(&["Enter"]);
    t.wait_for(&["В работе", "возвращено на доработку", "«Укажите дату»"]);
    t.quit();

    // E1 fixes the draft (Esc saves) and submits again; the leader approves.
    let t = start(&w.a_e1.email);
    t.open_message("фонари", "Козлов Денис");
    t.keys(&["e"]);
    t.wait_for(&["Черновик ответа"]);
    t.keys(&["BSpace"]);
    t.type_text(", 20 марта.");
    t.keys(&["Escape"]);
    t.wait_for(&["черновик сохранён", "до пятницы, 20 марта."]);
    t.keys(&["S"]);
    t.wait_for(&["Отправить ответ руководителю"]);
    t.keys(&["y"]);
    t.wait_for(&["На согласовании"]);
    t.quit();

    let t = start(&w.a_leader.email);
    t.open_message("фонари", "до пятницы, 20 марта.");
    t.keys(&["A"]);
    t.wait_for(&["Утвердить ответ?"]);
    t.keys(&["y"]);
    t.wait_for(&["Отвечено", "Ответ", "ответ утверждён"]);
    // The leader steps back through its history: the latest step first,
    // then back to the return, with the draft as it stood then.
    t.keys(&[","]);
    t.wait_for(&["История: шаг", "ответ утверждён"]);
    let mut screen = t.screen();
    for _ in 0..12 {
        if screen.contains("возвращено на доработку") {
            break;
        }
        t.keys(&[","]);
        std::thread::sleep(Duration::from_millis(200));
        screen = t.screen();
    }
    assert!(
        screen.contains("«Укажите дату»") && screen.contains("Фонари заменят до пятницы."),
        "{screen}"
    );
    assert!(!screen.contains("20 марта"), "{screen}");
    // A step later: the executor's fix, marked against the draft before.
    t.keys(&["."]);
    t.wait_for(&["черновик изменён", "Иванов И. И."]);
    // Esc: the message as it is now; it is linked with another by number.
    t.keys(&["Escape"]);
    t.wait_for(&["Отвечено", "ответ утверждён"]);
    t.keys(&["L"]);
    t.wait_for(&["Связать с сообщением №"]);
    t.type_text(&f.msg("a3").id.to_string());
    t.keys(&["Enter"]);
    t.wait_for(&["связи обновлены", &format!("связано № {}", f.msg("a3").id)]);
    t.quit();
    // The approved answer is kept, and its citizen's notice queued.
    let notice = f.sqlite().reader().query_row(
        "SELECT kind FROM mail_queue WHERE message_id = ?1 ORDER BY id DESC LIMIT 1",
        [f.msg("a6").id.0],
        |r| r.get::<_, String>(0),
    );
    assert_eq!(notice.unwrap(), "notice-answered");
    let answer = f.sqlite().reader().query_row(
        "SELECT answer FROM messages WHERE id = ?1",
        [f.msg("a6").id.0],
        |r| r.get::<_, String>(0),
    );
    assert_eq!(
        answer.unwrap(),
        "Уважаемый(ая) Козлов Денис! Фонари заменят до пятницы, 20 марта."
    );
}

#[test]
fn the_lifecycle_at_the_keyboard_on_the_embedded_store() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    walkthrough(
        &|who| Tmux::start(&["--store", &store, "--as", who], &[], home.path(), 120, 36),
        &f,
    );
}

#[test]
fn the_lifecycle_at_the_keyboard_through_the_server() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let server = common::ServerProcess::start(f.sqlite().path());
    let tokens = f.tokens(&[&f.who.a_coordinator, &f.who.a_e1, &f.who.a_leader]);
    walkthrough(
        &|who| {
            Tmux::start(
                &["--server", &server.url],
                &[("OTKLIK_TOKEN", &tokens[who])],
                home.path(),
                120,
                36,
            )
        },
        &f,
    );
}

#[test]
fn a_draft_survives_the_client_being_killed() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let open_a3 = |t: &Tmux| {
        t.wait_for(&["Яма на дороге у школы"]);
        t.open_message("Яма на дороге", "Морозов Андрей");
    };
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.a_e1.email],
        &[],
        home.path(),
        120,
        36,
    );
    open_a3(&t);
    t.keys(&["e"]);
    t.wait_for(&["Черновик ответа"]);
    t.type_text("Яму засыплют");
    // Less than the autosave's second, more than the journal's tick.
    std::thread::sleep(Duration::from_millis(600));
    let pane_pid = Command::new("tmux")
        .args([
            "-L",
            &t.socket,
            "list-panes",
            "-t",
            "t",
            "-F",
            "#{pane_pid}",
        ])
        .output()
        .unwrap();
    let shell = String::from_utf8_lossy(&pane_pid.stdout).trim().to_string();
    assert!(
        Command::new("pkill")
            .args(["-KILL", "-P", &shell, "otklik"])
            .status()
            .unwrap()
            .success()
    );
    t.wait_for(&["__EXIT__137"]);
    let draft = |f: &Fixture| {
        f.sqlite().reader().query_row(
            "SELECT draft FROM messages WHERE id = ?1",
            [f.msg("a3").id.0],
            |r| r.get::<_, Option<String>>(0),
        )
    };
    assert_eq!(
        draft(&f).unwrap(),
        None,
        "nothing reached the store before the kill"
    );
    drop(t);
    // The journal's copy is its owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let journal = home.path().join("state/otklik/drafts");
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&journal), 0o700);
        for entry in std::fs::read_dir(&journal).unwrap() {
            assert_eq!(mode(&entry.unwrap().path()), 0o600);
        }
    }

    // The next start tells about it, and opening the draft brings it back and saves it.
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.a_e1.email],
        &[],
        home.path(),
        120,
        36,
    );
    t.wait_for(&["несохранённые черновики", &format!("№ {}", f.msg("a3").id)]);
    open_a3(&t);
    t.keys(&["e"]);
    t.wait_for(&["Восстановлен несохранённый черновик", "Яму засыплют"]);
    t.wait_for(&["черновик сохранён"]);
    t.keys(&["Escape"]);
    t.quit();
    assert_eq!(draft(&f).unwrap().as_deref(), Some("Яму засыплют"));
    let journal = home.path().join("state/otklik/drafts");
    let left: Vec<_> = std::fs::read_dir(&journal).unwrap().collect();
    assert!(left.is_empty(), "the journal copy is removed once saved");
}

#[test]
fn a_coordinator_assigns_a_marked_set_at_once() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let t = Tmux::start(
        &["--store", &store, "--as", &f.who.a_coordinator.email],
        &[],
        home.path(),
        120,
        32,
    );
    t.wait_for(&[
        "Родители просят",
        "Шумные соседи школы",
        "Не горят фонари у входа",
    ]);
    t.keys(&["Tab", "Tab", "Space", "Space", "Space"]);
    t.wait_for(&["отмечено: 3"]);
    t.keys(&["a"]);
    t.wait_for(&["Назначить исполнителя", "Сидорова"]);
    t.type_text("сидор");
    t.keys(&["Enter"]);
    t.wait_for(&["Назначено: 3; не удалось: 0"]);
    // The new tab is empty now; the three are in work with E2.
    t.keys(&["]"]);
    let screen = t.wait_for(&["Не горят фонари у входа", "Шумные соседи школы"]);
    assert!(screen.contains("Сидорова"), "{screen}");
    t.quit();
}

#[test]
fn a_redirect_moves_the_message_once_a_leader_approves() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    let start =
        |who: &str| Tmux::start(&["--store", &store, "--as", who], &[], home.path(), 120, 34);
    // E1 asks to move «Яма на дороге у школы» to school № 12.
    let t = start(&f.who.a_e1.email);
    t.wait_for(&["Яма на дороге у школы"]);
    t.open_message("Яма на дороге", "Морозов Андрей");
    t.keys(&["D"]);
    t.wait_for(&["Перенаправить в организацию"]);
    t.type_text("12");
    t.wait_for(&["МБОУ «СОШ № 12»"]);
    t.keys(&["Enter"]);
    t.wait_for(&["Причина:"]);
    t.type_text("Адрес относится к школе № 12");
    t.keys(&["Enter"]);
    t.wait_for(&[
        "Запрошено перенаправление",
        "Перенаправить в",
        "МБОУ «СОШ № 12»",
    ]);
    t.quit();
    // The leader approves it from the redirect tab.
    let t = start(&f.who.a_leader.email);
    // The tabs' counts are in before the keys that move between them.
    t.wait_for(&["Сообщения", "Перенаправление 2"]);
    t.keys(&["Tab", "Tab", "]"]);
    t.wait_for(&["Яма на дороге у школы"]);
    t.keys(&["/"]);
    t.type_text("Яма на дороге");
    t.keys(&["Enter", "Enter"]);
    t.wait_for(&["«Адрес относится к школе № 12»"]);
    t.keys(&["A"]);
    t.wait_for(&["Одобрить перенаправление?"]);
    t.keys(&["y"]);
    t.wait_for(&["Новое", "перенаправление в МБОУ «СОШ № 12» одобрено"]);
    t.quit();
    // School № 12's coordinator has it now, with its history.
    let t = start(&f.who.b_coordinator.email);
    t.wait_for(&["Яма на дороге у школы"]);
    t.quit();
}

/// A tmux format of the pane, e.g. `#{alternate_on}`.
fn pane_flag(t: &Tmux, format: &str) -> String {
    let out = Command::new("tmux")
        .args(["-L", &t.socket, "display-message", "-p", "-t", "t", format])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_signal_gives_the_terminal_back_and_keeps_the_draft() {
    let f = Fixture::build();
    let home = tempfile::tempdir().unwrap();
    let store = f.sqlite().path().display().to_string();
    for (signal, text) in [
        ("-TERM", "Яму засыплют в среду"),
        ("-INT", "Яму засыплют в четверг"),
        ("-HUP", "Яму засыплют в пятницу"),
    ] {
        let t = Tmux::start(
            &["--store", &store, "--as", &f.who.a_e1.email],
            &[],
            home.path(),
            120,
            36,
        );
        t.wait_for(&["Яма на дороге у школы"]);
        t.open_message("Яма на дороге", "Морозов Андрей");
        t.keys(&["e"]);
        t.wait_for(&["Черновик ответа"]);
        t.keys(&["C-a", "C-k"]);
        t.type_text(text);
        t.wait_for(&[text]);
        assert_eq!(pane_flag(&t, "#{alternate_on}"), "1", "the client is on");
        let shell = pane_flag(&t, "#{pane_pid}");
        assert!(
            Command::new("pkill")
                .args([signal, "-P", &shell, "otklik"])
                .status()
                .unwrap()
                .success()
        );
        let screen = t.wait_for(&["__EXIT__0"]);
        assert!(
            !screen.contains("Организации"),
            "{signal}: not restored:\n{screen}"
        );
        assert_eq!(
            pane_flag(&t, "#{alternate_on}"),
            "0",
            "{signal}: alternate screen"
        );
        assert_eq!(pane_flag(&t, "#{mouse_any_flag}"), "0", "{signal}: mouse");
        assert_eq!(pane_flag(&t, "#{cursor_flag}"), "1", "{signal}: cursor");
        let draft = f.text(
            "SELECT draft FROM messages WHERE id = ?1",
            &[f.msg("a3").id.0.into()],
        );
        assert_eq!(draft, text, "{signal}: the draft is saved");
    }
}
