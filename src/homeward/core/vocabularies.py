"""The initial vocabularies: service branches, front directions and person groups.

They are loaded into the database by a migration and then edited by administrators; this
module is only their starting content.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    uk: str
    en: str
    parent: str = ""


BRANCHES: tuple[Term, ...] = (
    Term("afu", "Збройні Сили України", "Armed Forces of Ukraine"),
    Term("land_forces", "Сухопутні війська", "Land Forces", "afu"),
    Term("air_assault", "Десантно-штурмові війська", "Air Assault Forces", "afu"),
    Term("navy", "Військово-Морські Сили", "Navy", "afu"),
    Term("marines", "Морська піхота", "Marine Corps", "afu"),
    Term("air_force", "Повітряні Сили", "Air Force", "afu"),
    Term("territorial_defence", "Сили територіальної оборони", "Territorial Defence Forces", "afu"),
    Term("special_operations", "Сили спеціальних операцій", "Special Operations Forces", "afu"),
    Term("national_guard", "Національна гвардія України", "National Guard of Ukraine"),
    Term("border_guard", "Державна прикордонна служба України", "State Border Guard Service"),
    Term("sbu", "Служба безпеки України", "Security Service of Ukraine"),
    Term("police", "Національна поліція України", "National Police of Ukraine"),
    Term("other", "Інше формування", "Other"),
)

DIRECTIONS: tuple[Term, ...] = (
    Term("donetsk", "Донецький напрямок", "Donetsk direction"),
    Term("kherson", "Херсонський напрямок", "Kherson direction"),
    Term("kharkiv", "Харківський напрямок", "Kharkiv direction"),
    Term("zaporizhzhia", "Запорізький напрямок", "Zaporizhzhia direction"),
    Term("luhansk", "Луганський напрямок", "Luhansk direction"),
    Term("kyiv", "Київський напрямок", "Kyiv direction"),
    Term("chernihiv", "Чернігівський напрямок", "Chernihiv direction"),
    Term("sumy", "Сумський напрямок", "Sumy direction"),
    Term("kursk", "Курський напрямок", "Kursk direction"),
)

GROUPS: tuple[Term, ...] = (
    Term("mariupol", "Захисники Маріуполя", "Defenders of Mariupol"),
    Term("snake_island", "Захисники острова Зміїний", "Defenders of Snake Island"),
    Term("chornobyl", "Охорона Чорнобильської АЕС", "Chornobyl NPP guard"),
)
