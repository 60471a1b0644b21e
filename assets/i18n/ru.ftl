# otklik — строки интерфейса (русский, язык по умолчанию).

app-name = Отклик

## Роли
role-admin = Администратор
role-coordinator = Координатор
role-executor = Исполнитель
role-leader = Руководитель
role-curator = Куратор
role-short-admin = Адм
role-short-coordinator = Коор
role-short-executor = Исп
role-short-leader = Рук
role-short-curator = Кур

## Статусы учётных записей
account-status-new = Новый
account-status-confirmed = Подтверждён
account-status-archived = В архиве

## Статусы сообщений
message-status-moderation = Модерация
message-status-new = Новые
message-status-in-work = В работе
message-status-on-approval = На согласовании
message-status-redirect-requested = Перенаправление
message-status-answered = Отвечено
message-status-rejected = Отклонено
message-status-closed = Закрыто
message-state-moderation = На модерации
message-state-new = Новое
message-state-in-work = В работе
message-state-on-approval = На согласовании
message-state-redirect-requested = Запрошено перенаправление
message-state-answered = Отвечено
message-state-rejected = Отклонено
message-state-closed = Закрыто
due-today = сегодня
message-status-all = Все

## Виды организаций
org-kind-platform = Платформа
org-kind-administration = Администрация
org-kind-department = Управление
org-kind-school = Школа
org-kind-kindergarten = Детский сад
org-kind-culture = Культура
org-kind-sport = Спорт
org-kind-social = Соцзащита
org-kind-utilities = ЖКХ
org-kind-other = Другое

## Поля
field-inn = ИНН
field-ogrn = ОГРН
field-phone = Телефон
field-email = Эл. почта
field-site = Сайт
field-name = Наименование
field-short-name = Краткое наименование
field-surname = Фамилия
field-first-name = Имя
field-patronymic = Отчество
field-position = Должность
field-roles = Роли
field-parent = Вышестоящая организация
field-organisation = Организация
field-category = Категория
field-text = Текст
field-status = Статус
field-source = Источник
field-link = Связанное сообщение
field-reason = Причина
field-comment = Комментарий
field-assignee = Исполнитель
field-target = Организация-получатель
field-title = Название
field-cursor = Курсор страницы
field-limit = Размер страницы
field-token = Токен
field-store = Хранилище

## Ошибки значений
invalid-empty = не заполнено
invalid-not-digits = допустимы только цифры
invalid-wrong-length = нужно цифр: { $expected }, введено: { $got }
invalid-bad-checksum = неверная контрольная цифра — проверьте номер
invalid-not-russian-phone = это не российский номер; введите 10 цифр, например 912 345-67-89
invalid-email-shape = адрес должен выглядеть как имя@домен.рф
invalid-bad-domain = неверный домен
invalid-not-http = адрес должен начинаться с http:// или https://
invalid-not-main-page = укажите главную страницу сайта, без пути, параметров и якоря
invalid-not-url = это не адрес сайта
invalid-too-long = слишком длинно: не больше { $max } символов
invalid-no-roles = выберите хотя бы одну роль
invalid-not-an-executor = это не подтверждённый исполнитель этой организации
invalid-same-organisation = сообщение уже в этой организации
invalid-unknown = неизвестное значение «{ $value }»

## Ошибки сервиса
entity-organisation = Организация
entity-account = Учётная запись
entity-message = Сообщение
entity-category = Категория
entity-template = Шаблон
error-not-found = Не найдено: { $entity } { $id }
error-forbidden = Недостаточно прав для этого действия
error-conflict = Кто-то уже изменил это; данные обновлены, повторите действие
error-wrong-status = Сейчас это сделать нельзя: сообщение в статусе «{ $status }»
error-unauthenticated = Вход не выполнен: токен неверен или отозван, либо учётная запись не подтверждена или в архиве
error-unavailable = Сервис недоступен: { $detail }
error-internal = Внутренняя ошибка: { $detail }

