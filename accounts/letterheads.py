"""What a unit's official documents print: its heading (the unit under its superior), place, document symbol and
signer, from the unit's own settings (``UnitLetterhead``) or, where a setting is empty, derived from the unit as
Nghị định 30/2020 writes it (``accounts.headings``). Every document and official Excel form reads it from here.

A past year prints the names the units had that year (the kept tree): a school of 2018–2019 heads its papers with
its Phòng of then, whatever the settings say today; only the signer comes from today's settings.
"""

import re

from django.db import transaction

from core import documents
from core.vietnamese import nfc

from . import scoping
from .headings import head_title, office_heading, place_name
from .models import OrgUnit, Position, Staff, UnitLetterhead
from .permissions import Cap, can
from .selectors import names_in_year

# The unit's part of a document symbol when none is set: Sở GD&ĐT → SGDĐT, Phòng GD&ĐT → PGDĐT.
_OFFICE_SYMBOLS = {OrgUnit.Kind.DEPARTMENT: "SGDĐT", OrgUnit.Kind.DISTRICT: "PGDĐT", OrgUnit.Kind.COMMUNE: "UBND"}
_SCHOOL_WORD = re.compile(r"^trường\s+", re.IGNORECASE)
_WHOLE_WORD = re.compile(r"^([A-ZĐ&]{2,}|\w*\d\w*)$")


def sets_letterhead(user):
    """Whether the user sets their own unit's letterhead: they sign or submit for it (Cap.SUBMIT)."""
    return bool(user.is_authenticated and user.unit_id and can(user, Cap.SUBMIT))


def settings_of(unit):
    """The unit's saved settings, or an unsaved empty one."""
    try:
        return unit.letterhead
    except UnitLetterhead.DoesNotExist:
        return UnitLetterhead(unit=unit)


def default_symbol(unit):
    """'Trường THCS Chiềng Mung' → 'THCSCM', 'Trường Tiểu học A1' → 'THA1': initials, abbreviations and numbers
    kept whole; an office's is its kind's (SGDĐT, PGDĐT, UBND)."""
    if unit.kind in _OFFICE_SYMBOLS:
        return _OFFICE_SYMBOLS[unit.kind]
    words = _SCHOOL_WORD.sub("", nfc(unit.name)).split()
    parts = [word if _WHOLE_WORD.match(word) else word[0] for word in words]
    return "".join(parts).upper()[:24] or "TRUONG"


def default_signer_name(unit):
    """The name of the school's principal (or centre's director) when the unit has exactly one; else ""."""
    if not unit.is_school:
        return ""
    names = list(
        Staff.objects.filter(
            unit=unit, is_active=True, position__in=(Position.PRINCIPAL, Position.DIRECTOR)
        ).values_list("full_name", flat=True)[:2]
    )
    return names[0] if len(names) == 1 else ""


def derived(unit, *, year=None):
    """What each setting is when left empty: {field: value}, also shown as the form's placeholders."""
    return _derived(unit, names_in_year(unit, year))


def _derived(unit, names):
    parent, name = names
    heading = None if unit.is_school else office_heading(name, unit.kind)
    superior, issuer = heading or (parent.upper(), name.upper())
    place_from = parent if unit.is_school else name
    return {
        "superior_line": superior,
        "issuer_line": issuer,
        "place": place_name(place_from) if place_from else "",
        "symbol": default_symbol(unit),
        "signer_title": str(head_title(unit.kind)),
        "signs_for": "",
        "signer_name": default_signer_name(unit),
    }


def resolved(unit, *, year=None):
    """Each field as printed: the saved setting, else the derived value; the heading and place of a past year
    whose tree was restructured since are that year's."""
    names = names_in_year(unit, year)
    values = _derived(unit, names)
    saved = settings_of(unit)
    # A past year of a restructured tree printed other names than today's: its heading and place stay its own.
    past = year is not None and names != names_in_year(unit, None)
    for field in values:
        if past and field in ("superior_line", "issuer_line", "place"):
            continue
        value = nfc(getattr(saved, field, "")).strip()
        if value:
            values[field] = value
    return values


def letterhead(unit, *, day, year=None, number=None, kind_code=""):
    """The ``core.documents.Letterhead`` of a document ``unit`` issues on ``day``. ``number``: None prints no number
    line, "" leaves the number for the clerk."""
    values = resolved(unit, year=year)
    return documents.Letterhead(
        superior=values["superior_line"].upper(),
        issuer=values["issuer_line"].upper(),
        place=values["place"],
        day=day,
        symbol=values["symbol"],
        number=number,
        kind_code=kind_code,
    )


def signature(unit, *, year=None):
    """The head's signature block: 'KT. GIÁM ĐỐC' / 'PHÓ GIÁM ĐỐC' / the name."""
    values = resolved(unit, year=year)
    return documents.Signature(
        title=values["signer_title"].upper(), name=values["signer_name"], capacity=values["signs_for"].upper()
    )


@transaction.atomic
def letterhead_save(*, unit, user, data):
    """Save the unit's settings from ``data`` (form cleaned data); each change is kept by django-simple-history."""
    saved = settings_of(unit)
    for field, value in data.items():
        setattr(saved, field, " ".join(nfc(value or "").split()))
    saved._history_user = user
    saved.save()
    return saved


class UnitFormMixin:
    """For ``core.excel_export.OfficialFormExporter`` subclasses that know ``self.unit`` (and ``self.year`` for a
    year's file): the heading, place and signer are the unit's."""

    def letterhead(self):
        return letterhead(self.unit, day=self.today, year=getattr(self, "year", None))

    def signature(self):
        return signature(self.unit, year=getattr(self, "year", None))


def own_unit(user):
    """The unit heading a file that covers the user's whole scope: their own, or the top of an admin's tree (None
    for an account bound to no unit)."""
    return user.unit or scoping.visible_units(user).order_by("depth", "path").first()
