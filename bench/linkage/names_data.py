"""Name, place, unit and rank tables for the linkage test-data generator (`generate.py`).

Everything here is fixed data: it must not depend on the generator's `--seed`, so that the
same seed always means the same people and the tables can be reviewed on their own. Weights
are rough frequencies, not census figures: they only need the right shape (a few very
common names, a long tail) for blocking and ambiguity to behave as they do in real lists.
"""

from __future__ import annotations

import random


def _words(text: str) -> tuple[str, ...]:
    """Long name lists are kept as running text: one name per line would fill pages."""
    return tuple(text.split())


def _nums(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split())


# Given names of men, with weights for three birth cohorts (before 1978, 1978–1991, after
# 1991). Cohorts matter because fathers and sons differ: Микола and Василь are common among
# older men, Максим and Владислав among the young, so a uniform table would make fathers
# and sons look alike more often than they do.
MALE_NAMES: tuple[tuple[str, int, int, int], ...] = (
    ("Олександр", 12, 13, 11),
    ("Сергій", 13, 11, 6),
    ("Андрій", 9, 11, 9),
    ("Володимир", 10, 7, 4),
    ("Дмитро", 3, 7, 10),
    ("Іван", 6, 5, 5),
    ("Максим", 1, 4, 11),
    ("Віталій", 5, 6, 3),
    ("Юрій", 8, 5, 3),
    ("Михайло", 6, 5, 4),
    ("Віктор", 8, 4, 2),
    ("Олег", 6, 6, 2),
    ("Роман", 2, 6, 5),
    ("Микола", 9, 4, 2),
    ("Василь", 8, 4, 2),
    ("Олексій", 3, 5, 5),
    ("Богдан", 2, 3, 6),
    ("Денис", 1, 5, 6),
    ("Артем", 1, 3, 8),
    ("Євген", 4, 5, 3),
    ("Ігор", 6, 5, 2),
    ("Павло", 3, 4, 4),
    ("Владислав", 1, 2, 7),
    ("Тарас", 2, 3, 3),
    ("Ярослав", 1, 2, 4),
    ("Петро", 5, 2, 1),
    ("Анатолій", 6, 2, 1),
    ("Руслан", 2, 5, 3),
    ("Назар", 1, 1, 4),
    ("Антон", 1, 3, 3),
    ("Валерій", 4, 2, 1),
    ("Геннадій", 3, 1, 1),
    ("Григорій", 3, 1, 1),
    ("Степан", 2, 1, 1),
    ("Костянтин", 2, 3, 2),
    ("Вадим", 2, 3, 2),
    ("Ілля", 1, 1, 3),
    ("Кирило", 1, 1, 3),
    ("Данило", 1, 1, 3),
    ("Станіслав", 2, 2, 2),
    ("Ростислав", 1, 1, 2),
    ("Леонід", 3, 1, 1),
    ("Борис", 2, 1, 1),
    ("Валентин", 2, 1, 1),
    ("Едуард", 2, 2, 1),
    ("Федір", 2, 1, 1),
    ("Яків", 1, 1, 1),
    ("Семен", 1, 1, 1),
    ("Орест", 1, 1, 1),
    ("Мирослав", 1, 1, 1),
    ("Святослав", 1, 1, 2),
    ("Матвій", 1, 1, 2),
    ("Тимофій", 1, 1, 2),
    ("Захар", 1, 1, 1),
    ("Аркадій", 1, 1, 1),
    ("Зіновій", 1, 1, 1),
)