## Хранилище и настройки
store-missing = Хранилище { $path } не найдено. Запустите «otklik» без параметров, чтобы создать его, или «otklik demo --store { $path }».
store-not-ours = Файл { $path } не является хранилищем otklik. Файл не изменён; укажите другой путь в --store.
store-newer = Хранилище { $path } создано более новой версией otklik (версия схемы { $found }, эта программа знает { $known }). Файл не изменён; обновите otklik.
store-io = Не удалось открыть хранилище { $path }: { $detail }
database-missing = Базы данных { $path } нет. Создайте её (например, «createdb») и повторите команду.
database-not-ours = В базе данных { $path } есть таблицы, которые не принадлежат otklik. Ничего не изменено; укажите пустую базу или базу otklik.
database-newer = База данных { $path } подготовлена более новой версией otklik (версия схемы { $found }, эта программа знает { $known }). Ничего не изменено; обновите otklik.
database-unreachable = Не удаётся подключиться к базе данных { $path }: { $detail }. Проверьте адрес, порт и что сервер запущен.
database-sign-in-refused = База данных { $path } не приняла вход: { $detail }. Проверьте имя пользователя и пароль в адресе.
config-error = Ошибка в файле настроек { $path }: { $detail }
config-unknown-key = Ошибка в файле настроек { $path }: неизвестный ключ «{ $key }»
keymap-unknown-action = Ошибка в файле настроек { $path }: неизвестное действие «{ $action }» в [keys]
keymap-bad-key = Ошибка в файле настроек { $path }: не удалось разобрать клавишу «{ $key }»
keymap-conflict = Ошибка в файле настроек { $path }: клавиша «{ $key }» назначена и «{ $first }», и «{ $second }» — оставьте её одному действию
keymap-typing-key = Ошибка в файле настроек { $path }: «{ $key }» для «{ $action }» печатает текст там, где это действие работает — возьмите сочетание с Ctrl или Alt
theme-bad-color = Ошибка в файле настроек { $path }: неизвестный цвет «{ $color }» для «{ $name }»
calendar-title = Производственный календарь { $year }: { $source }
calendar-published = опубликованный календарь
calendar-statutory = не опубликован, только праздники Трудового кодекса (ст. 112)
calendar-days-off = Нерабочие дни (пн–пт)
calendar-working-weekends = Рабочие выходные
calendar-working-days = Рабочих дней
calendar-runs-out = Опубликованный производственный календарь заканчивается { $year } годом: в следующих годах известны только праздники Трудового кодекса, без переносов выходных по постановлению правительства. Когда календарь следующего года будет опубликован, загрузите его (otklik calendar load ФАЙЛ) или обновите otklik.
tui-calendar-runs-out = Производственный календарь опубликован по { $year } год: дальше только праздники Трудового кодекса (otklik calendar show)
calendar-bad-year = { $year } — не год, который может показать календарь (1–9999)
stats-col-category = Категория
stats-col-received = Поступило
stats-col-answered = Отвечено
stats-col-on-time = В срок
stats-col-on-time-share = В срок, %
stats-col-overdue = Просрочено сейчас
stats-col-median = Медиана, раб. дней
stats-col-week = Неделя с
stats-no-category = (без категории)
stats-org-total = Все категории
report-stats-total = Итого
stats-period = Сообщения, поступившие с { $from } по { $to }
stats-sheet = Статистика
stats-weeks-sheet = По неделям
stats-chart-title = Отвечено в срок, % (по неделе ответа)
calendar-loaded = загружен администраторами платформы
calendar-file-too-large = { $path }: больше { $max } КБ; файл календаря содержит даты нескольких лет
calendar-file-not-utf8 = { $path }: не текст в UTF-8; сохраните календарь в кодировке UTF-8
calendar-year-line = { $year }: нерабочих дней (пн–пт) — { $off }, рабочих выходных — { $working }
calendar-load-dry-run = В файле { $path } ({ $format }), ничего не загружено (--dry-run):
calendar-loaded-now = Загружено из { $path }; по нему считаются сроки, назначаемые с этого момента:
calendar-loaded-all = Годы, загруженные в платформу: { $years }
calendar-error-toml = { $path }: не календарь в формате TOML проекта ([years.2028] с days_off и working_days): { $detail }
calendar-error-year = { $path }: «{ $value }» — не год
calendar-error-date = { $path }, { $year } год: «{ $value }» — не дата (ГГГГ-ММ-ДД в TOML, ММ.ДД в XML)
calendar-error-outside = { $path }, { $year } год: { $date } относится к другому году
calendar-error-off-weekend = { $path }, { $year } год: нерабочий день { $date } — суббота или воскресенье; перечислите только нерабочие дни с понедельника по пятницу
calendar-error-working-weekday = { $path }, { $year } год: рабочий день { $date } — с понедельника по пятницу; перечислите только рабочие субботы и воскресенья
calendar-error-missing-year = { $path }: между годами файла пропущен { $year } год
calendar-error-not-loadable = { $path }: { $year } год нельзя загрузить (2000–2100)
calendar-error-twice = { $path }, { $year } год: { $date } указан дважды
calendar-error-no-years = { $path }: в файле нет ни одного года
calendar-error-too-many = { $path }: больше { $max } лет; загружайте меньше за раз
calendar-error-xml = { $path }, строка { $line }: ошибка в XML: { $detail }
calendar-error-xml-no-calendar = { $path }: нет элемента <calendar year="…"> (файл xmlcalendar)
calendar-error-xml-type = { $path }, { $year } год: у дня { $date } тип «{ $value }»; t — 1 (выходной), 2 (сокращённый) или 3 (рабочий)
config-unknown-zone = Ошибка в файле настроек { $path }: неизвестный часовой пояс «{ $name }» (нужно название вида Europe/Moscow или Europe/Kaliningrad)
theme-unknown = Ошибка в файле настроек { $path }: неизвестная тема «{ $name }» (есть: { $known })
need-actor = Укажите, от чьего имени работать: --as ЭЛ.ПОЧТА
need-token = Для сервера нужен токен: войдите командой otklik login URL, или задайте --token либо переменную OTKLIK_TOKEN
server-and-store = Укажите что-то одно: --store или --server
actor-unknown = Учётная запись { $email } не найдена, не подтверждена или в архиве
remote-no-token-issue = Токены выпускаются там, где лежит хранилище: otklik token issue --store ПУТЬ ЭЛ.ПОЧТА

## Демо-данные
demo-not-empty = Хранилище { $path } не пустое; демо-данные пишутся только в новое хранилище
demo-progress = Создаю демо-данные: { $what }
demo-done = Готово: организаций { $orgs }, учётных записей { $accounts }, сообщений { $messages }.
demo-progress-orgs = организаций: { $n }
demo-progress-accounts = учётных записей: { $n }
demo-progress-messages = сообщений: { $done } из { $total }
demo-sign-in = Войти можно как:
demo-hint = { $role }: { $email } ({ $name }, { $org })

## Командная строка
cli-serving = Сервер otklik слушает http://{ $addr } (хранилище { $path })
cli-citizen-others = Другие сообщения заявителя ({ $n }): { $numbers }
cli-message-now = Сообщение { $id }: { $status }
cli-cannot-read = Не удалось прочитать { $path }: { $detail }
cli-not-utf8 = Файл { $path } не в кодировке UTF-8; сохраните его как UTF-8
msg-redirect-to = Перенаправить в
cli-template-saved = Шаблон { $id } сохранён: { $title }
cli-template-deleted = Шаблон { $id } удалён
col-title = Название
col-org = Организация
messages-count = { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
   *[many] { $n } сообщений
}
accounts-count = { $n ->
    [one] { $n } учётная запись
    [few] { $n } учётные записи
   *[many] { $n } учётных записей
}
days-left = { $n } дн.
days-overdue = −{ $n } дн.
col-id = №
col-name = Наименование
col-fio = ФИО
col-roles = Роли
col-status = Статус
col-email = Эл. почта
col-phone = Телефон
col-position = Должность
col-received = Поступило
col-category = Категория
col-deadline = Срок
col-text = Текст
col-assignee = Исполнитель
col-new = Новые
col-in-work = В работе
col-overdue = Просрочено
col-kind = Вид
col-parent = Родитель

