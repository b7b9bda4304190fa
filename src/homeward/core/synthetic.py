"""Deterministic synthetic registry data that looks real, for the demo and benchmarks.

Same seed, same people. Names follow a realistic skew (many Олександр, Сергій, Андрій;
common surnames such as Мельник, Шевченко, Бойко), patronymics are formed from the
father's name, most people are privates and sergeants. Nothing here touches a database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from homeward.core.dates import Precision

# (name, weight). Weights follow the frequency of names among Ukrainian men born 1965–2005.
UK_MALE_NAMES: tuple[tuple[str, int], ...] = (
    ("Олександр", 12),
    ("Сергій", 10),
    ("Андрій", 10),
    ("Володимир", 7),
    ("Дмитро", 7),
    ("Іван", 6),
    ("Максим", 6),
    ("Віталій", 5),
    ("Юрій", 5),
    ("Михайло", 5),
    ("Віктор", 5),
    ("Олег", 5),
    ("Роман", 5),
    ("Микола", 5),
    ("Василь", 5),
    ("Олексій", 4),
    ("Богдан", 4),
    ("Денис", 4),
    ("Артем", 4),
    ("Євген", 4),
    ("Ігор", 4),
    ("Павло", 4),
    ("Владислав", 3),
    ("Тарас", 3),
    ("Ярослав", 3),
    ("Петро", 3),
    ("Анатолій", 3),
    ("Руслан", 3),
    ("Назар", 2),
    ("Антон", 2),
    ("Валерій", 2),
    ("Геннадій", 1),
    ("Григорій", 1),
    ("Степан", 1),
    ("Костянтин", 2),
    ("Вадим", 2),
    ("Ілля", 1),
)
UK_FEMALE_NAMES: tuple[tuple[str, int], ...] = (
    ("Олена", 6),
    ("Наталія", 5),
    ("Тетяна", 5),
    ("Ірина", 5),
    ("Оксана", 4),
    ("Юлія", 4),
    ("Світлана", 4),
    ("Марія", 4),
    ("Анна", 3),
    ("Ольга", 5),
    ("Людмила", 3),
    ("Вікторія", 3),
)
# Surnames that are the same for men and women (-енко, -ук, -ник, ...) and adjectival ones.
UK_SURNAMES: tuple[tuple[str, int], ...] = (
    ("Мельник", 10),
    ("Шевченко", 10),
    ("Бойко", 9),
    ("Коваленко", 9),
    ("Бондаренко", 8),
    ("Ткаченко", 7),
    ("Ковальчук", 7),
    ("Кравченко", 7),
    ("Олійник", 6),
    ("Шевчук", 6),
    ("Коваль", 6),
    ("Поліщук", 5),
    ("Бондар", 5),
    ("Ткачук", 5),
    ("Марченко", 5),
    ("Лисенко", 5),
    ("Руденко", 5),
    ("Савченко", 5),
    ("Петренко", 5),
    ("Мороз", 4),
    ("Кравчук", 4),
    ("Клименко", 4),
    ("Павленко", 4),
    ("Савчук", 4),
    ("Кузьменко", 4),
    ("Іваненко", 4),
    ("Левченко", 3),
    ("Гончаренко", 3),
    ("Романенко", 3),
    ("Приходько", 3),
    ("Мартинюк", 3),
    ("Карпенко", 3),
    ("Федоренко", 3),
    ("Гнатюк", 2),
    ("Кушнір", 2),
    ("Мазур", 2),
    ("Зінченко", 2),
    ("Демченко", 2),
    ("Литвиненко", 2),
    ("Яковенко", 2),
    ("Ковальський", 2),
    ("Висоцький", 1),
    ("Заїка", 1),
    ("Гуменюк", 2),
    ("Дорошенко", 2),
    ("Пономаренко", 2),
    ("Семенюк", 2),
    ("Стельмах", 1),
    ("Лук'яненко", 1),
    ("Ярошенко", 1),
)
RU_MALE_NAMES: tuple[tuple[str, int], ...] = (
    ("Александр", 10),
    ("Сергей", 9),
    ("Дмитрий", 8),
    ("Андрей", 8),
    ("Алексей", 7),
    ("Максим", 6),
    ("Евгений", 5),
    ("Иван", 6),
    ("Михаил", 5),
    ("Николай", 4),
    ("Владимир", 5),
    ("Денис", 4),
    ("Артём", 4),
    ("Роман", 4),
    ("Виктор", 3),
    ("Юрий", 3),
)
RU_SURNAMES: tuple[tuple[str, int], ...] = (
    ("Иванов", 8),
    ("Смирнов", 8),
    ("Кузнецов", 7),
    ("Попов", 6),
    ("Васильев", 6),
    ("Петров", 6),
    ("Соколов", 5),
    ("Михайлов", 5),
    ("Новиков", 5),
    ("Фёдоров", 4),
    ("Морозов", 4),
    ("Волков", 4),
    ("Алексеев", 4),
    ("Лебедев", 4),
    ("Семёнов", 3),
    ("Егоров", 3),
    ("Павлов", 3),
    ("Козлов", 3),
    ("Степанов", 3),
    ("Николаев", 3),
    ("Орлов", 2),
    ("Андреев", 2),
    ("Макаров", 2),
    ("Никитин", 2),
    ("Захаров", 2),
)
RU_PATRONYMIC = {
    "Александр": "Александрович",
    "Сергей": "Сергеевич",
    "Дмитрий": "Дмитриевич",
    "Андрей": "Андреевич",
    "Алексей": "Алексеевич",
    "Максим": "Максимович",
    "Евгений": "Евгеньевич",
    "Иван": "Иванович",
    "Михаил": "Михайлович",
    "Николай": "Николаевич",
    "Владимир": "Владимирович",
    "Денис": "Денисович",
    "Артём": "Артёмович",
    "Роман": "Романович",
    "Виктор": "Викторович",
    "Юрий": "Юрьевич",
}
# How the other side's lists spell our people's names (for the verbatim source records).
UK_TO_RU_GIVEN = {
    "Олександр": "Александр",
    "Сергій": "Сергей",
    "Андрій": "Андрей",
    "Дмитро": "Дмитрий",
    "Іван": "Иван",
    "Максим": "Максим",
    "Віталій": "Виталий",
    "Юрій": "Юрий",
    "Михайло": "Михаил",
    "Віктор": "Виктор",
    "Олег": "Олег",
    "Роман": "Роман",
    "Микола": "Николай",
    "Василь": "Василий",
    "Олексій": "Алексей",
    "Богдан": "Богдан",
    "Денис": "Денис",
    "Артем": "Артём",
    "Євген": "Евгений",
    "Ігор": "Игорь",
    "Павло": "Павел",
    "Володимир": "Владимир",
    "Петро": "Пётр",
    "Анатолій": "Анатолий",
    "Руслан": "Руслан",
}

UNITS: tuple[tuple[str, str], ...] = (
    # (unit, branch code)
    ("24 окрема механізована бригада", "land_forces"),
    ("93 окрема механізована бригада", "land_forces"),
    ("53 окрема механізована бригада", "land_forces"),
    ("72 окрема механізована бригада", "land_forces"),
    ("28 окрема механізована бригада", "land_forces"),
    ("79 окрема десантно-штурмова бригада", "air_assault"),
    ("80 окрема десантно-штурмова бригада", "air_assault"),
    ("95 окрема десантно-штурмова бригада", "air_assault"),
    ("36 окрема бригада морської піхоти", "marines"),
    ("35 окрема бригада морської піхоти", "marines"),
    ("Морська охорона ДПСУ", "border_guard"),
    ("10 мобільний прикордонний загін", "border_guard"),
    ("12 бригада оперативного призначення НГУ", "national_guard"),
    ("4 бригада оперативного призначення НГУ", "national_guard"),
    ("Корабель управління «Донбас»", "navy"),
    ("112 окрема бригада ТрО", "territorial_defence"),
    ("Центр спецоперацій «А» СБУ", "sbu"),
)
MARIUPOL_UNITS = (0, 8, 10, 12, 14)  # indexes into UNITS of the Mariupol garrison
DIRECTIONS = (
    "donetsk",
    "kherson",
    "kharkiv",
    "zaporizhzhia",
    "luhansk",
    "kyiv",
    "chernihiv",
    "sumy",
)
DIRECTION_WEIGHTS = (30, 12, 14, 14, 12, 6, 5, 4)
PLACES = {
    "donetsk": ("Бахмут", "Авдіївка", "Мар'їнка", "Покровськ", "Вугледар", "Часів Яр"),
    "kherson": ("Херсон", "Олешки", "Нова Каховка", "Кринки"),
    "kharkiv": ("Ізюм", "Куп'янськ", "Вовчанськ", "Балаклія"),
    "zaporizhzhia": ("Оріхів", "Работине", "Гуляйполе", "Енергодар"),
    "luhansk": ("Сєвєродонецьк", "Лисичанськ", "Попасна", "Кремінна"),
    "kyiv": ("Гостомель", "Буча", "Ірпінь"),
    "chernihiv": ("Чернігів", "Ніжин"),
    "sumy": ("Суми", "Тростянець"),
}
BIRTH_PLACES = (
    "Київ",
    "Харків",
    "Дніпро",
    "Одеса",
    "Запоріжжя",
    "Львів",
    "Полтава",
    "Вінниця",
    "Черкаси",
    "Житомир",
    "Суми",
    "Чернігів",
    "Миколаїв",
    "Кропивницький",
    "Біла Церква",
    "Кременчук",
    "Маріуполь",
    "Краматорськ",
    "Ужгород",
    "Рівне",
)
RU_UNITS = ("в/ч 74268", "в/ч 12128", "в/ч 31135", "в/ч 65349", "в/ч 08275", "ЧВК «Вагнер»")
RU_RANKS = (
    ("рядовой", 70),
    ("ефрейтор", 12),
    ("младший сержант", 6),
    ("сержант", 6),
    ("старший сержант", 3),
    ("лейтенант", 2),
    ("капитан", 1),
)
UK_RANKS = (
    ("soldier", 48),
    ("senior_soldier", 17),
    ("junior_sergeant", 11),
    ("sergeant", 9),
    ("senior_sergeant", 5),
    ("chief_sergeant", 3),
    ("staff_sergeant", 1),
    ("junior_lieutenant", 1),
    ("lieutenant", 2),
    ("senior_lieutenant", 1),
    ("captain", 1),
    ("major", 1),
)

# Where a person stands now, with the ladder of events that got them there.
OWN_OUTCOMES = (
    ("missing", 30),
    ("reported_captured", 14),
    ("confirmed_captive", 38),
    ("returned", 12),
    ("found", 2),
    ("deceased", 2),
    ("deceased_unconfirmed", 2),
)
HELD_OUTCOMES = (("in_custody", 88), ("exchanged", 12))

LADDER = {
    "missing": ("missing",),
    "reported_captured": ("missing", "reported_captured"),
    "confirmed_captive": ("missing", "reported_captured", "confirmed_captive"),
    "returned": ("missing", "confirmed_captive", "returned"),
    "found": ("missing", "found"),
    "deceased": ("missing", "deceased"),
    "deceased_unconfirmed": ("missing", "reported_captured", "deceased"),
    "in_custody": ("in_custody",),
    "exchanged": ("in_custody", "exchanged"),
}
# The kind of source that typically reports each status.
REPORTED_BY = {
    "missing": "unit",
    "reported_captured": "media",
    "confirmed_captive": "icrc",
    "returned": "unit",
    "found": "family",
    "deceased": "counterpart",
    "in_custody": "unit",
    "exchanged": "unit",
}


@dataclass
class SyntheticEvent:
    status: str
    date: dt.date
    source_kind: str
    confirmed: bool = False


@dataclass
class SyntheticPerson:
    side: str
    category: str
    surname: str
    given_name: str
    patronymic: str
    sex: str
    birth_date: dt.date | None
    birth_precision: Precision
    birth_place: str
    father_name: str
    mother_maiden_name: str
    branch: str
    unit: str
    rank: str
    service_number: str
    next_of_kin: str
    next_of_kin_contacts: str
    capture_date: dt.date | None
    capture_precision: Precision
    capture_place: str
    direction: str
    groups: list[str]
    health_state: str
    citizenship: str
    events: list[SyntheticEvent] = field(default_factory=list)
    records: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (kind, raw row)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    names, weights = zip(*weighted, strict=True)
    return str(rng.choices(names, weights=weights)[0])


def uk_patronymic(father: str, sex: str) -> str:
    """Patronymic from a Ukrainian father's name: Микола → Миколайович / Миколаївна."""
    if father == "Ілля":
        return "Ілліч" if sex == "male" else "Іллівна"
    if sex == "male":
        if father.endswith("а"):
            return father[:-1] + "айович"
        if father.endswith("о"):
            return father[:-1] + "ович"
        return father + "ович"
    if father.endswith("ій"):
        return father[:-1] + "ївна"
    if father.endswith("а"):
        return father[:-1] + "аївна"
    if father.endswith("о"):
        return father[:-1] + "івна"
    return father + "івна"


