"""Demo content for the resources, links and maps sections, in az, en and ru.

Only real publications and sites are named, with details the editors are certain of; anything
uncertain (an address, an exact title) is left out rather than guessed. Positions on the map are
approximate and said to be so.
"""

import datetime
from decimal import Decimal

RESOURCE_INDEX = {
    "title": {"az": "Mənbələr", "en": "Resources", "ru": "Материалы"},
    "slug": {"az": "menbeler", "en": "resources", "ru": "materialy"},
    "intro": {
        "az": "Xocalı faciəsi haqqında kitablar, hesabatlar, sənədlər və şahid ifadələri. "
        "Hər birinin altında ona necə istinad etmək lazım olduğu göstərilir.",
        "en": "Books, reports, documents and testimonies on the Khojaly massacre. "
        "Each one shows how to cite it.",
        "ru": "Книги, доклады, документы и свидетельства о Ходжалинской трагедии. "
        "Для каждого материала указано, как на него ссылаться.",
    },
}

RESOURCES = [
    {
        "title": {
            "az": "Tomas de Vaal, «Black Garden» (2003)",
            "en": "Thomas de Waal, Black Garden (2003)",
            "ru": "Томас де Ваал, «Black Garden» (2003)",
        },
        "slug": {
            "az": "tomas-de-vaal-black-garden",
            "en": "de-waal-black-garden",
            "ru": "tomas-de-vaal-black-garden",
        },
        "kind": "book",
        "original_title": "Black Garden: Armenia and Azerbaijan through Peace and War",
        "authors": "Thomas de Waal",
        "publisher": "New York University Press",
        "publication_date": datetime.date(2003, 1, 1),
        "date_precision": "year",
        "original_language": "en",
        "summary": {
            "az": "Britaniyalı jurnalist Tomas de Vaalın Dağlıq Qarabağ münaqişəsinin tarixinə "
            "həsr etdiyi kitab. Kitabda 1992-ci ilin fevralında Xocalıda baş verən hadisələr "
            "də təsvir olunur.",
            "en": "A history of the Nagorno-Karabakh conflict by the British journalist Thomas "
            "de Waal. It includes an account of the events at Khojaly in February 1992.",
            "ru": "История карабахского конфликта, написанная британским журналистом Томасом "
            "де Ваалом. В книге описаны и события в Ходжалы в феврале 1992 года.",
        },
    },
    {
        "title": {
            "az": "Helsinki Watch, «Bloodshed in the Caucasus» (1992)",
            "en": "Helsinki Watch, Bloodshed in the Caucasus (1992)",
            "ru": "Helsinki Watch, «Bloodshed in the Caucasus» (1992)",
        },
        "slug": {
            "az": "helsinki-watch-bloodshed-in-the-caucasus",
            "en": "helsinki-watch-bloodshed-in-the-caucasus",
            "ru": "helsinki-watch-bloodshed-in-the-caucasus",
        },
        "kind": "report",
        "original_title": "Bloodshed in the Caucasus: Escalation of the Armed Conflict in "
        "Nagorno Karabakh",
        "authors": "Helsinki Watch",
        "publisher": "Human Rights Watch",
        "publication_date": datetime.date(1992, 9, 1),
        "date_precision": "month",
        "original_language": "en",
        "summary": {
            "az": "Human Rights Watch təşkilatının bölməsi olan Helsinki Watch-un Dağlıq "
            "Qarabağda silahlı münaqişənin genişlənməsi haqqında hesabatı. 1992-ci ilin "
            "sentyabrında dərc olunub.",
            "en": "A report by Helsinki Watch, a division of Human Rights Watch, on the "
            "escalation of the armed conflict in Nagorno-Karabakh. Published in "
            "September 1992.",
            "ru": "Доклад Helsinki Watch, подразделения Human Rights Watch, об эскалации "
            "вооружённого конфликта в Нагорном Карабахе. Опубликован в сентябре 1992 года.",
        },
    },
    {
        "title": {
            "az": "«Memorial» hüquq müdafiə mərkəzinin Xocalı haqqında məruzəsi (1992)",
            "en": "Memorial Human Rights Centre: report on Khojaly (1992)",
            "ru": "Доклад Правозащитного центра «Мемориал» о Ходжалы (1992)",
        },
        "slug": {
            "az": "memorial-xocali-meruzesi",
            "en": "memorial-report-on-khojaly",
            "ru": "doklad-memoriala-o-xodzhaly",
        },
        "kind": "report",
        "original_title": "",
        "authors": "",
        "publisher": "Правозащитный центр «Мемориал»",
        "publication_date": datetime.date(1992, 1, 1),
        "date_precision": "year",
        "original_language": "ru",
        "summary": {
            "az": "Moskvadakı «Memorial» hüquq müdafiə mərkəzinin 1992-ci il fevralın "
            "25-dən 26-na keçən gecə Xocalının ələ keçirilməsi zamanı insan hüquqlarının "
            "kütləvi pozulması haqqında rus dilində məruzəsi.",
            "en": "A report in Russian by the Memorial Human Rights Centre in Moscow on the "
            "mass violations of human rights during the capture of Khojaly in the night of "
            "25 to 26 February 1992.",
            "ru": "Доклад московского Правозащитного центра «Мемориал» о массовых нарушениях "
            "прав человека при захвате Ходжалы в ночь с 25 на 26 февраля 1992 года.",
        },
    },
    {
        "title": {
            "az": "«Khojaly massacre»: 2002-ci il xatirə səhifəsi",
            "en": "“Khojaly massacre”: the memorial page of 2002",
            "ru": "«Khojaly massacre»: мемориальная страница 2002 года",
        },
        "slug": {
            "az": "2002-ci-il-xatire-sehifesi",
            "en": "memorial-page-2002",
            "ru": "memorialnaya-stranica-2002",
        },
        "kind": "article",
        "original_title": "Khojaly massacre",
        "authors": "",
        "publisher": "",
        "publication_date": datetime.date(2002, 2, 23),
        "date_precision": "day",
        "original_language": "en",
        "summary": {
            "az": "Bu portalın başlanğıcı olan xatirə məqaləsi: 2000-ci il fevralın 26-da "
            "faciənin səkkizinci ildönümü üçün yazılıb, sonuncu dəfə 2002-ci il fevralın "
            "23-də yenilənib. Portalın xatirə məqaləsindəki rəqəmlər bu səhifəyə istinadla "
            "verilir.",
            "en": "The memorial article this portal grew from, written on 26 February 2000 for "
            "the eighth anniversary and last revised on 23 February 2002. The figures in the "
            "portal's memorial article name this page as their source.",
            "ru": "Мемориальная статья, из которой вырос этот портал: написана 26 февраля "
            "2000 года к восьмой годовщине и в последний раз обновлена 23 февраля 2002 года. "
            "Цифры в мемориальной статье портала приводятся со ссылкой на эту страницу.",
        },
    },
]