## Терминал: панели
pane-tree = Организации
pane-accounts = Учётные записи
pane-messages = Сообщения
pane-message = Сообщение
pane-help = Справка — клавиши
status-local = локальное хранилище { $path }
status-remote = сервер { $url }
hint-help = справка
hint-filter = фильтр
hint-quit = выход
hint-close = закрыть
hint-earlier = ранняя история
hint-open = открыть
hint-queue-filters = отбор
hint-widen = во всех вкладках
hint-save = сохранить
hint-template = шаблон
hint-done = готово
hint-cancel = отмена
hint-choose = выбрать
hint-next-field = след. поле
hint-yes = да
hint-no = нет
hint-generate = код
hint-copy = копировать
hint-to-file = в файл
hint-check = проверить сайт
hint-deadline = срок
hint-refresh = обновить
hint-import = импортировать
hint-only-wrong = только ошибки
help-here = Здесь
help-everything = Все клавиши
loading = Загрузка…
no-access = Нет доступа к этому списку
pick-no-templates = Шаблонов ответа для этой организации нет: их добавляет администратор (otklik templates add)
empty-list = Пусто
filter-prompt = Фильтр:
too-small = Окно слишком маленькое: нужно не меньше 80×24 (сейчас { $w }×{ $h })
msg-citizen = Заявитель
msg-contact = Контакт
msg-address = Адрес
msg-source = Источник
msg-kind = Вид
msg-received = Поступило
msg-deadline = Срок ответа
msg-status = Статус
msg-org = Организация
msg-assignee = Исполнитель
msg-draft = Черновик ответа
msg-comment = Комментарий
hint-timeline = история по шагам
hint-link = связать
msg-answer = Ответ
msg-history = История
msg-links = Связи
link-kind-related = связано
link-kind-duplicate-of = повтор сообщения
link-kind-duplicate = его повтор
timeline-earlier = … ранее ещё { $n } шаг(ов) — здесь не показаны
msg-kind-message = Сообщение
msg-kind-appeal = Обращение (59-ФЗ)
source-gosuslugi = Госуслуги
source-mobile-app = Мобильное приложение
source-widget = Виджет на сайте
source-other = Другое
history-received = поступило
history-accept = принято модератором
history-reject = отклонено модератором
history-assign = назначено исполнителю
history-edit-draft = черновик изменён
history-submit-draft = ответ отправлен на согласование
history-approve = ответ утверждён
history-return = возвращено на доработку
history-note = заметка для сотрудников
prompt-note = Заметка (видна сотрудникам, не гражданину)
action-note = на сообщении: заметка для сотрудников, в истории с автором
note-added = Заметка добавлена к № { $id }
hint-note = заметка
action-link-message = на сообщении: связать с другим (по номеру; −№ снимает связь)
action-close-duplicate = на сообщении: закрыть как повторное к другому (гражданину сообщат, где будет ответ)
action-timeline-back = на сообщении: шаг назад по истории — каким оно было
action-timeline-forward = на сообщении: шаг вперёд по истории
prompt-link = Связать с сообщением № (−№ — снять связь)
prompt-duplicate = Повторное к сообщению №
prompt-not-a-number = Нужен номер сообщения: цифры (с минусом — снять связь)
linked = № { $id }: связи обновлены
timeline-title = История: шаг { $n } из { $total }
timeline-hint = { $back } — раньше · { $forward } — позже · Esc — к сообщению
timeline-deadline-passed = срок прошёл к этому шагу
msg-citizen-others = Другие сообщения заявителя ({ $n })
msg-citizen-more = … и ещё { $n } (все номера: otklik messages show)
msg-links-hint = { $next } / { $prev } — выбрать, Enter — открыть
history-ask-redirect = запрошено перенаправление
history-approve-redirect = перенаправление одобрено
history-decline-redirect = перенаправление отклонено
history-close = закрыто без ответа
history-close-duplicate = закрыто как повторное
history-link = связано с другим сообщением
history-assign-to = назначен исполнитель { $subject }
history-ask-redirect-to = запрошено перенаправление в { $subject }
history-approve-redirect-to = перенаправление в { $subject } одобрено
history-decline-redirect-to = перенаправление в { $subject } отклонено
history-close-to = закрыто как повторное к № { $subject }
history-duplicate-to = повторное сообщение № { $subject } закрыто со ссылкой сюда
history-link-to = связано с № { $subject }
history-unlink-to = связь с № { $subject } снята
overdue-badge = просрочено
unassigned = не назначено
filter-active = фильтр: { $text }
org-details-inn = ИНН { $inn }
org-details-ogrn = ОГРН { $ogrn }

## Первый запуск
first-run-title = Добро пожаловать в Отклик
first-run-text = Хранилище ещё не создано: { $path }
first-run-demo = Создать демо-данные (город, управления, ~60 учреждений, ~3000 сообщений)
first-run-empty = Создать пустую платформу (корень и ваша учётная запись администратора)
first-run-quit = Выйти
first-run-building = Создаю демо-данные…
empty-platform-title = Пустая платформа
empty-platform-org = Наименование платформы
empty-platform-surname = Фамилия
empty-platform-first-name = Имя
empty-platform-email = Эл. почта
empty-platform-hint = Tab — следующее поле, Enter — создать, Esc — назад
sign-in-title = Войти как
sign-in-hint = Enter — войти, ↑/↓ — выбор, q — выход

