"""The demo data set: a dozen providers in five regions, their recipients and representatives,
grounds, licences, and a demo user of every role.

Two halves. ``demo_plan(today)`` is pure: it draws every name, age and number from a random
generator with a fixed seed, so the same plan comes out on every run (ages are counted back from
``today`` so that recipients stay the age their provider serves). ``demo_load(today=...)`` writes
the plan through the registry services, so demo rows are validated and audited like real ones,
acting as the administrator ``admin``; it skips what is already there (providers by BIN, persons
by name and region, users by user name), so a second run creates nothing.

Never for production: the demo users have known passwords (the command refuses there).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from qamqor.core.domain import Sex, make_bin, make_iin

SEED = 20_26_11
DEMO_PASSWORD = "qamqor-demo"

# --- Names ---------------------------------------------------------------------------------------
# Three generations each, so a great-grandmother is not called Томирис and a boy is not Төлеген.
KK_GIVEN = {
    ("elder", "F"): ["Күләш", "Бибігүл", "Зәуре", "Раушан", "Гүлжан", "Сара", "Мәрзия", "Ұлбосын", "Күлпаш", "Әлия"],
    ("elder", "M"): ["Төлеген", "Жақып", "Сейітқали", "Әбдірахман", "Мұхтар", "Бейсенбай", "Оразбек", "Шәкен",
                     "Тұрсын", "Қалиақбар"],
    ("adult", "F"): ["Гүлнар", "Жанар", "Сәуле", "Айгүл", "Динара", "Мөлдір", "Әсел", "Айжан", "Гүлмира", "Ләззат"],
    ("adult", "M"): ["Ерлан", "Нұрлан", "Асқар", "Қайрат", "Серік", "Мұрат", "Ержан", "Бауыржан", "Дәурен", "Талғат"],
    ("child", "F"): ["Аружан", "Томирис", "Айша", "Інжу", "Ақбота", "Жансая", "Аяулым", "Айзере", "Іңкәр", "Медина"],
    ("child", "M"): ["Алихан", "Нұрислам", "Әмір", "Ерасыл", "Райымбек", "Алдияр", "Арсен", "Ислам", "Нұрасыл",
                     "Бекарыс"],
}
KK_SURNAMES = ["Ахметов", "Омаров", "Қасымов", "Жұмабаев", "Сейітов", "Тоқтаров", "Смағұлов", "Ермеков",
               "Сәрсенбаев", "Құрманов", "Әбілов", "Ысқақов", "Төлеубаев", "Мұқанов", "Байжанов", "Оспанов",
               "Нұрпейісов", "Бекмұхамбетов", "Әубәкіров", "Жақсылықов"]
KK_FATHERS = ["Серік", "Нұрлан", "Асқар", "Ерлан", "Қайрат", "Мұрат", "Ержан", "Бауыржан", "Талғат", "Болат",
              "Марат", "Қанат", "Дәулет", "Жақып", "Оразбек", "Төлеген", "Тұрсын", "Мұхтар"]

RU_GIVEN = {
    ("elder", "F"): ["Галина", "Людмила", "Валентина", "Нина", "Зинаида", "Раиса", "Тамара", "Лидия"],
    ("elder", "M"): ["Николай", "Виктор", "Владимир", "Анатолий", "Геннадий", "Василий", "Пётр", "Юрий"],
    ("adult", "F"): ["Ольга", "Татьяна", "Елена", "Наталья", "Светлана", "Ирина", "Оксана", "Марина"],
    ("adult", "M"): ["Сергей", "Андрей", "Дмитрий", "Алексей", "Александр", "Игорь", "Олег", "Евгений"],
    ("child", "F"): ["Анастасия", "Мария", "Дарья", "Полина", "Виктория", "София", "Алиса", "Ксения"],
    ("child", "M"): ["Артём", "Максим", "Кирилл", "Даниил", "Матвей", "Егор", "Никита", "Иван"],
}
RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов", "Новиков",
               "Фёдоров", "Волков", "Лебедев", "Козлов", "Степанов", "Павлов", "Семёнов"]
RU_PATRONYMICS = {
    "Сергей": ("Сергеевич", "Сергеевна"), "Андрей": ("Андреевич", "Андреевна"),
    "Алексей": ("Алексеевич", "Алексеевна"), "Николай": ("Николаевич", "Николаевна"),
    "Юрий": ("Юрьевич", "Юрьевна"), "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Александр": ("Александрович", "Александровна"), "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"), "Игорь": ("Игоревич", "Игоревна"),
    "Олег": ("Олегович", "Олеговна"), "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Пётр": ("Петрович", "Петровна"), "Иван": ("Иванович", "Ивановна"),
    "Василий": ("Васильевич", "Васильевна"), "Михаил": ("Михайлович", "Михайловна"),
    "Анатолий": ("Анатольевич", "Анатольевна"), "Геннадий": ("Геннадьевич", "Геннадьевна"),
}
MOBILE_PREFIXES = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]


def _generation(age: int) -> str:
    return "child" if age < 18 else "adult" if age < 58 else "elder"


def _surname(root: str, sex: str) -> str:
    return root + "а" if sex == "F" else root


def _kk_patronymic(father: str, sex: str) -> str:
    return father + ("қызы" if sex == "F" else "ұлы")


def _ru_patronymic(father: str, sex: str) -> str:
    male, female = RU_PATRONYMICS[father]
    return female if sex == "F" else male


# --- Regions and providers -----------------------------------------------------------------------
@dataclass(frozen=True)
class RegionRef:
    """How to find a region loaded by ``load_regions``: its kind and a piece of its Russian name."""

    key: str
    kind: str
    name_ru: str
    genitive_kk: str  # «Астана қаласының», for the names of the region's bodies
    city: str  # the city the demo addresses are in
    streets: tuple[str, ...]
    russian_share: float  # how many demo names are Russian


REGIONS = {
    r.key: r for r in [
        RegionRef("astana", "city", "Астана", "Астана қаласының", "Астана",
                  ("Жеңіс даңғылы", "Абай даңғылы", "Бейбітшілік көшесі", "Сейфуллин көшесі", "Кенесары көшесі"),
                  0.25),
        RegionRef("almaty", "city", "Алматы", "Алматы қаласының", "Алматы",
                  ("Абай даңғылы", "Төле би көшесі", "Жандосов көшесі", "Розыбакиев көшесі", "Райымбек даңғылы"),
                  0.3),
        RegionRef("karaganda", "oblast", "Караганд", "Қарағанды облысының", "Қарағанды",
                  ("Бұқар жырау даңғылы", "Ерубаев көшесі", "Гоголь көшесі", "Строителей даңғылы"), 0.45),
        RegionRef("turkistan", "oblast", "Туркестан", "Түркістан облысының", "Түркістан",
                  ("Тәуке хан даңғылы", "Саттарханов даңғылы", "Есім хан көшесі"), 0.05),
        RegionRef("pavlodar", "oblast", "Павлодар", "Павлодар облысының", "Павлодар",
                  ("Торайғыров көшесі", "Естай көшесі", "Қайырбаев көшесі", "Сәтбаев көшесі"), 0.5),
    ]
}


@dataclass(frozen=True)
class Recipients:
    """Who a demo provider serves: how many, their ages, and what their records look like.

    ``disability``: (group, weight) pairs; ``capacity``: (legal capacity, weight) pairs for adults;
    ``representative``: the kind of legal representative a minor gets (``parent``, ``organisation``
    = the head of the provider, ``foster_carer``); ``grounds``: (kind, issuing body key) pairs."""

    count: int
    age_min: int
    age_max: int
    categories: tuple[str, ...]
    grounds: tuple[tuple[str, str], ...]
    disability: tuple[tuple[str, int], ...] = (("", 1),)
    capacity: tuple[tuple[str, int], ...] = (("full", 1),)
    representative: str = "parent"
    lives_at_provider: bool = False


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    bin_parts: tuple[int, int, int]  # registration year, month, serial
    name_kk: str
    name_ru: str
    ownership: str
    sector: str
    region: str
    district_hint: str
    address: str
    phone: str
    email: str
    head: tuple[str, str, str, str]  # surname, name, patronymic, sex
    capacities: dict[str, int]
    institution_hints: tuple[str, ...]  # codes or words of the English name of its institution type
    licence: tuple[str, str, date, str]  # number, activity, issued on, issuing body key
    recipients: Recipients


def _bin(year: int, month: int, serial: int) -> str:
    """The first valid BIN from the serial on (a serial whose control digit would be 10 is never issued)."""
    for n in itertools.count(serial):
        value = make_bin(year, month, n)
        if value:
            return value
    raise AssertionError("unreachable")


ELDERLY_DISABILITY = (("", 4), ("1", 2), ("2", 3), ("3", 1))
CHILD_DISABILITY = (("child", 1),)

PROVIDERS: list[ProviderSpec] = [
    ProviderSpec(
        "astana_elderly", (2003, 4, 1178),
        "Астана қаласының қарттар мен мүгедектігі бар адамдарға арналған медициналық-әлеуметтік мекемесі",
        "Медико-социальное учреждение для престарелых и лиц с инвалидностью города Астаны",
        "state", "social_protection", "astana", "Сарыарқа", "Астана қ., Сарыарқа ауданы, Жеңіс даңғылы, 71",
        "+7 7172 21 45 10", "msu.astana@example.kz", ("Қасымова", "Гүлнар", "Серікқызы", "F"),
        {"stationary": 250}, ("adult_stationary", "elderly", "persons with disabilities"),
        ("KZ36LAA00011045", "Медициналық қызмет: мейіргерлік күтім", date(2016, 3, 14), "health"),
        Recipients(14, 64, 91, ("elderly", "disabled_adult"), (("leb_decision", "social"),), ELDERLY_DISABILITY,
                   (("full", 8), ("limited", 1)), lives_at_provider=True),
    ),
    ProviderSpec(
        "astana_home_care", (2011, 9, 2234),
        "Астана қаласының үйде әлеуметтік қызмет көрсету орталығы",
        "Центр оказания социальных услуг на дому города Астаны",
        "state", "social_protection", "astana", "Алматы", "Астана қ., Алматы ауданы, Кенесары көшесі, 40",
        "+7 7172 39 20 14", "home-care.astana@example.kz", ("Омаров", "Ерлан", "Асқарұлы", "M"),
        {"home_care": 400}, ("adult_home_care", "home-care organisation for adults", "home"),
        ("KZ51LAA00018812", "Арнаулы әлеуметтік қызметтер көрсету (хабарлама)", date(2019, 6, 3), "social"),
        Recipients(10, 62, 89, ("elderly", "disabled_adult"), (("leb_decision", "social"),), ELDERLY_DISABILITY),
    ),
    ProviderSpec(
        "astana_shelter", (2015, 2, 3412),
        "«Үміт» уақытша болу орталығы» ЖШС",
        "ТОО «Центр временного пребывания «Умит»",
        "private", "social_protection", "astana", "Байқоңыр", "Астана қ., Байқоңыр ауданы, Жұбанов көшесі, 8",
        "+7 7172 57 33 01", "umit.center@example.kz", ("Сейітова", "Динара", "Мұратқызы", "F"),
        {"temporary_stay": 40}, ("adult_temporary_stay", "temporary", "without a fixed", "homeless"),
        ("KZ12LAA00020931", "Арнаулы әлеуметтік қызметтер көрсету (хабарлама)", date(2020, 11, 20), "social"),
        Recipients(6, 27, 58, ("homeless", "violence"), (("leb_decision", "social"),)),
    ),
    ProviderSpec(
        "almaty_children_pni", (2002, 7, 5521),
        "Алматы қаласының балаларға арналған психоневрологиялық медициналық-әлеуметтік мекемесі",
        "Детское психоневрологическое медико-социальное учреждение города Алматы",
        "state", "social_protection", "almaty", "Алатау", "Алматы қ., Алатау ауданы, Райымбек даңғылы, 417",
        "+7 727 295 18 40", "dpnmsu.almaty@example.kz", ("Жұмабаев", "Асқар", "Төлегенұлы", "M"),
        {"stationary": 150, "semi_stationary": 30},
        ("children_psychoneurological_msi_residential", "psychoneurological medical-social institution",
         "psychoneurological"),
        ("KZ77LAA00009876", "Медициналық қызмет: психиатрия, педиатрия", date(2015, 9, 1), "health"),
        Recipients(12, 4, 16, ("disabled_child",), (("leb_decision", "social"), ("medical_petition", "health")),
                   CHILD_DISABILITY, lives_at_provider=True),
    ),
    ProviderSpec(
        "almaty_day_care", (2016, 5, 6102),
        "«Қамқорлық» күндізгі болу орталығы» ЖШС",
        "ТОО «Центр дневного пребывания «Камкорлык»",
        "private", "social_protection", "almaty", "Бостандық", "Алматы қ., Бостандық ауданы, Розыбакиев көшесі, 125",
        "+7 727 379 02 55", "kamkorlyk.almaty@example.kz", ("Ахметова", "Сәуле", "Болатқызы", "F"),
        {"semi_stationary": 60, "home_care": 40},
        ("children_psychoneurological_semi_stationary", "semi-stationary", "day"),
        ("KZ90LAA00017403", "Арнаулы әлеуметтік қызметтер көрсету (хабарлама)", date(2018, 2, 12), "social"),
        Recipients(8, 3, 16, ("disabled_child",), (("leb_decision", "social"), ("representative_application", "")),
                   CHILD_DISABILITY),
    ),
    ProviderSpec(
        "almaty_childrens_home", (2001, 10, 7033),
        "Алматы қаласы Білім басқармасының «№ 1 балалар үйі» КММ",
        "КГУ «Детский дом № 1» Управления образования города Алматы",
        "state", "education", "almaty", "Әуезов", "Алматы қ., Әуезов ауданы, Жандосов көшесі, 60",
        "+7 727 303 41 17", "detdom1.almaty@example.kz", ("Байжанова", "Жанар", "Қанатқызы", "F"),
        {"stationary": 120}, ("childrens_home", "children's home", "orphans", "parental care"),
        ("KZ44LAA00005567", "Білім беру қызметі", date(2014, 8, 25), "education"),
        Recipients(10, 3, 16, ("orphan", "no_parental_care"), (("guardianship_referral", "education"),),
                   (("", 4), ("child", 1)), representative="organisation", lives_at_provider=True),
    ),
    ProviderSpec(
        "karaganda_pni", (2004, 1, 8120),
        "Қарағанды облысының «Теміртау психоневрологиялық медициналық-әлеуметтік мекемесі» КММ",
        "КГУ «Темиртауское психоневрологическое медико-социальное учреждение» Карагандинской области",
        "state", "social_protection", "karaganda", "Теміртау", "Теміртау қ., Республика даңғылы, 52",
        "+7 7213 98 12 40", "pnmsu.temirtau@example.kz", ("Волков", "Андрей", "Николаевич", "M"),
        {"stationary": 300}, ("psychoneurological", "adult_stationary", "persons with disabilities"),
        ("KZ63LAA00012290", "Медициналық қызмет: психиатрия", date(2017, 4, 10), "health"),
        Recipients(12, 20, 70, ("disabled_adult",), (("leb_decision", "social"),), (("1", 2), ("2", 1)),
                   (("none", 2), ("limited", 1), ("full", 2)), lives_at_provider=True),
    ),
    ProviderSpec(
        "karaganda_special_school", (2005, 8, 8744),
        "Қарағанды облысы Білім басқармасының «Ерекше режимде ұстайтын мектеп» КММ",
        "КГУ «Школа с особым режимом содержания» Управления образования Карагандинской области",
        "state", "education", "karaganda", "Қарағанды", "Қарағанды қ., Гоголь көшесі, 34",
        "+7 7212 41 77 02", "special-school.krg@example.kz", ("Степанов", "Игорь", "Викторович", "M"),
        {"stationary": 60}, ("special_regime_org", "special regime"),
        ("KZ28LAA00006631", "Білім беру қызметі", date(2015, 1, 19), "education"),
        Recipients(8, 12, 16, ("special_regime", "deviant"), (("court_act", "court"),)),
    ),
    ProviderSpec(
        "karaganda_elderly", (2006, 3, 9050),
        "Қарағанды облысының «Қарттар мен мүгедектігі бар адамдарға арналған Қарағанды үйі» КММ",
        "КГУ «Карагандинский дом для престарелых и лиц с инвалидностью» Карагандинской области",
        "state", "social_protection", "karaganda", "Қарағанды", "Қарағанды қ., Строителей даңғылы, 19",
        "+7 7212 33 05 60", "dom-krg@example.kz", ("Мұқанов", "Дәурен", "Жақыпұлы", "M"),
        {"stationary": 200}, ("adult_stationary", "elderly", "persons with disabilities"),
        ("KZ05LAA00014418", "Медициналық қызмет: мейіргерлік күтім", date(2018, 10, 2), "health"),
        Recipients(10, 63, 90, ("elderly", "disabled_adult"), (("leb_decision", "social"),), ELDERLY_DISABILITY,
                   (("full", 8), ("limited", 1)), lives_at_provider=True),
    ),
    ProviderSpec(
        "turkistan_support_centre", (2019, 3, 1207),
        "Түркістан облысы Білім басқармасының «Өмірлік қиын жағдайдағы балаларды қолдау орталығы» КММ",
        "КГУ «Центр поддержки детей, находящихся в трудной жизненной ситуации» Управления образования "
        "Туркестанской области",
        "state", "education", "turkistan", "Түркістан", "Түркістан қ., Тәуке хан даңғылы, 12",
        "+7 72533 5 40 21", "support-centre.turkistan@example.kz", ("Ысқақова", "Айжан", "Оразбекқызы", "F"),
        {"stationary": 30, "temporary_stay": 20}, ("support_centre_children", "support centre", "centre"),
        ("KZ19LAA00021560", "Білім беру қызметі", date(2021, 5, 17), "education"),
        Recipients(6, 7, 16, ("cruelty", "neglected", "no_parental_care"),
                   (("guardianship_referral", "education"), ("criminal_procedure", "police"))),
    ),
    ProviderSpec(
        "turkistan_foster_family", (2020, 6, 1533),
        "«Шаңырақ» отбасы үлгісіндегі балалар үйі",
        "Детский дом семейного типа «Шанырак»",
        "private", "education", "turkistan", "Түркістан", "Түркістан қ., Есім хан көшесі, 77",
        "+7 701 512 30 44", "shanyrak.family@example.kz", ("Әбілова", "Мөлдір", "Серікқызы", "F"),
        {"foster_family": 8}, ("family_type_home_educator", "family-type", "foster family", "foster"),
        ("KZ83LAA00022107", "Патронаттық тәрбиеге беру туралы шарт", date(2022, 1, 11), "education"),
        Recipients(4, 3, 14, ("orphan", "no_parental_care"), (("guardianship_referral", "education"),),
                   representative="foster_carer", lives_at_provider=True),
    ),
    ProviderSpec(
        "pavlodar_territorial_centre", (2008, 11, 4410),
        "Павлодар қаласының «Аумақтық әлеуметтік қызмет көрсету орталығы» КММ",
        "КГУ «Территориальный центр социального обслуживания» города Павлодара",
        "state", "social_protection", "pavlodar", "Павлодар", "Павлодар қ., Торайғыров көшесі, 64",
        "+7 7182 32 18 90", "tco.pavlodar@example.kz", ("Кузнецова", "Ольга", "Петровна", "F"),
        {"semi_stationary": 50, "home_care": 300}, ("adult_semi_stationary", "semi-stationary", "home"),
        ("KZ70LAA00016325", "Арнаулы әлеуметтік қызметтер көрсету (хабарлама)", date(2019, 9, 9), "social"),
        Recipients(10, 40, 86, ("elderly", "disabled_adult"), (("leb_decision", "social"),),
                   (("1", 1), ("2", 2), ("3", 2), ("", 2))),
    ),
]

# The regional bodies that issue grounds and licences, by key.
BODIES = {
    "social": "{g} Жұмыспен қамту және әлеуметтік бағдарламалар басқармасы",
    "education": "{g} Білім басқармасы (қорғаншылық және қамқоршылық органы)",
    "health": "{g} Денсаулық сақтау басқармасы",
    "court": "{g} кәмелетке толмағандардың істері жөніндегі мамандандырылған ауданаралық соты",
    "police": "{g} Полиция департаменті",
}


# --- Users ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    first_name: str
    last_name: str
    position: str
    provider: str = ""  # a provider key
    region: str = ""  # a region key


USERS = [
    UserSpec("admin", "admin", "Бақыт", "Сәрсенбаев", "Жүйе әкімшісі"),
    UserSpec("spec.astana", "provider_specialist", "Айгүл", "Төлеубаева", "Әлеуметтік жұмыс жөніндегі маман",
             provider="astana_elderly"),
    UserSpec("head.astana", "provider_head", "Гүлнар", "Қасымова", "Директор", provider="astana_elderly"),
    UserSpec("spec.almaty", "provider_specialist", "Елена", "Морозова", "Әлеуметтік жұмыс жөніндегі маман",
             provider="almaty_children_pni"),
    UserSpec("head.almaty", "provider_head", "Асқар", "Жұмабаев", "Директор", provider="almaty_children_pni"),
    UserSpec("leb.almaty", "leb_officer", "Дана", "Оспанова", "Бас маман, әлеуметтік бағдарламалар басқармасы",
             region="almaty"),
    UserSpec("inspector.karaganda", "inspector", "Марат", "Ермеков", "Мемлекеттік инспектор", region="karaganda"),
    UserSpec("inspector.kz", "inspector", "Ләззат", "Смағұлова", "Бас мемлекеттік инспектор"),
    UserSpec("analyst", "analyst", "Сергей", "Павлов", "Министрлік сарапшысы"),
]


# --- The plan ------------------------------------------------------------------------------------
@dataclass
class PersonPlan:
    """One person to register; ``representatives`` name earlier persons of the plan by index."""

    surname: str
    given_name: str
    patronymic: str
    sex: str
    birth_date: date
    iin: str
    region: str
    address: str
    phone: str = ""
    provider: str = ""
    legal_capacity: str = "full"
    disability_group: str = ""
    ipr_valid_until: date | None = None
    categories: tuple[str, ...] = ()
    representatives: list[tuple[int, str, str, date]] = field(default_factory=list)
    grounds: list[tuple[str, str, date, str]] = field(default_factory=list)  # kind, number, issued_on, body

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)


@dataclass
class DemoPlan:
    providers: list[ProviderSpec]
    persons: list[PersonPlan]
    users: list[UserSpec]


def _born(rng: random.Random, age: int, today: date) -> date:
    """A birth date giving exactly ``age`` full years on ``today``."""
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = date(today.year - age, 2, 28)
    return anniversary - timedelta(days=rng.randint(1, 360))


class _Builder:
    """Draws the plan; one instance per plan so the draws always come in the same order."""

    def __init__(self, today: date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.persons: list[PersonPlan] = []
        self.names: set[tuple[str, str]] = set()
        self.iins: set[str] = set()
        self.serials = itertools.count(1001, 7)

    def iin(self, birth: date, sex: str) -> str:
        # The serial is a counter, not a draw, so the draws (and the names) never depend on the date.
        while True:
            value = make_iin(birth, Sex(sex), next(self.serials) % 10000)
            if value and value not in self.iins:
                self.iins.add(value)
                return value

    def address(self, region: RegionRef) -> str:
        street = self.rng.choice(region.streets)
        return f"{region.city} қ., {street}, {self.rng.randint(1, 180)}-үй, {self.rng.randint(1, 140)}-пәтер"

    def phone(self) -> str:
        return f"+7 {self.rng.choice(MOBILE_PREFIXES)} {self.rng.randint(100, 999)} {self.rng.randint(10, 99)} " \
               f"{self.rng.randint(10, 99)}"

    def name(self, age: int, sex: str, russian: bool, surname_root: str = "", father: str = "",
             ) -> tuple[str, str, str, str, str]:
        """(surname, given name, patronymic, surname root, own name), unique in the region's plan."""
        gen = _generation(age)
        while True:
            given_list = (RU_GIVEN if russian else KK_GIVEN)[(gen, sex)]
            root = surname_root or self.rng.choice(RU_SURNAMES if russian else KK_SURNAMES)
            given = self.rng.choice(given_list)
            dad = father or self.rng.choice(list(RU_PATRONYMICS) if russian else KK_FATHERS)
            patronymic = _ru_patronymic(dad, sex) if russian else _kk_patronymic(dad, sex)
            surname = _surname(root, sex)
            key = (f"{surname} {given} {patronymic}", gen)
            if key not in self.names:
                self.names.add(key)
                return surname, given, patronymic, root, given

    def add(self, plan: PersonPlan) -> int:
        self.persons.append(plan)
        return len(self.persons) - 1

    def adult(self, region: RegionRef, age: int, sex: str, russian: bool, address: str,
              surname_root: str = "", given: tuple[str, str, str] | None = None) -> int:
        if given:
            surname, first, patronymic = given
        else:
            surname, first, patronymic, _, _ = self.name(age, sex, russian, surname_root)
        birth = _born(self.rng, age, self.today)
        return self.add(PersonPlan(surname, first, patronymic, sex, birth, self.iin(birth, sex), region.key,
                                   address, self.phone()))

    def provider_recipients(self, spec: ProviderSpec, head_index: int) -> None:
        region = REGIONS[spec.region]
        r = spec.recipients
        for _ in range(r.count):
            rng = self.rng
            sex = rng.choice("MF")
            russian = rng.random() < region.russian_share
            age = rng.randint(r.age_min, r.age_max)
            minor = age < 18
            home = spec.address if r.lives_at_provider and not minor else self.address(region)
            disability = _weighted(rng, r.disability)
            capacity = "full" if minor else _weighted(rng, r.capacity)
            reps: list[tuple[int, str, str, date]] = []
            surname_root = father = ""
            if minor and r.representative == "parent":
                # A parent of the same family: the father gives the child's patronymic.
                parent_sex = rng.choice("MF")
                parent_age = age + rng.randint(21, 38)
                surname, given, patronymic, surname_root, own = self.name(parent_age, parent_sex, russian)
                father = own if parent_sex == "M" else ""
                parent = self.adult(region, parent_age, parent_sex, russian, home,
                                    given=(surname, given, patronymic))
                reps.append((parent, "parent", "Туу туралы куәлік", date.min))
            elif minor and r.representative in ("organisation", "foster_carer"):
                basis = ("Балалар үйіне орналастыру туралы бұйрық" if r.representative == "organisation"
                         else "Патронаттық тәрбиеге беру туралы шарт")
                reps.append((head_index, r.representative, basis, date.min))
            elif capacity != "full":
                # Usually a son or daughter of the ward: the same family name.
                guardian_age = rng.randint(35, 62)
                guardian_sex = rng.choice("MF")
                surname, given, patronymic, surname_root, _ = self.name(guardian_age, guardian_sex, russian)
                guardian = self.adult(region, guardian_age, guardian_sex, russian, self.address(region),
                                      given=(surname, given, patronymic))
                kind = "guardian" if capacity == "none" else "trustee"
                reps.append((guardian, kind, "Сот шешімі және қорғаншылық органының қаулысы", date.min))
            surname, given, patronymic, _, _ = self.name(age, sex, russian, surname_root, father)
            birth = _born(rng, age, self.today)
            categories = _categories(rng, r.categories, age, sex, disability)
            if not categories:
                # Served for a disability, then: a person of working age at a centre for adults.
                disability = "child" if minor else rng.choice("23")
                categories = _categories(rng, r.categories, age, sex, disability)
            ipr = self.today + timedelta(days=rng.randint(-45, 720)) if disability else None
            kind, body = rng.choice(r.grounds)
            # A ground is issued after the person reached the provider's minimum age, at most ~4 years ago.
            oldest = min(1400, max(40, (age - r.age_min) * 365 + 40))
            issued = self.today - timedelta(days=rng.randint(30, oldest))
            number = (f"2-{rng.randint(100, 2999)}/{issued.year}" if kind == "court_act"
                      else f"{rng.randint(10, 9999)}")
            plan = PersonPlan(
                surname, given, patronymic, sex, birth, self.iin(birth, sex), region.key, home,
                self.phone() if not minor else "", spec.key, capacity, disability, ipr, categories,
                grounds=[(kind, number, issued, body)],
            )
            # Representation runs from the child's birth (parents) or from the ground (others).
            plan.representatives = [
                (i, k, basis, birth if k == "parent" else issued) for i, k, basis, _ in reps]
            self.add(plan)


