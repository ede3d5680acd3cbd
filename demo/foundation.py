"""Demo content for the home page, the memorial article and the plain pages.

Written for this project from the facts of the 2002 memorial page (see ../shared/seed),
with its figures attributed to that page as its source. Each text exists in az, en and ru.
"""

import datetime

SETTINGS = {
    "site_name": {"az": "Xocalı 1992", "en": "Khojaly 1992", "ru": "Ходжалы 1992"},
    "tagline": {
        "az": "Xocalı soyqırımı qurbanlarının xatirəsinə",
        "en": "In memory of the victims of the Khojaly massacre",
        "ru": "Памяти жертв Ходжалинской трагедии",
    },
    "footer_text": {
        "az": "Bu portal 2002-ci ildə hazırlanmış xatirə səhifəsinin davamıdır. "
        "Rəqəmlər mənbələrdə göstərildiyi kimi, mənbəyi ilə birlikdə verilir.",
        "en": "This portal continues a memorial page made in 2002. "
        "Figures are given as their sources state them, with the source named.",
        "ru": "Этот портал продолжает мемориальную страницу, созданную в 2002 году. "
        "Цифры приводятся так, как их указывают источники, со ссылкой на источник.",
    },
}

HOME = {
    "title": {
        "az": "Xocalını xatırlayırıq",
        "en": "Remembering Khojaly",
        "ru": "Помним Ходжалы",
    },
    "slug": {"az": "ana-sehife", "en": "home", "ru": "glavnaya"},
    "intro": {
        "az": "1992-ci il fevralın 25-dən 26-na keçən gecə Xocalı şəhərinə hücum edildi. "
        "Şəhərdən çıxmağa çalışan sakinlərin yüzlərlə nəfəri yolda həlak oldu. "
        "Bu portal onların xatirəsini qoruyur və onlar haqqında bilinənləri bir yerə toplayır.",
        "en": "In the night of 25 to 26 February 1992 the town of Khojaly was attacked. "
        "Hundreds of its residents were killed as they tried to escape. "
        "This portal keeps their memory and gathers what is known about them.",
        "ru": "В ночь с 25 на 26 февраля 1992 года город Ходжалы подвергся нападению. "
        "Сотни его жителей погибли, пытаясь спастись. "
        "Этот портал хранит память о них и собирает то, что о них известно.",
    },
    "body": {
        "az": [
            ("heading", "Bu xatirə portalı haqqında"),
            ("paragraph", "<p>Portal 2000-ci ildə, faciənin səkkizinci ildönümündə yazılmış və "
             "sonuncu dəfə 2002-ci ildə yenilənmiş xatirə səhifəsinin işini davam etdirir. "
             "Bölmələr həmin səhifədəki kimidir: xatirə məqaləsi, mənbələr, xəbərlər, "
             "xəritələr, digər anım saytlarına keçidlər, sorğu və redaksiya ilə əlaqə.</p>"),
            ("paragraph", "<p>Rəqəmlər mənbələrin göstərdiyi kimi verilir və hər birinin "
             "mənbəyi qeyd olunur. Mənbələr arasında fərq olduqda portal bunu açıq bildirir.</p>"),
        ],
        "en": [
            ("heading", "About this memorial"),
            ("paragraph", "<p>The portal carries on the work of a memorial page first written in "
             "2000, on the eighth anniversary, and last revised in 2002. Its sections follow "
             "that page: the memorial article, resources, news, maps, links to other "
             "commemorations, a poll and a way to reach the editors.</p>"),
            ("paragraph", "<p>Figures are given as the sources state them, and each one names its "
             "source. Where sources disagree, the portal says so.</p>"),
        ],
        "ru": [
            ("heading", "Об этом мемориальном портале"),
            ("paragraph", "<p>Портал продолжает работу мемориальной страницы, впервые написанной "
             "в 2000 году, к восьмой годовщине, и в последний раз обновлённой в 2002 году. "
             "Его разделы повторяют разделы той страницы: мемориальная статья, материалы, "
             "новости, карты, ссылки на другие памятные сайты, опрос и связь с редакцией.</p>"),
            ("paragraph", "<p>Цифры приводятся так, как их указывают источники, и у каждой "
             "назван источник. Если источники расходятся, портал говорит об этом прямо.</p>"),
        ],
    },
}