## Действия (справка)
action-quit = выйти (с вопросом, если черновик не сохранён)
action-help = справка по клавишам
action-palette = палитра: любое действие по имени; :goto N, :org …, :assign …, :view …
pick-command = Команда (↑ — прежние)
palette-goto = открыть сообщение по номеру
palette-org = найти организацию в дереве
palette-assign = выбрать исполнителя открытого сообщения
palette-view = открыть сохранённый вид
palette-not-a-number = «{ $text }» — не номер сообщения
palette-no-view = Вида «{ $text }» нет среди ваших
palette-assign-needs-message = Сначала откройте сообщение
action-next-pane = следующая панель
action-prev-pane = предыдущая панель
action-up = вверх
action-down = вниз
action-page-up = страница вверх
action-page-down = страница вниз
action-top = в начало
action-bottom = в конец
action-expand = развернуть
action-collapse = свернуть
card-title = Учётная запись: { $name }
card-categories = Категории
card-trained = Обучение пройдено
card-mails = Письма (новые сверху)
card-no-mails = Писем не было
card-mail-invitation = приглашение
card-mail-restored = о восстановлении
card-mail-notice = уведомление заявителю
card-mail-attempts = попыток: { $n }
card-mail-next = следующая { $at }
action-open = открыть: сообщение, карточку учётной записи; в дереве — развернуть или свернуть
action-back = назад / закрыть
action-filter = фильтр текущей панели
action-next-tab = следующая вкладка очереди
action-prev-tab = предыдущая вкладка очереди
action-close = закрыть открытое (сообщение, статистику, справку); на главном экране — выйти
quit-unsaved = Черновик № { $id } ещё не сохранён в сервисе (копия — в журнале, её предложат при следующем открытии). Выйти?
action-toggle-overdue = только просроченные
action-widen-search = поиск во всех вкладках (и обратно)
tab-found = { $name } { $found } из { $all }
search-elsewhere = Здесь не найдено; в других вкладках: { $found } — { $key }: искать во всех
widen-nothing = Расширять нечего: сначала поиск ({ $search }) или фильтр ({ $filters })
action-refresh = обновить
action-assign = назначить исполнителя
action-edit = редактировать: черновик ответа, учётную запись, организацию
action-submit = отправить ответ на согласование
action-approve = утвердить (ответ, перенаправление) или принять с модерации
action-return = вернуть на доработку или отклонить
action-redirect = запросить перенаправление в другую организацию
action-close-message = закрыть без ответа
prompt-reason = Причина
prompt-comment = Комментарий
prompt-keys = { $done } — готово, { $cancel } — отмена
confirm-title = Подтвердите
confirm-keys = { $yes } — да, { $no } — нет
confirm-accept = Принять сообщение с модерации? Оно поступит в организацию.
confirm-submit-draft = Отправить ответ руководителю на согласование?
confirm-approve = Утвердить ответ? Он станет окончательным и будет отправлен заявителю; изменить его будет нельзя.
confirm-approve-redirect = Одобрить перенаправление? Сообщение перейдёт в другую организацию вместе с историей и сроком.
pick-executor = Назначить исполнителя
pick-redirect-target = Перенаправить в организацию
acted = Сообщение { $id }: { $status }
draft-not-yours = Сообщение № { $id } передано другому исполнителю: ваш текст остался в редакторе и в журнале черновиков — скопируйте его, если он нужен
draft-changed-elsewhere = Сообщение № { $id } только что изменил другой сотрудник: ваш текст остался в редакторе и в журнале черновиков
live-lost = нет связи для обновлений — повтор через { $secs } с
live-back = связь восстановлена, данные обновлены
live-arrived = { $n ->
    [one] +{ $n } новое сообщение
    [few] +{ $n } новых сообщения
   *[many] +{ $n } новых сообщений
}
draft-saved = черновик сохранён
draft-saving = сохраняю…
draft-unsaved = есть несохранённые изменения
editor-keys = { $done } — сохранить и закрыть · { $save } — сохранить · { $template } — шаблон
draft-restored-sign = из журнала
draft-citizen = Обращение
draft-restored = Восстановлен несохранённый черновик из прошлого сеанса; он будет сохранён
drafts-pending = Есть несохранённые черновики: { $ids }. Откройте сообщение и нажмите e.
pick-template = Вставить шаблон ответа
lint-empty = Ответ пуст: напишите его (e) перед отправкой
lint-template-only = Внимание: ответ — шаблон без изменений. Отправить всё равно?
action-mark = отметить сообщение
action-mark-range = отметить диапазон до курсора
action-mark-all = отметить все сообщения фильтра (до 5000)
action-unmark-all = снять все отметки
action-remark = вернуть прошлые отметки
marked-count = отмечено: { $n }
bulk-done = Назначено: { $done }; не удалось: { $refused }
bulk-done-reason = Назначено: { $done }; не удалось: { $refused } (№ { $id }: { $reason })
action-statistics = статистика организации (куратору — с подведомственными)
pane-statistics = Статистика
stats-subtree = с подведомственными
stats-total = Всего сообщений: { $n }
stats-overdue = Просрочено: { $n }
stats-on-time = Отвечено в срок: { $on_time } из { $answered }
stats-on-time-none = Отвеченных пока нет
stats-by-status = По статусам
stats-weeks = Отвечено в срок по неделям ответа, { $weeks } нед.: { $shares }
stats-weeks-none = За последние недели ответов не было
stats-saved = Статистика за последние недели записана в { $path }
stats-export-nothing = Отчёт за недели ещё не получен — нечего записать
stats-export-failed = Не удалось составить книгу: { $detail }
action-export = на экране статистики: последние недели в файл .xlsx (в текущей папке)
hint-export = в .xlsx
stats-by-category = Больше всего сообщений
stage-left = { $stage }/{ $total } дн.
stage-overdue = ⚠ этап −{ $n }
msg-stage-deadline = Срок этапа

## Administration: fields, problems, errors
field-kind = Вид организации
field-variant = Вариант оформления
field-banner = Текст баннера
field-deadline = Срок
invalid-taken = этот адрес уже занят другой учётной записью
invalid-taken-archived = этот адрес у учётной записи в архиве — восстановите её вместо создания новой
invalid-expired = срок действия ссылки истёк — попросите администратора отправить приглашение снова
invalid-bad-period = последний день не может быть раньше первого, а период — не длиннее { $max_days } дней
invalid-already-used = ссылка уже использована или заменена новой
invalid-not-invited-address = приглашение было отправлено на другой адрес
invalid-own-roles = свои роли изменить нельзя: это может сделать другой администратор
invalid-same-message = сообщение нельзя связать с самим собой
invalid-not-answerable = на то сообщение ответа не будет: оно отклонено или закрыто
invalid-duplicate-link-stays = связь с повторным сообщением остаётся: она часть его закрытия
invalid-not-linked = эти сообщения не связаны
invalid-not-date = это не дата; введите ГГГГ-ММ-ДД
invalid-unknown-link = такой ссылки-приглашения нет; проверьте, что она скопирована целиком
invalid-already-confirmed = учётная запись уже подтверждена
invalid-archived = учётная запись в архиве — сначала восстановите её
entity-route = Адрес
error-training-required = Сначала подтвердите: «Мною пройдено обучение» (материалы: { $url })
error-malformed = Запрос не прочитан: { $detail }
error-too-large = Запрос больше допустимых { $max } МБ: разделите файл на части