LINKS_PAGE = {
    "title": {"az": "Keçidlər", "en": "Links", "ru": "Ссылки"},
    "slug": {"az": "kecidler", "en": "links", "ru": "ssylki"},
    "intro": {
        "az": "Xocalı və münaqişə haqqında məlumat olan digər saytlar. Keçidləri redaktorlar "
        "seçir və onlar mütəmadi olaraq yoxlanılır.",
        "en": "Other websites with information on Khojaly and the conflict. The editors choose "
        "the links, and they are checked regularly.",
        "ru": "Другие сайты со сведениями о Ходжалы и о конфликте. Ссылки выбирают редакторы, "
        "и они регулярно проверяются.",
    },
    "groups": [
        {
            "title": {
                "az": "Ensiklopediya məqalələri",
                "en": "Encyclopaedia articles",
                "ru": "Энциклопедические статьи",
            },
            "links": [
                {
                    "url": "https://en.wikipedia.org/wiki/Khojaly_massacre",
                    "title": {
                        "az": "Vikipediya: «Khojaly massacre» (ingilis dilində)",
                        "en": "Wikipedia: Khojaly massacre",
                        "ru": "Википедия: «Khojaly massacre» (на английском языке)",
                    },
                    "description": {
                        "az": "İngilisdilli Vikipediyanın Xocalı soyqırımı haqqında məqaləsi, "
                        "digər mənbələrə istinadlarla.",
                        "en": "The English-language Wikipedia article on the massacre, with "
                        "references to further sources.",
                        "ru": "Статья англоязычной Википедии о трагедии со ссылками на другие "
                        "источники.",
                    },
                },
            ],
        },
        {
            "title": {
                "az": "İnsan hüquqları təşkilatları",
                "en": "Human rights organisations",
                "ru": "Правозащитные организации",
            },
            "links": [
                {
                    "url": "https://www.hrw.org/",
                    "title": {
                        "az": "Human Rights Watch",
                        "en": "Human Rights Watch",
                        "ru": "Human Rights Watch",
                    },
                    "description": {
                        "az": "Beynəlxalq hüquq müdafiə təşkilatı. Onun Helsinki Watch bölməsi "
                        "1992-ci ildə münaqişə haqqında hesabat dərc edib.",
                        "en": "An international human rights organisation. Its Helsinki Watch "
                        "division published a report on the conflict in 1992.",
                        "ru": "Международная правозащитная организация. Её подразделение "
                        "Helsinki Watch в 1992 году опубликовало доклад о конфликте.",
                    },
                },
            ],
        },
        {
            "title": {"az": "Veb arxivlər", "en": "Web archives", "ru": "Веб-архивы"},
            "links": [
                {
                    "url": "https://web.archive.org/",
                    "title": {
                        "az": "Internet Archive: Wayback Machine",
                        "en": "Internet Archive: Wayback Machine",
                        "ru": "Internet Archive: Wayback Machine",
                    },
                    "description": {
                        "az": "Veb səhifələrin müxtəlif vaxtlarda çəkilmiş nüsxələrini saxlayır, "
                        "o cümlədən artıq açılmayan xatirə səhifələrinin.",
                        "en": "Keeps copies of web pages as they were at different times, "
                        "including memorial pages that are no longer online.",
                        "ru": "Хранит копии веб-страниц в разные моменты времени, в том числе "
                        "мемориальных страниц, которых больше нет в сети.",
                    },
                },
            ],
        },
    ],
}