MEMORIAL = {
    # The memorial page the article is based on was written on 26 February 2000 (its own
    # "Sources" paragraph below); readers see "First written" with this date.
    "first_written": datetime.date(2000, 2, 26),
    "first_written_precision": "day",
    "title": {
        "az": "Xocalı soyqırımı: 25–26 fevral 1992",
        "en": "The Khojaly massacre, 25–26 February 1992",
        "ru": "Ходжалинская трагедия, 25–26 февраля 1992 года",
    },
    "slug": {
        "az": "xocali-soyqirimi",
        "en": "khojaly-massacre",
        "ru": "xodzhalinskaya-tragediya",
    },
    "search_description": {
        "az": "Xocalı soyqırımı haqqında əsas məqalə: şəhərin mühasirəsi, 1992-ci il "
        "25–26 fevral gecəsi və qurbanlar.",
        "en": "The main article on the Khojaly massacre: the blockade of the town, the night of "
        "25 to 26 February 1992 and its victims.",
        "ru": "Основная статья о Ходжалинской трагедии: блокада города, ночь с 25 на 26 февраля "
        "1992 года и её жертвы.",
    },
    "lead": {
        "az": "Dağlıq Qarabağda təxminən 6 min nəfərin yaşadığı Xocalı şəhəri 1992-ci il "
        "fevralın 25-dən 26-na keçən gecə ələ keçirildi. Ağdama doğru qaçan sakinlər yolda "
        "atəşə tutuldu. Mənbələrə görə, 600-dən çox insan həlak olub; bəzi mənbələr bu rəqəmi "
        "2000-ə qədər göstərir.",
        "en": "Khojaly, a town of about 6,000 people in Nagorno-Karabakh, was overrun in the "
        "night of 25 to 26 February 1992. Residents fleeing towards Aghdam came under fire on "
        "the way. Sources put the number of dead at more than 600; some give as many as 2,000.",
        "ru": "Ходжалы, город в Нагорном Карабахе с населением около 6 тысяч человек, был "
        "захвачен в ночь с 25 на 26 февраля 1992 года. Жители, бежавшие в сторону Агдама, "
        "попали под обстрел. По данным источников, погибли более 600 человек; по некоторым "
        "оценкам — до 2000.",
    },
    "body": {
        "az": [
            ("heading", "Mühasirədə olan şəhər"),
            ("paragraph", "<p>Xocalı bölgənin ortasında, erməni kəndləri ilə əhatə olunmuş "
             "mühüm bir yerdə yerləşirdi. Münaqişə başlayandan sonra şəhərin quru yolu ilə "
             "əlaqəsi kəsildi və aylarla Azərbaycanın qalan hissəsi ilə yeganə əlaqə <a "
             "href=\"#note-blockade\">vertolyotlar oldu</a>. Pilotlar təhlükə altında "
             "uşaqların, qadınların və yaşlıların bir hissəsini şəhərdən çıxara bildilər. "
             "Sakinlərin çoxu şəhərdə qaldı, müdafiəçilər isə müqavimətini davam etdirdi.</p>"),
            ("heading", "25–26 fevral gecəsi"),
            ("paragraph", "<p>1992-ci il fevralın 25-i gecəsi erməni silahlı dəstələri şəhərə "
             "hücum etdi. 2002-ci il xatirə səhifəsinə görə, onlara Xankəndidə (Stepanakert) "
             "yerləşən <a href=\"#note-regiment\">366-cı motoatıcı alay dəstək verirdi</a>. "
             "Qüvvələr bərabər deyildi və müdafiəçilər şəhəri saxlaya bilmədi. Sakinlər "
             "dəstə-dəstə, müdafiəçilərin bir hissəsi ilə birlikdə şimal-şərqə, ən yaxın "
             "Azərbaycan şəhəri olan Ağdama doğru açıq sahələrlə yola düşdülər.</p>"),
            ("heading", "Xocalı ilə Ağdam arasındakı sahələr"),
            ("paragraph", "<p>Qaçanların çoxu Ağdama çata bilmədi: yolda, sahələrdə və "
             "meşələrdə pusquya düşdülər. Sonrakı günlərdə çıxarıla bilən cəsədlər Ağdama "
             "gətirildi. 2002-ci il xatirə səhifəsinin yazdığına görə, təkcə bir gündə <a "
             "href=\"#figure-bodies\">200-dən çox cəsəd</a> gətirilmişdi, onların arasında "
             "uşaqlar, qadınlar və yaşlılar var idi; atəş səbəbindən digərlərinə yaxınlaşmaq "
             "mümkün olmamışdı.</p>"),
            ("heading", "Qurbanlar"),
            ("paragraph", "<p>Dəqiq say bu gün də məlum deyil. Portalın mənbələrinə görə, <a "
             "href=\"#figure-toll\">600-dən çox insan həlak olub, bəzi mənbələrə görə isə "
             "2000-ə qədər</a>. Bir çox insan itkin düşmüş və ya girov götürülmüş kimi qeydə "
             "alınıb.</p>"),
            ("heading", "Sonra"),
            ("paragraph", "<p>2002-ci il səhifəsində adı çəkilən alay tezliklə bölgədən <a "
             "href=\"#note-regiment\">çıxarıldı və ləğv edildi</a>. Sağ qalanlar Azərbaycanın "
             "müxtəlif yerlərinə səpələndi. Səhifə sonuncu dəfə 2002-ci ildə yeniləndikdə "
             "onların çoxu məcburi köçkünlər üçün düşərgələrdə yaşayır, ədalət və evə "
             "qayıdacaqları günü gözləyirdi.</p>"),
            ("heading", "Mənbələr"),
            ("paragraph", "<p>Bu məqalə 2000-ci il fevralın 26-da, faciənin səkkizinci "
             "ildönümündə yazılmış və sonuncu dəfə 2002-ci il fevralın 23-də yenilənmiş xatirə "
             "səhifəsinə əsaslanır. Digər mənbələr «Mənbələr» bölməsinə əlavə olunur.</p>"),
        ],
        "en": [
            ("heading", "A town under blockade"),
            ("paragraph", "<p>Khojaly lay near the middle of the region, at a strategic point "
             "surrounded by Armenian-populated villages. Once the conflict began the town was "
             "cut off by land, and for months <a href=\"#note-blockade\">helicopters were its "
             "only link with the rest of Azerbaijan</a>. Pilots flying under fire took some of "
             "the children, women and elderly people out. Most residents stayed, and the town's "
             "defenders held on.</p>"),
            ("heading", "The night of 25 to 26 February"),
            ("paragraph", "<p>Late on 25 February 1992 Armenian armed units attacked the town. "
             "According to the 2002 memorial page, they were supported by the <a "
             "href=\"#note-regiment\">366th motorised infantry regiment</a> stationed in "
             "Khankendi (Stepanakert). The forces were unequal, and the defenders could not "
             "hold the town. Residents left in groups, some with defenders, and set out "
             "north-east across open country towards Aghdam, the nearest Azerbaijani town.</p>"),
            ("heading", "The fields between Khojaly and Aghdam"),
            ("paragraph", "<p>Many of those who fled never reached Aghdam: they were ambushed "
             "in the fields and woods on the way. Over the following days the bodies that could "
             "be recovered were brought to Aghdam. The 2002 memorial page records that <a "
             "href=\"#figure-bodies\">more than 200</a> were brought in on a single day, among "
             "them children, women and elderly people, and that others could not be reached "
             "because of gunfire.</p>"),
            ("heading", "The victims"),
            ("paragraph", "<p>There is still no exact count. The portal's sources give figures "
             "ranging from <a href=\"#figure-toll\">more than 600 to 2,000 dead</a>. Many more "
             "people were recorded as missing or taken hostage.</p>"),
            ("heading", "Afterwards"),
            ("paragraph", "<p>The regiment named on the 2002 page was withdrawn from the region "
             "<a href=\"#note-regiment\">soon afterwards and disbanded</a>. The survivors were "
             "scattered across Azerbaijan. When the page was last revised in 2002, many of them "
             "were living in camps for displaced people, waiting for justice and for the day "
             "they could return home.</p>"),
            ("heading", "Sources"),
            ("paragraph", "<p>This article is based on the memorial page written on 26 February "
             "2000, for the eighth anniversary, and last revised on 23 February 2002. Further "
             "sources are added to the Resources section.</p>"),
        ],
        "ru": [
            ("heading", "Город в блокаде"),
            ("paragraph", "<p>Ходжалы располагался почти в центре региона, в стратегически "
             "важном месте, окружённом армянскими сёлами. С началом конфликта город оказался "
             "отрезан по суше, и многие месяцы единственной связью с остальным Азербайджаном <a "
             "href=\"#note-blockade\">оставались вертолёты</a>. Лётчики под огнём вывезли часть "
             "детей, женщин и пожилых людей. Большинство жителей остались в городе, а его "
             "защитники продолжали сопротивление.</p>"),
            ("heading", "Ночь с 25 на 26 февраля"),
            ("paragraph", "<p>Поздно вечером 25 февраля 1992 года армянские вооружённые "
             "формирования атаковали город. По данным мемориальной страницы 2002 года, их "
             "поддерживал <a href=\"#note-regiment\">366-й мотострелковый полк</a>, стоявший в "
             "Ханкенди (Степанакерте). Силы были неравны, и защитники не смогли удержать город. "
             "Жители группами, вместе с частью защитников, двинулись на северо-восток по "
             "открытой местности к Агдаму, ближайшему азербайджанскому городу.</p>"),
            ("heading", "Поля между Ходжалы и Агдамом"),
            ("paragraph", "<p>Многие из бежавших так и не дошли до Агдама: на полях и в лесах "
             "по дороге они попали в засады. В следующие дни тела, которые удалось вынести, "
             "доставляли в Агдам. Согласно мемориальной странице 2002 года, только за один день "
             "было доставлено <a href=\"#figure-bodies\">более 200 тел</a>, среди них дети, "
             "женщины и пожилые люди; к остальным нельзя было подойти из-за обстрела.</p>"),
            ("heading", "Жертвы"),
            ("paragraph", "<p>Точное число погибших до сих пор неизвестно. Источники портала "
             "называют цифры <a href=\"#figure-toll\">от 600 с лишним до 2000 человек</a>. "
             "Многие числятся пропавшими без вести или взятыми в заложники.</p>"),
            ("heading", "После"),
            ("paragraph", "<p>Полк, названный на странице 2002 года, <a "
             "href=\"#note-regiment\">вскоре был выведен из региона и расформирован</a>. "
             "Выжившие оказались рассеяны по всему Азербайджану. Когда страница в последний раз "
             "обновлялась в 2002 году, многие из них жили в лагерях для вынужденных "
             "переселенцев и ждали справедливости и дня, когда смогут вернуться домой.</p>"),
            ("heading", "Источники"),
            ("paragraph", "<p>Статья основана на мемориальной странице, написанной 26 февраля "
             "2000 года к восьмой годовщине и в последний раз обновлённой 23 февраля 2002 года. "
             "Другие источники добавляются в раздел «Материалы».</p>"),
        ],
    },
}