## Invitation mail and page
mail-invitation-subject = Приглашение в кабинет «{ $org }»
mail-invitation-body =
    Здравствуйте, { $name }!

    Для вас создана учётная запись в кабинете «{ $org }» платформы обратной связи.
    Чтобы подтвердить её, откройте ссылку и введите этот адрес эл. почты ({ $email }):

    { $link }

    Ссылка действует до { $expires } и только один раз.
    Без сервера: otklik invite accept { $token } --email { $email }

    Перед началом работы изучите обучающие материалы: { $training }
invite-page-title = Подтверждение учётной записи
invite-page-intro = Введите адрес эл. почты, на который пришло приглашение.
invite-page-email = Эл. почта
invite-page-confirm = Подтвердить
invite-page-done = { $name }, учётная запись подтверждена.
invite-page-token = Ваш токен для входа (показан один раз, сохраните его):
invite-page-login = Войдите в терминале этой командой и вставьте токен:
invite-page-training = Перед началом работы изучите обучающие материалы:

## Training
training-title = Обучение
training-intro = { $name }, перед началом работы изучите обучающие материалы:
training-confirm = Enter — «Мною пройдено обучение»
training-hint = q — выйти, не подтверждая
config-mail-from = { $path }: неверный адрес отправителя в [mail] from: { $detail }

## Administration on the command line
col-invited = Приглашение
col-sent = Отправлено
col-confirmed = Подтверждена
cli-account-saved = Сохранено: { $name } <{ $email }>, { $status }
cli-invitation-sent = Приглашение отправлено на { $email }
cli-invitation-failed = Учётная запись сохранена, но приглашение не отправлено: { $detail }. Отправьте снова: otklik accounts resend { $email }
cli-invitation-retrying = Учётная запись сохранена; приглашение пока не отправлено ({ $detail }), отправка повторится сама. Где оно: otklik mail status
cli-org-saved = Сохранено: № { $id } «{ $name }»
cli-invitation-accepted = Учётная запись подтверждена: { $name }
cli-invitation-token = Токен для входа (показан один раз): { $token }
cli-training-next = Перед началом работы изучите обучающие материалы и подтвердите: otklik training confirm ({ $url })
cli-training-confirmed = { $name }: обучение подтверждено
cli-cannot-write = Не удалось записать { $path }: { $detail }
cli-widget-saved = Код виджета записан в { $path }
cli-widget-checked = Проверена главная страница { $site }
cli-widget-not-found = Виджет на сайте не найден целиком — см. выше, какой части нет
cli-xlsx-needs-out = Для формата xlsx укажите файл: --out отчёт.xlsx
widget-part-script = подключение скрипта (script.min.js)
widget-part-container = контейнер баннера с кнопкой (js-show-iframe-wrapper)
widget-part-call = вызов Widget(…) с номером организации
widget-missing = не найдено
widget-other-org = стоит номер { $number } — это «{ $name }», а не № { $org }
widget-unknown-org = такой организации нет
check-admin-confirmed = Админ подтверждён
check-all-confirmed = Все подтверждены
check-trained = Обучение
check-coordinator = Координатор
check-executor = Исполнитель
check-leader = Руководитель
check-site-set = Сайт указан
check-widget-generated = Виджет создан
check-site-approved = Сайт одобрен
check-widget-found = Виджет на сайте
check-ready = ЛКО готов
readiness-totals = Итого { $name }: готовы { $done } из { $of } ({ $percent }%)
readiness-deadline = Срок: { $date }, { $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[other] осталось { $days } дней
    }
readiness-sheet = Готовность
login-token-prompt = Токен для { $url }: 
login-done = Вход выполнен: { $name } ({ $org }) на { $url }
login-stored = Токен сохранён в хранилище ключей ({ $store })
login-no-keyring = Хранилище ключей недоступно ({ $reasons }); токен будет запрашиваться при каждом запуске, или задайте переменную OTKLIK_TOKEN
logout-done = Выход выполнен: токен для { $url } удалён
logout-no-token = Сервер { $url } забыт; сохранённого токена не было
logout-nothing = Вход на сервер не выполнялся
field-invitation = Ссылка-приглашение
action-new = новая учётная запись (панель сотрудников) или подведомственная организация (дерево)
action-archive = в архив / восстановить учётную запись
action-resend = отправить приглашение ещё раз
action-widget = виджет сайта: код, копирование, проверка
action-readiness = готовность организаций к работе
picker-load = в работе: { $n }

## Administration in the terminal
form-new-account = Новая учётная запись
form-edit-account = Учётная запись
form-new-org = Новая подведомственная организация
form-edit-org = Организация
form-keys = { $next }/{ $prev } — поле · Пробел — отметить · { $save } — сохранить · { $cancel } — отмена
form-saving = Сохранение…
org-ready = ЛКО готов к работе
org-widget-site-approved = Сайт размещения виджета (одобрен)
confirm-archive = Перенести в архив учётную запись «{ $name }»? Вход станет невозможен.
confirm-restore = Восстановить учётную запись «{ $name }»?
confirm-resend = Отправить приглашение ещё раз: { $name } <{ $email }>? Прежняя ссылка перестанет работать.
tui-invitation-failed = Приглашение не отправлено: { $detail } (I — отправить снова)
tui-invitation-retrying = Приглашение пока не отправлено: { $detail } — отправка повторится сама
invitation-queued = приглашение ждёт отправки в очереди
widget-title = Виджет сайта · { $org }
widget-variant-schools = школы
widget-variant-kindergartens = детские сады
widget-variant-social = социальные учреждения
widget-variant-utilities = ЖКХ
widget-variant-general = общий
widget-banner-default = (текст варианта по умолчанию)
widget-save-to = Сохранить в:
widget-code = Код для главной страницы сайта:
widget-not-generated = Код ещё не создан: { $go } — создать
widget-keys = { $prev }/{ $next } — вариант · { $banner } — текст баннера · { $go }, { $generate } — создать код · { $copy } — копировать · { $save } — сохранить в файл · { $check } — проверить сайт · { $close } — закрыть
widget-copied = Код виджета «{ $variant }» для «{ $org }» ({ $lines ->
    [one] { $lines } строка
    [few] { $lines } строки
   *[many] { $lines } строк
}) отправлен в буфер обмена терминала. Если вставка пуста, терминал не принимает OSC 52 — сохраните код в файл: s
widget-generate-first = Сначала создайте код: Enter
widget-check-passed = Виджет найден на сайте целиком
widget-check-failed = Виджет на сайте найден не целиком — см. выше
readiness-title = Готовность · { $org }
readiness-no-deadline = Срок не задан
readiness-keys = { $up }/{ $down } — прокрутка · { $deadline } — срок (кураторам) · { $again } — обновить · { $close } — закрыть
check-short-admin-confirmed = Адм
check-short-all-confirmed = Подтв
check-short-trained = Обуч
check-short-coordinator = Коор
check-short-executor = Исп
check-short-leader = Рук
check-short-site-set = Сайт
check-short-widget-generated = Код
check-short-site-approved = Одобр
check-short-widget-found = Найд
check-short-ready = Готов
col-invitation = Приглашение
invitation-sent = отпр. { $at } ×{ $n }
invitation-retry = не ушло, повтор { $at }
invitation-failed = не отправлено: { $detail }
invitation-accepted = принято { $at }
form-categories = Отвечает за категории (подсказки при назначении)
readiness-set-deadline = Срок готовности (ГГГГ-ММ-ДД, пусто — снять), Enter
invalid-duplicate-in-file = этот адрес в строке { $line } у другого человека или другой организации
invalid-need-surname-and-name = укажите фамилию, имя и (если есть) отчество