# Fathers of people born 1965–2005 were born about 1935–1980: an older name mix.
FATHER_NAMES: tuple[tuple[str, int], ...] = (
    ("Олександр", 11),
    ("Сергій", 10),
    ("Володимир", 11),
    ("Микола", 11),
    ("Василь", 9),
    ("Іван", 9),
    ("Віктор", 8),
    ("Анатолій", 7),
    ("Юрій", 7),
    ("Михайло", 7),
    ("Петро", 6),
    ("Григорій", 4),
    ("Андрій", 6),
    ("Валерій", 4),
    ("Олег", 4),
    ("Ігор", 5),
    ("Леонід", 3),
    ("Віталій", 4),
    ("Степан", 3),
    ("Геннадій", 3),
    ("Борис", 2),
    ("Федір", 2),
    ("Павло", 3),
    ("Дмитро", 2),
    ("Євген", 3),
    ("Валентин", 2),
    ("Роман", 2),
    ("Богдан", 2),
    ("Ярослав", 2),
    ("Станіслав", 1),
    ("Костянтин", 1),
    ("Вадим", 1),
    ("Ілля", 1),
    ("Яків", 1),
    ("Семен", 1),
    ("Тарас", 1),
    ("Руслан", 1),
    ("Едуард", 1),
    ("Олексій", 2),
    ("Аркадій", 1),
    ("Зіновій", 1),
    ("Орест", 1),
    ("Мирослав", 1),
)

FEMALE_NAMES: tuple[tuple[str, int], ...] = (
    ("Олена", 7),
    ("Наталія", 6),
    ("Тетяна", 6),
    ("Ірина", 6),
    ("Оксана", 5),
    ("Юлія", 5),
    ("Світлана", 4),
    ("Марія", 4),
    ("Анна", 4),
    ("Ольга", 5),
    ("Людмила", 3),
    ("Вікторія", 4),
    ("Катерина", 4),
    ("Галина", 2),
    ("Надія", 2),
    ("Валентина", 2),
    ("Лариса", 2),
    ("Інна", 2),
    ("Анастасія", 3),
    ("Дарина", 2),
    ("Софія", 1),
    ("Алла", 1),
)

# Ordered roughly by frequency; the generator gives them Zipf-like weights by rank.
HEAD_SURNAMES: tuple[str, ...] = _words(
    """
    Мельник Шевченко Бойко Коваленко Бондаренко Ткаченко Ковальчук Кравченко Олійник Шевчук
    Коваль Поліщук Бондар Ткачук Марченко Лисенко Руденко Савченко Петренко Мороз Кравчук
    Клименко Павленко Савчук Кузьменко Іваненко Левченко Гончаренко Романенко Приходько
    Мартинюк Карпенко Федоренко Гнатюк Кушнір Мазур Зінченко Демченко Литвиненко Яковенко
    Гуменюк Дорошенко Пономаренко Семенюк Сидоренко Костенко Панченко Тимошенко Васильченко
    Нестеренко Тарасенко Кириленко Мельничук Гаврилюк Остапенко Антонюк Власенко Білик Швець
    Захарченко Онищенко Кучер Головко Гордієнко Вакуленко Ільченко Мусієнко Степаненко
    Стасюк Дяченко Кириченко Тищенко Юрченко Ковтун Литвин Лук'яненко Ярошенко Стельмах
    Іванов Петров Попов Ковальов Гребенюк Гончар Кравець Андрієнко Прокопенко Гайдук
    Чорновол Назаренко Фесенко Мирошниченко Білоус Максименко Вовк Кононенко Середа Войтенко
    Климчук Данилюк Олексієнко Зайченко Гуменний Свистун Козак Бабенко Педченко Дмитренко
    Осадчий Соловйов Левчук Тимчук Марчук Сорока Гриценко Шаповал Жук Бабич Кузьмич
    Макаренко Пилипенко Лозинський Ковальський Висоцький Заїка Волошин Пасічник Рибак
    Кучеренко Сергієнко Головач Білоконь Гарбуз Гавриленко Швидкий Білий Чорний Лебідь Сокур
    Гуць Мельниченко Хоменко Якименко Лук'янчук Марущак Дубовий Дзюба Шульга Борисенко
    Кравчишин Онищук Яременко Ярмоленко Ничипорук Харченко Бурлака Мацюк Шпак Козаченко
    Діденко Вдовиченко Гетьман Луценко Приймак Павлюк Максимчук Гладун Сич Мартиненко Чумак
    Березовський Гребінь Ющенко Нагорний Миколаєнко Тараненко Ковтуненко Лозовий Біленко
    Костюк Петрук Бондарчук Дідух Щербак Щербина Гуцуляк Присяжнюк Стецюк Бойчук Мисак
    Гринчук Сенюк Головатюк Юзвак Процюк Вознюк Тимощук Лагода Захарчук Мосійчук Цимбалюк
    Дячук Грищенко Васильєв Кузнєцов Новіков Волков Морозов Соколов Павлов Сидоров Зайцев
    Семенов Михайлов Смирнов Лисак Федорчук Ковальчишин Гнатишин Стефанишин Романишин
    Дмитрук Сидорук Андрусяк Паламарчук Вітренко Ляшенко Лозенко Гордійчук Олешко Кравцов
    """
)