# The sources of the memorial article's facts (citations.Footnote): each key, linked from the
# article's text in az, en and ru, cites the 2002 memorial page (the resource page with this
# slug). Nothing here is attributed to a publication the project has not read.
MEMORIAL_SOURCE_SLUG = "memorial-page-2002"
MEMORIAL_NOTES = ("blockade", "regiment", "bodies", "toll")

# What the portal keeps about its readers, as the code does it: the contact form
# (pages.models.contact), the names register's proposals (remembrance: Contribution,
# delete_contributor_data) and the poll (polls: a salted hash per vote, a signed cookie).
PRIVACY = {
    "en": [
        ("paragraph", "<p>This page says what the portal keeps about the people who use it, "
         "why, for how long and who sees it. Reading the portal needs nothing from you: it loads "
         "no fonts, scripts or tracking code from any other service and uses no analytics.</p>"),
        ("heading", "The contact form"),
        ("paragraph", "<p>The form asks for your name, your email address, a subject and your "
         "message. They are kept in the portal's administration and sent to the editors' "
         "address, so that the editors can read and answer your message. Only the editors see "
         "them. They are kept until an editor deletes them, and deleted when you ask.</p>"),
        ("heading", "Proposing a name for the register"),
        ("paragraph", "<p>What you tell us about the person (name, dates, place, what happened "
         "to them) becomes a draft record. Only the editors see it until they have checked it "
         "against sources; once published, the record is public, like the rest of the "
         "register.</p>"),
        ("paragraph", "<p>Your own details (your name, email address, telephone number if you "
         "give one, your relationship to the person, your message and how you know what you "
         "tell us) are kept apart from the record, with the time you gave your consent. They "
         "are never shown on the portal: only the editors see them, to ask you back and to "
         "check what you proposed. They are kept until you ask us to delete them.</p>"),
        ("heading", "The poll"),
        ("paragraph", "<p>So that each reader votes once, the portal stores with your vote a "
         "salted hash of your network address, from which the address cannot be recovered, and "
         "your browser keeps a cookie saying which polls you have answered. Votes are counted "
         "together; no one can see how a person voted. They are kept with the poll's "
         "results.</p>"),
        ("heading", "Limits against abuse"),
        ("paragraph", "<p>To stop automated abuse, the forms count messages and proposals per "
         "network address for an hour. The address is counted "
         "only as a salted hash and is not stored.</p>"),
        ("heading", "Deleting your details"),
        ("paragraph", "<p>Write to the editors through the contact form or at the address at "
         "the foot of every page, giving the email address you used. The editors delete your "
         "messages and every detail you gave with your proposals. A record already published "
         "stays in the register, without anything that identifies you.</p>"),
    ],
    "az": [
        ("paragraph", "<p>Bu səhifə portalın ondan istifadə edənlər haqqında nəyi, nə üçün, nə "
         "qədər müddətə saxladığını və bunu kimin gördüyünü izah edir. Portalı oxumaq üçün "
         "sizdən heç nə tələb olunmur: portal heç bir kənar xidmətdən şrift, skript və ya "
         "izləmə kodu yükləmir və ziyarət statistikası toplamır.</p>"),
        ("heading", "Əlaqə formu"),
        ("paragraph", "<p>Forma adınızı, e-poçt ünvanınızı, mövzunu və mesajınızı soruşur. "
         "Redaktorlar mesajınızı oxuyub cavab verə bilsinlər deyə, bunlar portalın idarəetmə "
         "bölməsində saxlanılır və redaksiyanın ünvanına göndərilir. Onları yalnız "
         "redaktorlar görür. Redaktor silənədək saxlanılır, siz istədikdə isə silinir.</p>"),
        ("heading", "Reyestrə ad təklif etmək"),
        ("paragraph", "<p>İnsan haqqında yazdıqlarınız (adı, tarixlər, yer, onun başına "
         "gələnlər) qaralama qeydə çevrilir. Redaktorlar onu mənbələrlə yoxlayana qədər qeydi "
         "yalnız onlar görür; dərc olunduqdan sonra qeyd, reyestrin qalan hissəsi kimi, "
         "açıqdır.</p>"),
        ("paragraph", "<p>Sizin öz məlumatlarınız (adınız, e-poçt ünvanınız, verdiyiniz halda "
         "telefon nömrəniz, həmin insanla qohumluğunuz və ya tanışlığınız, mesajınız və "
         "bildiklərinizi haradan bildiyiniz) razılıq verdiyiniz vaxtla birlikdə qeyddən ayrı "
         "saxlanılır. Onlar portalda heç vaxt göstərilmir: sizinlə yenidən əlaqə saxlamaq və "
         "təklifinizi yoxlamaq üçün onları yalnız redaktorlar görür. Silinməsini "
         "istəyənədək saxlanılır.</p>"),
        ("heading", "Sorğu"),
        ("paragraph", "<p>Hər oxucu bir dəfə səs versin deyə, portal səsinizlə birlikdə şəbəkə "
         "ünvanınızın duzlanmış heşini saxlayır (ünvanın özünü ondan bərpa etmək mümkün "
         "deyil), brauzeriniz isə hansı sorğulara cavab verdiyinizi qeyd edən kuki saxlayır. "
         "Səslər yalnız birlikdə sayılır; kimin necə səs verdiyini heç kim görə bilməz. Onlar "
         "sorğunun nəticələri ilə birlikdə saxlanılır.</p>"),
        ("heading", "Sui-istifadəyə qarşı məhdudiyyətlər"),
        ("paragraph", "<p>Avtomatik sui-istifadənin qarşısını almaq üçün formalar qısa müddət "
         "ərzində (bir saat) hər şəbəkə ünvanından gələn mesajları və "
         "təklifləri sayır. Ünvan yalnız duzlanmış heş kimi sayılır və saxlanılmır.</p>"),
        ("heading", "Məlumatlarınızın silinməsi"),
        ("paragraph", "<p>İstifadə etdiyiniz e-poçt ünvanını göstərərək əlaqə formu ilə və ya "
         "hər səhifənin aşağısındakı ünvana redaktorlara yazın. Redaktorlar mesajlarınızı və "
         "təkliflərinizlə birlikdə verdiyiniz bütün məlumatları silir. Artıq dərc olunmuş qeyd "
         "reyestrdə qalır, lakin sizi müəyyən edən heç nə olmadan.</p>"),
    ],
    "ru": [
        ("paragraph", "<p>На этой странице сказано, что портал хранит о тех, кто им "
         "пользуется, зачем, как долго и кто это видит. Для чтения портала от вас ничего не "
         "требуется: он не загружает шрифты, скрипты или код отслеживания со сторонних "
         "сервисов и не ведёт статистику посещений.</p>"),
        ("heading", "Форма связи"),
        ("paragraph", "<p>Форма спрашивает ваше имя, адрес электронной почты, тему и "
         "сообщение. Они хранятся в административной части портала и отправляются на адрес "
         "редакции, чтобы редакторы могли прочитать сообщение и ответить на него. Их видят "
         "только редакторы. Они хранятся, пока редактор их не удалит, и удаляются по вашей "
         "просьбе.</p>"),
        ("heading", "Предложение имени для реестра"),
        ("paragraph", "<p>То, что вы сообщаете о человеке (имя, даты, место, что с ним "
         "произошло), становится черновиком записи. Пока редакторы не сверят его с "
         "источниками, его видят только они; после публикации запись открыта, как и весь "
         "реестр.</p>"),
        ("paragraph", "<p>Ваши собственные данные (имя, адрес электронной почты, телефон, если "
         "вы его указали, кем вы приходитесь этому человеку, ваше сообщение и откуда вам "
         "известно то, что вы сообщаете) хранятся отдельно от записи, вместе со временем, "
         "когда вы дали согласие. На портале они никогда не показываются: их видят только "
         "редакторы, чтобы связаться с вами и проверить предложенное. Они хранятся, пока вы "
         "не попросите их удалить.</p>"),
        ("heading", "Опрос"),
        ("paragraph", "<p>Чтобы каждый читатель голосовал один раз, портал хранит вместе с "
         "голосом хеш вашего сетевого адреса с солью, по которому сам адрес восстановить "
         "нельзя, а ваш браузер хранит cookie с отметкой, в каких опросах вы уже участвовали. "
         "Голоса считаются только вместе; никто не может увидеть, как проголосовал конкретный "
         "человек. Они хранятся вместе с результатами опроса.</p>"),
        ("heading", "Ограничения против злоупотреблений"),
        ("paragraph", "<p>Чтобы предотвратить автоматические злоупотребления, формы в течение "
         "часа считают сообщения и предложения с "
         "каждого сетевого адреса. Адрес учитывается только в виде хеша с солью и не "
         "сохраняется.</p>"),
        ("heading", "Удаление ваших данных"),
        ("paragraph", "<p>Напишите редакторам через форму связи или по адресу внизу каждой "
         "страницы и укажите адрес электронной почты, который вы использовали. Редакторы "
         "удалят ваши сообщения и все данные, которые вы оставили вместе с предложениями. "
         "Уже опубликованная запись остаётся в реестре, но без сведений, позволяющих вас "
         "узнать.</p>"),
    ],
}