## Onboarding form
column-number = №
column-organisation = Организация
column-ogrn = ОГРН
column-inn = ИНН
column-site = Сайт
column-full-name = ФИО
column-position = Должность
column-phone = Телефон
column-email = E-mail
column-role = Роль
column-category = Категория
col-row = Строка
col-column = Столбец
col-value = Значение
col-reason = Причина
sheet-too-large = { $path }: файл { $size } МБ, больше допустимых { $max } МБ; разделите его на части
sheet-empty = { $path }: файл пуст
sheet-not-spreadsheet = { $path }: это не таблица; нужен файл .xlsx или .csv по форме
sheet-unreadable = { $path }: не читается как таблица ({ $detail }); сохраните его заново как .xlsx или .csv
sheet-limit-part = { $path }: внутри файла часть «{ $name }» занимает { $size } МБ в распакованном виде, больше допустимых { $max } МБ; сохраните таблицу заново или разделите её
sheet-limit-unpacked = { $path }: в распакованном виде файл занимает больше { $max } МБ; разделите таблицу на части
sheet-limit-rows = { $path }: строка { $row } — строк больше допустимых { $max }; удалите пустые строки внизу листа или разделите таблицу
sheet-limit-cell = { $path }: в строке { $row }, столбце { $column } больше { $max } символов; сократите текст ячейки
sheet-limit-text = { $path }: текста в ячейках больше { $max } МБ; разделите таблицу на части
sheet-limit-fields = { $path }: в строке { $line } больше { $max } полей; проверьте разделитель (; или ,)
sheet-limit-extent = { $path }: лист занимает { $cells } ячеек (от первой заполненной до последней), больше { $max }; удалите лишнее далеко за таблицей или сохраните файл как .xlsx
sheet-no-header = { $path }: не найдена строка заголовков формы; нет столбцов: { $missing }
sheet-io = { $path }: { $detail }
import-reading = Чтение
import-checking = Проверка строк…
import-row-ready = новая
import-row-merged = объединена
import-row-wrong = ошибка
import-has-problems = Строк: { $rows }; с ошибками: { $wrong }. Ничего не записано: исправьте строки с ошибками и повторите.
import-dry-run = Проверено строк: { $rows } (новых людей: { $accounts_new }, уже на платформе: { $accounts_merged }; организаций создать: { $orgs_new }, найдено: { $orgs_found }). Ничего не записано: это была только проверка.
import-done = Импортировано строк: { $rows }: новых учётных записей { $accounts_new }, уже на платформе { $accounts_merged }; организаций создано { $orgs_new }, найдено { $orgs_found }; приглашений отправлено { $sent }{ $queued ->
    [0] {""}
   *[other] , ждут отправки в очереди { $queued }
}{ $failed ->
    [0] {""}
   *[other] , пока не отправлено { $failed } (отправка повторится; otklik mail status)
}.
import-refused = В файле есть ошибки — ничего не записано
template-written = Пустая форма записана в { $path }
export-written = Записано строк: { $n } в { $path }
action-import = загрузить форму сотрудников (xlsx, csv) в организацию
import-title = Загрузка формы сотрудников · { $org }
import-path = Файл:
import-path-hint = Файл формы (.xlsx или .csv): строки проверяются и показываются до записи; ничего не записывается, пока в файле есть ошибки.
import-keys-path = { $done } — прочитать и проверить · { $cancel } — закрыть
import-keys-reading = Чтение…
import-keys-clean = { $go } — загрузить · { $up }/{ $down } — прокрутка · { $again } — другой файл · { $close } — отмена
import-keys-wrong = Исправьте файл и нажмите { $again } · { $wrong } — только ошибки / все строки · { $up }/{ $down } — прокрутка · { $close } — закрыть
import-keys-done = { $go }, { $close } — закрыть
picker-handled = { $n ->
        [one] { $n } сообщение этой категории
        [few] { $n } сообщения этой категории
       *[other] { $n } сообщений этой категории
    }
invalid-stages-sum = этапы должны в сумме составлять { $days } раб. дн.
invalid-out-of-range = допустимо от { $min } до { $max }
field-days = Срок, раб. дней
field-stages = Этапы
field-period = Период
cli-category-saved = { $name }: срок { $days } раб. дн.{ $stages }
cli-serve-mail-files = Внимание: SMTP не настроен ([mail] smtp_host) — приглашения складываются файлами в { $dir }
mail-restored-subject = Учётная запись в кабинете «{ $org }» восстановлена
mail-restored-body =
    Здравствуйте, { $name }!

    Ваша учётная запись в кабинете «{ $org }» платформы обратной связи восстановлена.
    Чтобы снова войти, откройте ссылку и введите этот адрес эл. почты ({ $email }):

    { $link }

    Ссылка действует до { $expires } и только один раз.
    Без сервера: otklik invite accept { $token } --email { $email }

    Обучающие материалы: { $training }
