"""Vietnamese text: diacritic-free search keys and dictionary-order sort keys for names."""

import unicodedata

from django.utils.translation import gettext as _

# Vietnamese alphabet order (a ă â b c d đ e ê …), foreign letters f j w z in Latin order.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index + 10 for index, letter in enumerate(_ALPHABET)}
# Dictionary tone order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
# Combining marks that make a letter of its own rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def fold(text):
    """Lowercase text without diacritics, with đ → d: 'Nguyễn Văn Đạt' → 'nguyen van dat'."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def split_name(full_name):
    """(family, middle, given) of a Vietnamese full name: 'Nguyễn Thị Minh Khai' → ('Nguyễn', 'Thị Minh', 'Khai')."""
    parts = nfc(full_name).split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def _letters_and_tones(word):
    letters, tones = [], []
    for char in nfc(word.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        marks = decomposed[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter not in _LETTER_RANK:
            continue
        tone = next((m for m in marks if m in _TONE_RANK), "")
        letters.append(_LETTER_RANK[letter])
        tones.append(_TONE_RANK[tone])
    return letters, tones


def _part_key(text):
    letters, tones = _letters_and_tones(text)
    # Digits only, so every database collation orders the key as plain bytes would.
    return "".join(f"{rank:02d}" for rank in letters) + "00" + "".join(str(tone) for tone in tones)


def name_sort_key(full_name):
    """Key that orders names the Vietnamese way: given name, then middle, then family name."""
    family, middle, given = split_name(full_name)
    return _part_key(given) + _part_key(middle) + _part_key(family)


def official_date(day):
    """The date as official documents write it (Nghị định 30/2020): 'ngày 05 tháng 01 năm 2026', 'ngày 14 tháng 10
    năm 2019' — a zero before days below 10 and months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}