assert len(set(HEAD_SURNAMES)) == len(HEAD_SURNAMES), "duplicate head surname"

# The long tail: stems combined with the common suffixes gives thousands of plausible
# surnames, so most people in a large registry do not share a surname with many others,
# as in real lists, while the head keeps the hard cases (hundreds of Мельник).
TAIL_STEMS: tuple[str, ...] = _words(
    """
    Гриц Петр Остап Мирон Степан Федор Карп Дем Семен Гнат Макар Юрч Тимош Сав Лев Мат Гуц
    Паш Дан Ярош Бабен Бондар Ткач Гончар Кравц Мельнич Кушнір Шевц Рибал Лісн Пасічн Вовч
    Ведмед Лис Заяч Сокол Ворон Голуб Гребен Дуб Береж Кален Ярем Зелен Черн Біл Сір Руд
    Клим Кирил Гаврил Василь Михал Павл Марч Головч Борщ Гарбуз Кобз Щерб Шаповал Лозов
    Мороз Литвин Волош Мазур Русин Бойч Гуцул Козач Сотнич Осадч Чумач Панас Прокоп Харитон
    Тарас Назар Хом Кость Грищ Стець Ющ Вась Мось Гринь Гринч Кульч Нагірн Яцен Оліфір Собол
    Горб Гордій Кондрат Корнії Левк Лук Марк Наум Нечипор Овсій Охрім Пилип Роман Сидор
    Тимоф Трохим Улас Хар Юхим Явдох Ярм Бабій Барабаш Берез Бобр Богдан Борис Бурлак Вакул
    Варениц Веремій Вишн Гайов Галич Гармаш Гаврис Глушк Гнид Голов Гонч Горобц Грабовец
    Гузь Гуменч Дерев'ян Довгал Дорош Дроб Дудк Жарк Журавл Забол Задорож Зубк Капуст Кислиц
    Коломієц Колодій Комар Коноваль Корнійч Косач Коцюб Криворуч Кропив Купч Курил Лазар
    Лемеш Лобод Лопат Лукаш Лущ Ляш Мамч Маруш Мацк Мирош Мищ Навроц Нечай Ничипор Носач
    Оверч Онопр Опанас Панч Пархом Перебийніс Прись Пугач Радч Рибч Рог Савк Самойл Сем'ян
    Сергійч Сиваш Сіромах Скиб Слив Снігур Сорочин Стадн Степч Сулим Танас Титар Тоцьк Троян
    Туркал Усат Фед Филип Хвост Хмар Цап Цибул Чабан Чайк Чепур Черніш Чуб Шамр Шевел Шинкар
    Шкурат Шуль Щерба Юрк Якуб Ярмол Яцк
    """
)
TAIL_SUFFIXES: tuple[str, ...] = (
    "енко",
    "ук",
    "юк",
    "ський",
    "чук",
    "ак",
    "ич",
    "ишин",
    "ів",
    "ець",
    "енюк",
    "ович",
    "ик",
    "ун",
    "ко",
    "ан",
)
_VOWELS = set("аеєиіїоуюя")
# After a soft sign or й the suffix's first vowel is written iotated: Гуць + ук = Гуцюк,
# Гордій + енко = Гордієнко.
_AFTER_SOFT = {"у": "ю", "а": "я"}
_AFTER_J = {"у": "ю", "а": "я", "е": "є"}