action-next-view = следующий сохранённый вид очереди (после последнего — вкладки статусов)
view-unassigned = Не распределены
view-mine = Мои
view-due-soon = Скоро срок
view-on-approval = На согласовании
view-redirects = Перенаправления
view-overdue-below = Просрочено (с подведомственными)
pane-views = Виды
view-active = Вид: { $name } · v — следующий, Esc — вкладки
action-queue-filters = фильтр очереди: категория, исполнитель, источник
pick-queue-filter = Фильтр очереди
filter-clear = — сбросить фильтры —
filter-by-category = категория
filter-by-assignee = исполнитель
filter-by-source = источник
action-earlier-history = на сообщении: ранние шаги истории, ещё страница
msg-history-earlier = … ранее ещё { $n } { $n ->
    [one] шаг
    [few] шага
   *[many] шагов
} — { $key }: показать
action-template-diff = на сообщении: черновик в сравнении с шаблоном, из которого он сделан
action-confirm-yes = подтвердить (в вопросе «да/нет»)
action-confirm-no = отказаться (в вопросе «да/нет»)
action-line-done = в строке ввода: готово
action-line-cancel = в строке ввода: отменить
action-picker-up = в списке выбора: выше
action-picker-down = в списке выбора: ниже
action-picker-choose = в списке выбора: выбрать
action-picker-cancel = в списке выбора: закрыть
action-form-next = в форме: следующее поле
action-form-prev = в форме: предыдущее поле
action-form-save = в форме: сохранить
action-form-cancel = в форме: закрыть без сохранения
action-editor-done = в редакторе: сохранить и закрыть
action-editor-save = в редакторе: сохранить сейчас
action-editor-template = в редакторе: вставить шаблон
action-panel-close = в панели (виджет, готовность, импорт): закрыть
action-panel-up = в панели: строка вверх
action-panel-down = в панели: строка вниз
action-panel-page-up = в панели: страница вверх
action-panel-page-down = в панели: страница вниз
action-panel-go = в панели: главный шаг (создать код, прочитать файл, загрузить, закрыть по готовности)
action-panel-again = в панели: заново (готовность — обновить; импорт — другой файл)
action-widget-prev-design = виджет: предыдущий вариант
action-widget-next-design = виджет: следующий вариант
action-widget-banner = виджет: текст баннера
action-widget-generate = виджет: создать код
action-widget-copy = виджет: копировать код
action-widget-save = виджет: сохранить код в файл
action-widget-check = виджет: проверить сайт
action-import-only-wrong = импорт: только строки с ошибками или все
action-readiness-deadline = готовность: срок (кураторам)
diff-title = Отличия от шаблона «{ $title }» (добавлено подчёркнуто, убрано зачёркнуто)
diff-no-draft = Черновика ещё нет
diff-no-template = Черновик написан не по шаблону: сравнивать не с чем
marked-limit = Отмечено { $n } — больше за один шаг нельзя
moderation-on = Модерация включена: новые сообщения сначала проверяют кураторы платформы
moderation-off = Модерация выключена: новые сообщения сразу поступают в организации
cli-message-received = Сообщение { $id } принято: { $status }
field-contact = Контакт заявителя
marking-in-progress = Ещё отмечаются сообщения фильтра — подождите
help-mouse-keys = мышь
help-mouse = щелчок — выбрать строку или вкладку очереди, второй щелчок по выбранному сообщению — открыть его, колесо — прокрутить панель под указателем
readiness-marks = ✓ да, ✗ нет, · не нужно без сайта
copy-copying = Копирование
copy-done = Скопировано строк: { $rows } из { $from } в { $to }; число строк в каждой таблице и выборка строк совпадают.
copy-target-exists = { $path } уже существует. Ничего не изменено; укажите новый файл для копии.
copy-target-not-empty = { $path } не пуста (в таблице { $table } есть строки). Ничего не изменено; укажите пустую базу данных.
copy-mismatch = Копия в { $path } не совпала с оригиналом ({ $table }: { $detail }), поэтому ничего из неё не сохранено.
migrate-done = Схема хранилища { $path } в актуальном состоянии: версия { $version }.
token-file-unreadable = Не удалось прочитать токен из { $path }: { $detail }
token-file-empty = В { $path } нет токена. Запишите в файл токен, выданный «otklik token issue».
mail-state-waiting = ждёт отправки
mail-state-sending = отправляется
mail-state-sent = отправлено
mail-state-failed = не отправлено
mail-state-cancelled = отменено
mail-status-counts = Письма: ждут отправки { $waiting }, отправляются { $sending }, отправлено { $sent }, не отправлено { $failed }
mail-next-attempt = следующая попытка { $at }
mail-sent-now = Отправлено писем: { $sent }, не отправлено: { $failed }
col-mail = Письмо
col-attempts = Попыток
col-mail-when = Когда