MAP_PAGE = {
    "title": {"az": "Xəritələr", "en": "Maps", "ru": "Карты"},
    "slug": {"az": "xeriteler", "en": "maps", "ru": "karty"},
    "intro": {
        "az": "Xocalı və ətrafındakı şəhərlər. Mövqelər təqribidir, təxminən bir kilometrə "
        "qədər yuvarlaqlaşdırılıb; Ağdama doğru xətt insanların getdiyi real yolları deyil, "
        "yalnız istiqaməti göstərir.",
        "en": "Khojaly and the towns around it. Positions are approximate, rounded to about a "
        "kilometre; the line towards Aghdam shows a direction, not the paths people actually "
        "took.",
        "ru": "Ходжалы и окрестные города. Положения приблизительны, с точностью около "
        "километра; линия к Агдаму показывает направление, а не пути, которыми на самом деле "
        "шли люди.",
    },
    "places": [
        {
            "name": {"az": "Xocalı", "en": "Khojaly", "ru": "Ходжалы"},
            "kind": "settlement",
            "latitude": Decimal("39.91"),
            "longitude": Decimal("46.79"),
            "description": {
                "az": "1992-ci il fevralın 25-dən 26-na keçən gecə hücuma məruz qalan şəhər. "
                "2002-ci il xatirə səhifəsinə görə, burada təxminən 6 min nəfər yaşayırdı.",
                "en": "The town attacked in the night of 25 to 26 February 1992. About 6,000 "
                "people lived there, according to the 2002 memorial page.",
                "ru": "Город, подвергшийся нападению в ночь с 25 на 26 февраля 1992 года. "
                "По данным мемориальной страницы 2002 года, в нём жили около 6 тысяч человек.",
            },
        },
        {
            "name": {"az": "Ağdam", "en": "Aghdam", "ru": "Агдам"},
            "kind": "settlement",
            "latitude": Decimal("39.99"),
            "longitude": Decimal("46.93"),
            "description": {
                "az": "Xocalının şimal-şərqində, sakinlərin qaçdığı ən yaxın Azərbaycan şəhəri. "
                "Çıxarıla bilən cəsədlər buraya gətirildi.",
                "en": "The nearest Azerbaijani town, north-east of Khojaly, towards which the "
                "residents fled. The bodies that could be recovered were brought here.",
                "ru": "Ближайший азербайджанский город к северо-востоку от Ходжалы, куда бежали "
                "жители. Сюда доставляли тела, которые удалось вынести.",
            },
        },
        {
            "name": {"az": "Xankəndi", "en": "Khankendi", "ru": "Ханкенди"},
            "kind": "settlement",
            "latitude": Decimal("39.82"),
            "longitude": Decimal("46.75"),
            "description": {
                "az": "Stepanakert adı ilə də tanınır. 2002-ci il xatirə səhifəsinə görə, "
                "hücuma dəstək verən 366-cı motoatıcı alay burada yerləşirdi.",
                "en": "Also known as Stepanakert. According to the 2002 memorial page, the "
                "366th motorised infantry regiment that supported the attack was stationed here.",
                "ru": "Известен также как Степанакерт. По данным мемориальной страницы 2002 "
                "года, здесь стоял 366-й мотострелковый полк, поддержавший нападение.",
            },
        },
    ],
    "routes": [
        {
            "title": {
                "az": "Ağdama doğru qaçış istiqaməti",
                "en": "Direction of the flight towards Aghdam",
                "ru": "Направление бегства к Агдаму",
            },
            "description": {
                "az": "2002-ci il xatirə səhifəsinin təsvirinə görə: Xocalıdan şimal-şərqə, "
                "açıq sahələrlə Ağdama doğru. Xətt yalnız iki şəhəri birləşdirir, insanların "
                "getdiyi real yolları göstərmir.",
                "en": "As described by the 2002 memorial page: north-east across open country "
                "from Khojaly towards Aghdam. The line only joins the two towns; it does not "
                "show the actual paths people took.",
                "ru": "Согласно описанию мемориальной страницы 2002 года: от Ходжалы на "
                "северо-восток по открытой местности к Агдаму. Линия лишь соединяет два города "
                "и не показывает реальных путей, которыми шли люди.",
            },
            "points": [
                (Decimal("39.91"), Decimal("46.79")),
                (Decimal("39.99"), Decimal("46.93")),
            ],
        },
    ],
}