def _female_surname(surname: str) -> str:
    return surname[:-4] + "ька" if surname.endswith("ький") else surname


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end]; an empty range gives `start`."""
    return start + dt.timedelta(days=rng.randrange(max(0, (end - start).days) + 1))


def _phone(rng: random.Random) -> str:
    return (
        f"+380 {rng.choice(('50', '63', '66', '67', '68', '73', '93', '97'))} "
        f"{rng.randrange(100, 1000)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}"
    )


class Generator:
    """`Generator(seed).persons(n)` yields the same n people for the same seed."""

    def __init__(self, seed: int = 2025, today: dt.date = dt.date(2025, 11, 1)) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self._service_numbers: set[str] = set()

    def persons(self, count: int, held_share: float = 0.2) -> Iterator[SyntheticPerson]:
        for _ in range(count):
            yield self._held() if self.rng.random() < held_share else self._own()

    def _service_number(self, prefix: str) -> str:
        while True:
            number = f"{prefix}-{self.rng.randrange(100000, 1000000)}"
            if number not in self._service_numbers:
                self._service_numbers.add(number)
                return number

    def _capture(self, direction: str, mariupol: bool) -> tuple[dt.date, Precision, str]:
        rng = self.rng
        if mariupol:
            date = _date_between(rng, dt.date(2022, 4, 10), dt.date(2022, 5, 20))
            place = "Маріуполь"
        elif direction in ("kyiv", "chernihiv", "sumy"):
            date = _date_between(rng, dt.date(2022, 2, 24), dt.date(2022, 4, 5))
            place = rng.choice(PLACES[direction])
        else:
            date = _date_between(rng, dt.date(2022, 2, 24), self.today - dt.timedelta(days=30))
            place = rng.choice(PLACES[direction])
        # Nobody is captured after the generator's today, so their events never go backwards.
        date = min(date, self.today)
        precision = rng.choices((Precision.DAY, Precision.MONTH), weights=(92, 8))[0]
        if precision is Precision.MONTH:
            date = date.replace(day=1)
        return date, precision, place

    def _birth(self) -> tuple[dt.date | None, Precision]:
        rng = self.rng
        date = _date_between(rng, dt.date(1965, 1, 1), dt.date(2004, 12, 31))
        precision = rng.choices(
            (Precision.DAY, Precision.YEAR, Precision.UNKNOWN), weights=(93, 5, 2)
        )[0]
        if precision is Precision.UNKNOWN:
            return None, precision
        return (date.replace(month=1, day=1) if precision is Precision.YEAR else date), precision

    def _events(self, outcome: str, start: dt.date) -> list[SyntheticEvent]:
        rng = self.rng
        ladder = LADDER[outcome]
        events, date = [], start
        for rung, status in enumerate(ladder):
            events.append(SyntheticEvent(status, date, REPORTED_BY[status]))
            # Leave a day for every rung still to come, so reports never share a date
            # (that would be a genuine conflict) unless `today` leaves no room at all.
            latest = self.today - dt.timedelta(days=len(ladder) - rung - 2)
            step = dt.timedelta(days=rng.randrange(3, 240))
            date = max(date + dt.timedelta(days=1), min(latest, date + step))
            date = min(date, self.today)
        if outcome == "deceased":
            events[-1].confirmed = True
        return events

    def _own(self) -> SyntheticPerson:
        rng = self.rng
        civilian = rng.random() < 0.06
        sex = "female" if rng.random() < (0.35 if civilian else 0.04) else "male"
        given = _pick(rng, UK_FEMALE_NAMES if sex == "female" else UK_MALE_NAMES)
        father = _pick(rng, UK_MALE_NAMES)
        surname = _pick(rng, UK_SURNAMES)
        surname = _female_surname(surname) if sex == "female" else surname
        direction = rng.choices(DIRECTIONS, weights=DIRECTION_WEIGHTS)[0]
        mariupol = not civilian and direction == "donetsk" and rng.random() < 0.12
        if mariupol:
            unit, branch = UNITS[rng.choice(MARIUPOL_UNITS)]
        elif civilian:
            unit, branch = "", ""
        else:
            unit, branch = rng.choice(UNITS)
        capture, capture_precision, place = self._capture(direction, mariupol)
        birth, birth_precision = self._birth()
        outcome = _pick(rng, OWN_OUTCOMES)
        person = SyntheticPerson(
            side="own",
            category="civilian" if civilian else "military",
            surname=surname,
            given_name=given,
            patronymic=uk_patronymic(father, sex),
            sex=sex,
            birth_date=birth,
            birth_precision=birth_precision,
            birth_place=rng.choice(BIRTH_PLACES),
            father_name=father,
            mother_maiden_name=_female_surname(_pick(rng, UK_SURNAMES)),
            branch=branch,
            unit=unit,
            rank="" if civilian else _pick(rng, UK_RANKS),
            service_number="" if civilian else self._service_number("UA"),
            next_of_kin=f"{_pick(rng, UK_FEMALE_NAMES)} {surname} ("
            f"{rng.choice(('мати', 'дружина', 'сестра', 'батько'))})",
            next_of_kin_contacts=_phone(rng),
            capture_date=capture,
            capture_precision=capture_precision,
            capture_place=place,
            direction=direction,
            groups=["mariupol"] if mariupol else [],
            health_state=rng.choices(
                ("unknown", "good", "slightly_wounded", "seriously_wounded", "sick"),
                weights=(60, 20, 10, 6, 4),
            )[0],
            citizenship="Україна",
        )
        person.events = self._events(outcome, capture)
        person.records = self._own_records(person)
        return person

    def _own_records(self, p: SyntheticPerson) -> list[tuple[str, dict[str, str]]]:
        full = f"{p.surname} {p.given_name} {p.patronymic}"
        birth = p.birth_date.strftime("%d.%m.%Y") if p.birth_date else ""
        records = [
            (
                "family",
                {
                    "ПІБ": full,
                    "Дата народження": birth,
                    "Заявник": p.next_of_kin,
                    "Телефон": p.next_of_kin_contacts,
                },
            )
        ]
        if p.category == "military":
            records.append(
                (
                    "unit",
                    {
                        "Прізвище": p.surname.upper(),
                        "Ім'я": p.given_name,
                        "По батькові": p.patronymic,
                        "Військова частина": p.unit,
                        "Дата зникнення": p.capture_date.isoformat() if p.capture_date else "",
                    },
                )
            )
        kinds = {e.source_kind for e in p.events}
        if "counterpart" in kinds or "icrc" in kinds:
            given = UK_TO_RU_GIVEN.get(p.given_name, p.given_name)
            records.append(
                ("counterpart", {"ФИО": f"{p.surname.upper()} {given}", "Дата рождения": birth})
            )
        return records

    def _held(self) -> SyntheticPerson:
        rng = self.rng
        given = _pick(rng, RU_MALE_NAMES)
        father = _pick(rng, RU_MALE_NAMES)
        direction = rng.choices(DIRECTIONS, weights=DIRECTION_WEIGHTS)[0]
        capture, capture_precision, place = self._capture(direction, False)
        birth, birth_precision = self._birth()
        rank_ru = _pick(rng, RU_RANKS)
        person = SyntheticPerson(
            side="held",
            category="military",
            surname=_pick(rng, RU_SURNAMES),
            given_name=given,
            patronymic=RU_PATRONYMIC[father],
            sex="male",
            birth_date=birth,
            birth_precision=birth_precision,
            birth_place="",
            father_name=father,
            mother_maiden_name="",
            branch="other",
            unit=rng.choice(RU_UNITS),
            rank=rank_ru,
            service_number=self._service_number("RU"),
            next_of_kin="",
            next_of_kin_contacts="",
            capture_date=capture,
            capture_precision=capture_precision,
            capture_place=place,
            direction=direction,
            groups=[],
            health_state=rng.choice(("good", "not_wounded", "slightly_wounded")),
            citizenship="Російська Федерація",
        )
        person.events = self._events(_pick(rng, HELD_OUTCOMES), capture)
        person.records = [
            (
                "unit",
                {
                    "ФИО": f"{person.surname} {given} {person.patronymic}",
                    "Звание": rank_ru,
                    "Часть": person.unit,
                    "Дата пленения": capture.isoformat(),
                },
            )
        ]
        return person