def _combine(stem: str, suffix: str) -> str | None:
    """Join a stem and a suffix the way Ukrainian spelling would, or None if it would not."""
    last, first = stem[-1], suffix[0]
    if last in _VOWELS and first in _VOWELS:
        return None
    if last == "ь":
        if suffix == "ський":
            return None
        if first in _VOWELS and first != "о":
            return stem[:-1] + _AFTER_SOFT.get(first, first) + suffix[1:]
        return stem[:-1] + suffix if suffix == "чук" else stem + suffix
    if last == "й":
        if suffix in ("ський", "ич", "ів", "ишин"):
            return None
        if first in _AFTER_J:
            return stem[:-1] + _AFTER_J[first] + suffix[1:]
        return None if first in _VOWELS and first != "о" else stem + suffix
    if suffix == "ський":
        if stem[-2] not in _VOWELS and last != "л":
            return None  # Вишнський: no vowel to carry the cluster
        if last == "л":
            return stem + "ьський"
        if last == "с":
            return stem[:-1] + "ський"
        if last in "кцч":
            return stem[:-1] + "цький"
        if last in "зж":
            return stem[:-1] + "зький"
        return None if last in "шщ" else stem + suffix
    # -чук and -ич only follow sonorants and a few fricatives (Ковальчук, Кравчук,
    # Марчук); after hissing or stop consonants they produce no real surname.
    if suffix == "чук" and last not in "врмнл":
        return None
    if suffix == "ич" and last in "чшщжкгх":
        return None
    if suffix == "юк" and last in "чшщжкгхбпвмф":
        return None  # only -ук follows these
    if last in "кгх" and suffix in ("ко", "ик", "ак", "ук"):
        return None  # Линникик, Куликак: stutters, not surnames
    if suffix == "ець" and last in "цч":
        return None
    if suffix == "енюк" and len(stem) > 5:
        return None
    return stem + suffix


def tail_surnames() -> tuple[str, ...]:
    """All distinct tail surnames, in a fixed order, minus those already in the head."""
    head = set(HEAD_SURNAMES)
    out: list[str] = []
    seen: set[str] = set()
    for stem in TAIL_STEMS:
        for suffix in TAIL_SUFFIXES:
            name = _combine(stem, suffix)
            if name is None or name in head or name in seen or len(name) < 4:
                continue
            seen.add(name)
            out.append(name)
    # A fixed shuffle so that the Zipf rank below does not follow the alphabet of stems.
    random.Random(20250101).shuffle(out)
    return tuple(out)


def surname_table(head_share: float = 0.4) -> tuple[tuple[str, ...], list[float]]:
    """(surnames, weights): a Zipf-like head holding `head_share`, then a flatter long tail.

    Мельник gets about 0.7% of people and the ten commonest about 6%: higher than in the
    census, on purpose, so that a registry of 20,000 already has the crowded blocks that a
    national-scale one has."""
    head = HEAD_SURNAMES
    tail = tail_surnames()
    head_w = [1.0 / (rank + 15) ** 0.8 for rank in range(len(head))]
    tail_w = [1.0 / (rank + 50) ** 0.6 for rank in range(len(tail))]
    head_total, tail_total = sum(head_w), sum(tail_w)
    weights = [w * head_share / head_total for w in head_w]
    weights += [w * (1 - head_share) / tail_total for w in tail_w]
    return head + tail, weights