STANDARD_PAGES = [
    {
        "role": "about",
        "title": {"az": "Portal haqqında", "en": "About the portal", "ru": "О портале"},
        "slug": {"az": "portal-haqqinda", "en": "about", "ru": "o-portale"},
        "body": {
            "az": [
                ("paragraph", "<p>Bu portal Xocalı soyqırımının qurbanlarını xatırlamaq və "
                 "onlar haqqında etibarlı məlumatı üç dildə — Azərbaycan, ingilis və rus "
                 "dillərində — bir yerdə saxlamaq üçün yaradılıb.</p>"),
                ("paragraph", "<p>Materialları redaktorlar dərc edir; ildönümü "
                 "xəbərlərini könüllü müəlliflər yazır və redaktorlar yoxladıqdan sonra "
                 "dərc olunur.</p>"),
            ],
            "en": [
                ("paragraph", "<p>This portal exists to remember the victims of the Khojaly "
                 "massacre and to keep reliable information about them in one place, in three "
                 "languages: Azerbaijani, English and Russian.</p>"),
                ("paragraph", "<p>Editors publish the material; anniversary updates are written "
                 "by contributors and published once an editor has reviewed them.</p>"),
            ],
            "ru": [
                ("paragraph", "<p>Этот портал создан, чтобы хранить память о жертвах "
                 "Ходжалинской трагедии и собирать достоверные сведения о них в одном месте, "
                 "на трёх языках: азербайджанском, английском и русском.</p>"),
                ("paragraph", "<p>Материалы публикуют редакторы; сообщения о годовщинах пишут "
                 "авторы, и они выходят после проверки редактором.</p>"),
            ],
        },
    },
    {
        "role": "privacy",
        "title": {"az": "Məxfilik", "en": "Privacy", "ru": "Конфиденциальность"},
        "slug": {"az": "mexfilik", "en": "privacy", "ru": "konfidencialnost"},
        "body": PRIVACY,
    },
]


# The event's names as readers search for them, in each language: Settings → Promoted search
# results leads each to the memorial article (core.search also finds these in other spellings
# and with the other synonyms).
PROMOTED_FOR_THE_ARTICLE = {
    "az": ("Xocalı soyqırımı", "Xocalı faciəsi", "Xocalı qətliamı"),
    "en": ("Khojaly massacre", "Khojaly genocide", "Khojaly tragedy"),
    "ru": ("Ходжалинская трагедия", "Ходжалинская резня", "Ходжалинский геноцид"),
}