# Pension age in Kazakhstan as of 2026: 63 for men, 61 for women (the demo only needs it roughly).
PENSION_AGE = {"M": 63, "F": 61}
NEEDS = ("elderly", "disabled_adult", "disabled_child")


def _categories(rng: random.Random, offered: tuple[str, ...], age: int, sex: str, disability: str,
                ) -> tuple[str, ...]:
    """The recipient categories a person falls in, among those the provider serves: elderly from
    pension age, with a disability if they have a group, and one of the provider's other categories
    (orphan, deviant behaviour, ...)."""
    found = []
    if "elderly" in offered and age >= PENSION_AGE[sex]:
        found.append("elderly")
    if disability:
        found.extend(c for c in offered if c == ("disabled_child" if age < 18 else "disabled_adult"))
    others = [c for c in offered if c not in NEEDS]
    if others:
        found.append(rng.choice(others))
    return tuple(found)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def demo_plan(today: date) -> DemoPlan:
    """The whole demo set as plain data; the same on every call for the same ``today`` (names,
    IIN serials and numbers do not depend on it at all)."""
    builder = _Builder(today)
    for spec in PROVIDERS:
        head_surname, head_given, head_patronymic, head_sex = spec.head
        region = REGIONS[spec.region]
        head = -1
        if spec.recipients.representative != "parent":
            # The head of a children's home or a foster family represents the children: on record too.
            builder.names.add((f"{head_surname} {head_given} {head_patronymic}", "adult"))
            head = builder.adult(region, builder.rng.randint(38, 55), head_sex, False, spec.address,
                                 given=(head_surname, head_given, head_patronymic))
        builder.provider_recipients(spec, head)
    return DemoPlan(providers=list(PROVIDERS), persons=builder.persons, users=list(USERS))


def provider_bin(spec: ProviderSpec) -> str:
    return _bin(*spec.bin_parts)


def body_name(key: str, region: RegionRef) -> str:
    return BODIES[key].format(g=region.genitive_kk) if key else ""