def feminine_surname(surname: str) -> str:
    """Women's form: adjectival and -ов/-ін surnames change, the rest (-енко, -ук) do not."""
    if surname.endswith("ий"):
        return surname[:-2] + "а"
    if surname.endswith(("ов", "ев", "єв", "ін", "ин")) and surname not in ("Литвин", "Русин"):
        return surname + "а"
    return surname


BIRTH_PLACES: tuple[tuple[str, int], ...] = (
    ("Київ", 40),
    ("Харків", 25),
    ("Дніпро", 20),
    ("Одеса", 18),
    ("Запоріжжя", 15),
    ("Львів", 15),
    ("Кривий Ріг", 10),
    ("Миколаїв", 9),
    ("Маріуполь", 9),
    ("Вінниця", 8),
    ("Херсон", 7),
    ("Полтава", 7),
    ("Чернігів", 7),
    ("Черкаси", 7),
    ("Житомир", 6),
    ("Суми", 6),
    ("Хмельницький", 6),
    ("Чернівці", 5),
    ("Рівне", 5),
    ("Кропивницький", 5),
    ("Івано-Франківськ", 5),
    ("Кременчук", 4),
    ("Тернопіль", 4),
    ("Луцьк", 4),
    ("Біла Церква", 4),
    ("Краматорськ", 4),
    ("Мелітополь", 3),
    ("Керч", 1),
    ("Ужгород", 3),
    ("Бердянськ", 3),
    ("Слов'янськ", 3),
    ("Нікополь", 3),
    ("Павлоград", 3),
    ("Кам'янське", 3),
    ("Бровари", 2),
    ("Умань", 2),
    ("Конотоп", 2),
    ("Ізмаїл", 2),
    ("Ніжин", 2),
    ("Бахмут", 2),
    ("Покровськ", 2),
    ("Сєвєродонецьк", 2),
    ("Лисичанськ", 2),
    ("Шостка", 2),
    ("Мукачево", 2),
    ("Ковель", 2),
    ("Стрий", 2),
    ("Дрогобич", 2),
    ("Коломия", 2),
    ("Бердичів", 2),
    ("Коростень", 2),
    ("Нова Каховка", 2),
    ("Енергодар", 1),
    ("Ізюм", 1),
    ("Куп'янськ", 1),
    ("Охтирка", 1),
    ("Лубни", 1),
    ("Прилуки", 1),
    ("Сміла", 1),
    ("Жмеринка", 1),
    ("Золотоноша", 1),
    ("Ірпінь", 1),
    ("Буча", 1),
    ("Фастів", 1),
    ("с. Петрівка", 2),
    ("с. Михайлівка", 2),
    ("с. Олександрівка", 2),
    ("с. Іванівка", 2),
    ("с. Миколаївка", 2),
    ("с. Новоселівка", 1),
    ("с. Вознесенка", 1),
    ("с. Степанівка", 1),
    ("с. Андріївка", 1),
    ("с. Володимирівка", 1),
)
# How Russian lists spell the towns; the rest follow the letter mapping in generate.py.
RU_PLACES = {
    "Київ": "Киев",
    "Харків": "Харьков",
    "Дніпро": "Днепр",
    "Одеса": "Одесса",
    "Запоріжжя": "Запорожье",
    "Львів": "Львов",
    "Кривий Ріг": "Кривой Рог",
    "Миколаїв": "Николаев",
    "Чернігів": "Чернигов",
    "Черкаси": "Черкассы",
    "Рівне": "Ровно",
    "Біла Церква": "Белая Церковь",
    "Івано-Франківськ": "Ивано-Франковск",
    "Тернопіль": "Тернополь",
    "Хмельницький": "Хмельницкий",
    "Кропивницький": "Кропивницкий",
    "Чернівці": "Черновцы",
    "Кам'янське": "Каменское",
    "Сєвєродонецьк": "Северодонецк",
    "Лисичанськ": "Лисичанск",
    "Слов'янськ": "Славянск",
    "Краматорськ": "Краматорск",
    "Бердянськ": "Бердянск",
    "Маріуполь": "Мариуполь",
    "Нікополь": "Никополь",
}