## The citizen side: the public form, tracking, notices
field-address = Адрес
field-consent = Согласие на обработку персональных данных
invalid-required = обязательно: отметьте поле
invalid-already-received = это сообщение уже получено под номером { $number }
invalid-not-accepting = организация пока не принимает сообщения через эту форму
error-too-many-requests = Слишком много сообщений подряд: попробуйте снова через { $minutes } мин.
field-form = Форма
invalid-form-expired = форма устарела: обновите страницу и отправьте снова
invalid-too-fast = отправлено слишком быстро: проверьте поля и отправьте ещё раз
citizen-form-title = Сообщение в «{ $org }»
citizen-form-title-plain = Сообщение в организацию
citizen-form-intro = Опишите, что случилось: сообщение получит организация, ответ придёт на вашу почту или телефон. Поля, кроме адреса и темы, обязательны.
citizen-form-fix = Сообщение не отправлено
citizen-form-category = Тема
citizen-form-category-none = — выберите тему —
citizen-form-text = Текст сообщения
citizen-form-text-hint = Не более { $max } знаков.
citizen-form-address = Адрес места, о котором сообщение
citizen-form-address-hint = Необязательно: улица, дом, ориентир.
citizen-form-name = Как к вам обращаться
citizen-form-contact = Эл. почта или телефон для ответа
citizen-form-contact-hint = Например, ivanova@mail.ru или +7 912 345-67-89.
citizen-form-consent = Я даю согласие на обработку моих персональных данных в соответствии с 152-ФЗ.
citizen-form-policy = Политика обработки персональных данных
citizen-form-send = Отправить
citizen-form-closed = Эта организация пока не принимает сообщения через форму. Напишите через портал Госуслуг.
citizen-form-foreign = Форму можно отправить только с сайта организации или с этого сервера.
citizen-form-refused = Сообщение не принято. Если вы заполняли форму сами, обновите страницу и отправьте снова.
citizen-form-malformed = Запрос не похож на отправку формы: откройте форму и отправьте её снова.
citizen-form-too-large = Сообщение слишком большое: сократите текст и отправьте снова.
citizen-sent-title = Сообщение отправлено
citizen-sent-number = Сообщение зарегистрировано под номером { $number } и направлено в «{ $org }».
citizen-sent-deadline = Ответ будет дан до { $date }.
citizen-sent-moderated = Сначала сообщение проверит модератор; затем его получит организация.
citizen-sent-keep = Сохраните ссылку: по ней можно узнать, как идёт рассмотрение, и прочитать ответ. Та же ссылка придёт вам в уведомлении.
citizen-track-title = Сообщение № { $number }
citizen-track-unknown-title = Сообщение не найдено
citizen-track-unknown = Ссылка неверна. Откройте ссылку из уведомления целиком.
citizen-track-stage = Стадия
citizen-track-redirected = Перенаправлено
citizen-track-redirected-to = перенаправлено в «{ $org }»
citizen-track-org = Организация
citizen-track-category = Тема
citizen-track-received = Получено
citizen-track-deadline = Срок ответа
citizen-track-answer = Ответ
citizen-track-answered = Ответ дан { $date }, «{ $org }»:
citizen-stage-moderation = на модерации
citizen-stage-accepted = принято
citizen-stage-in-work = в работе
citizen-stage-on-approval = на согласовании
citizen-stage-answered = ответ дан
citizen-stage-rejected = отклонено — { $reason }
citizen-stage-closed = закрыто — { $reason }
citizen-stage-duplicate = закрыто как повторное: ответ будет дан на сообщение № { $number }
col-notice = Уведомление
col-edited = Текст
col-subject = Тема письма
notice-edited = изменён
notice-shipped = исходный
cli-notice-saved = Текст уведомления «{ $notice }» сохранён
cli-notice-reset = Уведомлению «{ $notice }» возвращён исходный текст
cli-notice-file-too-large = Файл { $path } слишком большой: текст уведомления — не больше { $max } знаков

## The votes module
entity-poll = Опрос
field-question = Вопрос
field-options = Варианты ответа
field-ballot = Ответы
field-audience = Участники
field-poll = Опрос
invalid-in-question = вопрос { $number }: { $problem }
invalid-poll-step = невозможно: опрос сейчас — { $status }
invalid-poll-not-open = опрос сейчас не принимает голоса
invalid-period-over = период уже закончился
poll-status-draft = черновик
poll-status-on-approval = на согласовании
poll-status-published = опубликован
poll-status-closed = завершён
poll-status-results-published = итоги опубликованы
poll-action-edit = Изменить
poll-action-submit = Отправить на согласование
poll-action-approve = Опубликовать
poll-action-return = Вернуть на доработку
poll-action-close = Завершить
poll-action-publish-results = Опубликовать итоги
poll-audience-everyone = все
poll-audience-residents = жители территории
poll-kind-single = один вариант
poll-kind-multiple = несколько вариантов (до { $max })
poll-kind-free-text = свой ответ
poll-kind-scale = шкала от { $min } до { $max }
poll-col-number = №
poll-col-question = Вопрос
poll-col-answer = Ответ
poll-col-votes = Голосов
poll-col-share = Доля, %
poll-col-title = Опрос
poll-col-status = Статус
poll-col-period = Период
poll-col-ballots = Голосов
poll-sheet = Итоги
poll-ballots-line = Проголосовали: { $count }
cli-poll-created = Опрос № { $id } создан (черновик)
cli-poll-saved = Опрос № { $id } сохранён
cli-poll-step = Опрос № { $id }: { $status }
cli-poll-file-too-large = Файл { $path } слишком большой для опроса: не больше { $max } КБ
cli-poll-file-bad = Файл { $path } не читается как опрос: { $detail }
action-polls = опросы организации: итоги по вопросам, шаги, выгрузка
pane-polls = Голосования
polls-none = У организации пока нет опросов. n — новый опрос из файла (TOML или JSON, пример — docs/poll-example.toml)
prompt-poll-file = Новый опрос из файла (путь к .toml или .json)
hint-poll-new = новый
polls-until = до
polls-answered = ответили: { $n }
polls-results-hidden = Итоги увидят кураторы и те, кто готовит опрос; остальные — после публикации итогов.
polls-export-nothing = Итоги опроса ещё не получены — нечего записать
polls-saved = Итоги опроса записаны в { $path }
hint-poll-publish = опубликовать
hint-poll-submit = на согласование
hint-poll-close = завершить
citizen-polls-title = Опросы: { $org }
citizen-polls-title-plain = Опросы
citizen-polls-none = Сейчас опросов нет.
citizen-poll-status = Состояние
citizen-poll-vote = Проголосовать
citizen-poll-link-intro = Чтобы голос был один на человека, мы отправим ссылку для голосования на вашу почту или телефон. По ней же можно изменить ответ до завершения опроса.
citizen-poll-send-link = Получить ссылку
citizen-poll-link-sent = Ссылка для голосования отправлена: { $to }
citizen-poll-link-keep = Откройте её, чтобы ответить на вопросы. Если письмо не пришло, проверьте папку «Спам» или запросите ссылку снова.
citizen-poll-not-yet = Опрос ещё не начался.
citizen-poll-over = Опрос завершён; итоги появятся здесь, когда их опубликуют.
citizen-poll-results = Итоги
citizen-ballot-again = Вы уже голосовали: ниже ваши ответы. Измените их и отправьте снова — прежний голос будет заменён.
citizen-ballot-up-to = Можно выбрать до { $max }.
citizen-ballot-own = Ваш ответ
citizen-ballot-resident = Я живу на территории, которую обслуживает «{ $org }»
citizen-ballot-send = Отправить голос
citizen-ballot-taken = Ваш голос учтён. Спасибо!
citizen-ballot-replaced = Ваш голос изменён: учтены новые ответы.
citizen-ballot-change = До завершения опроса по той же ссылке можно изменить ответ.
history-poll-new = Новый опрос