# English forms that English-language media use; names missing here are transliterated.
EN_GIVEN = {
    "Олександр": "Alexander",
    "Андрій": "Andrew",
    "Микола": "Nicholas",
    "Михайло": "Michael",
    "Євген": "Eugene",
    "Сергій": "Sergei",
    "Дмитро": "Dmitry",
    "Юрій": "Yuri",
    "Петро": "Peter",
    "Павло": "Paul",
    "Іван": "Ivan",
    "Олексій": "Alexei",
    "Віктор": "Victor",
    "Володимир": "Vladimir",
    "Василь": "Vasily",
    "Григорій": "Gregory",
    "Степан": "Stephen",
    "Яків": "Jacob",
    "Костянтин": "Konstantin",
    "Ігор": "Igor",
    "Віталій": "Vitaly",
    "Анатолій": "Anatoly",
    "Валерій": "Valery",
    "Геннадій": "Gennady",
    "Леонід": "Leonid",
    "Федір": "Fyodor",
    "Ілля": "Ilya",
    "Кирило": "Kirill",
    "Данило": "Daniel",
    "Матвій": "Matthew",
    "Тимофій": "Timothy",
    "Семен": "Simon",
    "Едуард": "Edward",
    "Максим": "Maxim",
    "Денис": "Denis",
    "Олена": "Helen",
    "Наталія": "Natalia",
    "Тетяна": "Tatiana",
    "Ірина": "Irina",
    "Юлія": "Julia",
    "Світлана": "Svetlana",
    "Марія": "Maria",
    "Анна": "Anna",
    "Ольга": "Olga",
    "Людмила": "Ludmila",
    "Вікторія": "Victoria",
    "Катерина": "Catherine",
    "Анастасія": "Anastasia",
    "Софія": "Sophia",
}
# names_translator ranks some Ukrainian forms first or picks a rare variant; these win.
RU_GIVEN_OVERRIDES = {"Данило": "Даниил", "Кирило": "Кирилл"}

# (Ukrainian rank, weight); the registry's ranks, skewed to privates and sergeants.
RANKS: tuple[tuple[str, int], ...] = (
    ("солдат", 460),
    ("старший солдат", 170),
    ("молодший сержант", 110),
    ("сержант", 90),
    ("старший сержант", 50),
    ("головний сержант", 30),
    ("штаб-сержант", 10),
    ("майстер-сержант", 4),
    ("молодший лейтенант", 10),
    ("лейтенант", 20),
    ("старший лейтенант", 15),
    ("капітан", 10),
    ("майор", 6),
    ("підполковник", 2),
    ("полковник", 1),
)
# Marines and the Navy call their privates sailors.
NAVAL_RANKS = {"солдат": "матрос", "старший солдат": "старший матрос"}
RU_RANKS = {
    "солдат": "рядовой",
    "старший солдат": "ефрейтор",
    "матрос": "матрос",
    "старший матрос": "старший матрос",
    "молодший сержант": "младший сержант",
    "сержант": "сержант",
    "старший сержант": "старший сержант",
    "головний сержант": "главный сержант",
    "штаб-сержант": "штаб-сержант",
    "майстер-сержант": "мастер-сержант",
    "молодший лейтенант": "младший лейтенант",
    "лейтенант": "лейтенант",
    "старший лейтенант": "старший лейтенант",
    "капітан": "капитан",
    "майор": "майор",
    "підполковник": "подполковник",
    "полковник": "полковник",
}
EN_RANKS = {
    "солдат": "Private",
    "старший солдат": "Private First Class",
    "матрос": "Seaman",
    "старший матрос": "Senior Seaman",
    "молодший сержант": "Junior Sergeant",
    "сержант": "Sergeant",
    "старший сержант": "Senior Sergeant",
    "головний сержант": "Chief Sergeant",
    "штаб-сержант": "Staff Sergeant",
    "майстер-сержант": "Master Sergeant",
    "молодший лейтенант": "Junior Lieutenant",
    "лейтенант": "Lieutenant",
    "старший лейтенант": "Senior Lieutenant",
    "капітан": "Captain",
    "майор": "Major",
    "підполковник": "Lieutenant Colonel",
    "полковник": "Colonel",
}


# Unit kinds: (brigade numbers, Ukrainian name, abbreviation, Russian name, English name,
# naval). The numbers resemble real ones; the codes below are invented.
UNIT_KINDS: tuple[tuple[tuple[int, ...], str, str, str, str, bool], ...] = (
    (
        _nums(
            "10 14 17 24 28 30 31 32 33 41 42 43 44 47 53 54 56 57 58 59 60 61 62 63 65 66 67"
            " 72 92 93 110 115 116 117 118 150 151 152 153 154 155"
        ),
        "окрема механізована бригада",
        "ОМБр",
        "отдельная механизированная бригада",
        "Separate Mechanized Brigade",
        False,
    ),
    (
        _nums("25 45 46 71 77 78 79 80 81 82 95"),
        "окрема десантно-штурмова бригада",
        "ОДШБр",
        "отдельная десантно-штурмовая бригада",
        "Air Assault Brigade",
        False,
    ),
    (
        _nums("35 36 37 38 39 40"),
        "окрема бригада морської піхоти",
        "ОБрМП",
        "отдельная бригада морской пехоты",
        "Marine Brigade",
        True,
    ),
    (
        _nums("3 5 12 15 22 23 47"),
        "окрема штурмова бригада",
        "ОШБр",
        "отдельная штурмовая бригада",
        "Assault Brigade",
        False,
    ),
    (
        _nums("1 3 4 5 14 17"),
        "окрема танкова бригада",
        "ОТБр",
        "отдельная танковая бригада",
        "Tank Brigade",
        False,
    ),
    (
        _nums("10 128"),
        "окрема гірсько-штурмова бригада",
        "ОГШБр",
        "отдельная горно-штурмовая бригада",
        "Mountain Assault Brigade",
        False,
    ),
    (
        _nums("26 40 43 44 45 55"),
        "окрема артилерійська бригада",
        "ОАБр",
        "отдельная артиллерийская бригада",
        "Artillery Brigade",
        False,
    ),
    (
        _nums(" ".join(map(str, range(100, 131))) + " 241 242 243 244"),
        "окрема бригада територіальної оборони",
        "ОБрТрО",
        "отдельная бригада территориальной обороны",
        "Territorial Defence Brigade",
        False,
    ),
    (
        _nums("1 2 3 4 5 12 13 14 15 18 21"),
        "бригада оперативного призначення НГУ",
        "БрОП НГУ",
        "бригада оперативного назначения НГУ",
        "National Guard Brigade",
        False,
    ),
    (
        _nums("1 3 5 7 9 10 15"),
        "прикордонний загін",
        "ПЗ ДПСУ",
        "пограничный отряд",
        "Border Guard Detachment",
        False,
    ),
)


def ordinal_en(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


# Keyboard rows: a typo replaces a letter by one of its neighbours on the same row.
UK_KEYBOARD = ("йцукенгшщзхї", "фівапролджє", "ячсмитьбю")
RU_KEYBOARD = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
LATIN_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

# Letters of Ukrainian spelling that a Russian clerk has no key for, and what they type.
UK_TO_RU_LETTERS = {
    "і": "и",
    "ї": "и",
    "є": "е",
    "ґ": "г",
    "'": "ь",
    "’": "ь",
    "І": "И",
    "Ї": "И",
    "Є": "Е",
    "Ґ": "Г",
}
# Cyrillic letters that look like Latin ones: a service number keyed on the wrong layout.
HOMOGLYPHS = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
}
SERIES_LETTERS = "АБВГДЕЖЗІКЛМНОПРСТУХЧШЮЯ"
