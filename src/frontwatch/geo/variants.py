"""Name normalisation and variant generation (shared by the build script and the runtime).

Three levels of "the same name":

* :func:`fold` -- exact key: lower case, diacritics and apostrophes removed, hyphens as spaces.
* :func:`skeleton` -- transliteration-aware phonetic key: Cyrillic is transliterated, then
  i/y/e/j, h/g/kh, ts/tz/c, doubled letters and final vowels are collapsed, so that
  "Rodinskoye", "Rodynske" and "Родинское" share one key.
* :func:`russian_forms` / :func:`romanize_ru` / :func:`romanize_uk` -- explicit variants
  generated at build time from the Ukrainian Cyrillic name (docs/geo.md lists the rules).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOS = "'’ʼ`´‘ʹ"
_FOLD_TABLE = str.maketrans({**{c: "" for c in _APOS}, "-": " ", "‐": " ", "–": " ", ".": ""})
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """Exact-match key: lower, no diacritics (Latin only; Cyrillic kept), no apostrophes."""
    s = s.translate(_FOLD_TABLE).lower()
    if not s.isascii():
        out = []
        for ch in s:
            if "\u0400" <= ch <= "\u04ff":
                out.append(ch)
            else:
                d = unicodedata.normalize("NFKD", ch)
                out.append("".join(c for c in d if not unicodedata.combining(c)))
        s = "".join(out)
        s = s.replace("ё", "е").replace("й", "й")
    return _WS.sub(" ", s).strip()


# --- Cyrillic -> Latin ------------------------------------------------------------------

_UK_ROMAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def romanize_uk(s: str) -> str:
    """Ukrainian national (KMU 2010) romanization, the system OCHA uses."""
    out = []
    prev_letter = False
    low = s.lower()
    for i, ch in enumerate(low):
        if ch in _UK_INITIAL and not prev_letter:
            r = _UK_INITIAL[ch]
        elif ch == "г" and i > 0 and low[i - 1] == "з":
            r = "gh"
        else:
            r = _UK_ROMAN.get(ch, ch)
        if s[i].isupper() and r:
            r = r[0].upper() + r[1:]
        out.append(r)
        prev_letter = ch.isalpha() or ch in _APOS
    return "".join(out)


_RU_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_VOWELS_CY = set("аеёиоуыэюяіїє")


def romanize_ru(s: str, scheme: str = "bgn") -> str:
    """Russian romanization. ``bgn``: BGN/PCGN-like (ye after vowels, -iy, -oye); ``simple``:
    press style (e everywhere, -y, -oe)."""
    low = s.lower()
    out = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else " "
        nxt = low[i + 1] if i + 1 < len(low) else " "
        if ch == "е" and (not prev.isalpha() or prev in _VOWELS_CY or prev in "ъь"):
            r = "ye" if scheme == "bgn" else "e"
        elif ch == "й" and prev in "иы" and not nxt.isalpha():
            r = "y" if scheme == "bgn" else ""
        elif ch == "ь" and nxt in "еёюяи":
            r = "y" if scheme == "bgn" else "i"
        else:
            r = _RU_BASE.get(ch, ch)
        if s[i].isupper() and r:
            r = r[0].upper() + r[1:]
        out.append(r)
    res = "".join(out)
    if scheme == "simple":
        res = re.sub(r"(?<=[a-z])yy\b", "y", res)
    return res


# --- Ukrainian -> Russian Cyrillic by rule ----------------------------------------------

_UK_RU_END = [  # (ukrainian ending, russian endings)
    ("цьке", ("цкое",)), ("ське", ("ское",)), ("цький", ("цкий",)), ("ський", ("ский",)),
    ("цька", ("цкая",)), ("ська", ("ская",)), ("ьськ", ("ьск", "ск")), ("ськ", ("ск",)),
    ("іївка", ("еевка", "иевка")), ("івка", ("овка", "евка")), ("ївка", ("евка",)), ("івці", ("овцы", "евцы")),
    ("ине", ("ино", "иное")), ("ове", ("ово", "овое")), ("еве", ("ево", "евое")),
    ("не", ("ное", "но")), ("ий", ("ый", "ий")), ("ів", ("ов", "ев")), ("іїв", ("иев",)),
    ("ї", ("ья",)), ("е", ("ое",)),
]  # fmt: skip
_UK_RU_STEM = [
    ("ії", "ее"), ("аї", "ае"), ("ої", "ое"), ("уї", "уе"), ("'я", "е"), ("’я", "е"), ("ʼя", "е"),
    ("'є", "ье"), ("’є", "ье"), ("ʼє", "ье"), ("'ї", "ьи"), ("’ї", "ьи"), ("ʼї", "ьи"),
]  # fmt: skip
_UK_RU_CHAR = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "", "’": "", "ʼ": "", "ь": "ь"})
_UK_RU_ROOTS = [  # optional root changes (Ukrainian ikavism etc.), applied one at a time
    ("сіл", "сел"), ("біл", "бел"), ("віл", "вол"), ("кін", "кон"), ("гір", "гор"),
    ("річ", "реч"), ("ліс", "лес"), ("світ", "свет"), ("дільськ", "дольск"), ("пільськ", "польск"),
    ("піль", "поль"), ("пілля", "полье"), ("піс", "пес"), ("рів", "ров"), ("мико", "нико"),
    ("сів", "сев"), ("нів", "нев"), ("кам'ян", "камен"), ("кам’ян", "камен"),
    ("ново", "ново"), ("червоно", "красно"), ("вели", "вели"),
]  # fmt: skip


def _word_to_ru(w: str, first_of_many: bool) -> list[str]:
    outs: list[str] = []
    stems: list[tuple[str, tuple[str, ...]]] = []
    for uk_end, ru_ends in _UK_RU_END:
        if w.endswith(uk_end) and len(w) > len(uk_end) + 1:
            stems.append((w[: -len(uk_end)], ru_ends))
            break
    else:
        if first_of_many and w.endswith("а"):
            stems.append((w[:-1], ("ая", "а")))
        else:
            stems.append((w, ("",)))
    for stem, ends in stems:
        s = stem
        for a, b in _UK_RU_STEM:
            s = s.replace(a, b)
        cands = {s}
        for a, b in _UK_RU_ROOTS:
            if a in s and a != b:
                cands.add(s.replace(a, b))
        for c in cands:
            c = c.translate(_UK_RU_CHAR)
            c = c.replace("ыы", "ы")
            for e in ends:
                outs.append(c + e)
    return outs


def russian_forms(uk: str, limit: int = 6) -> list[str]:
    """Russian Cyrillic forms of a Ukrainian Cyrillic name, generated by rule.

    "Костянтинівка" -> ["костянтиновка", "костянтиневка", ...]; "Родинське" -> ["родинское"].
    """
    words = uk.lower().replace("-", " - ").split()
    per_word: list[list[str]] = []
    n = len([w for w in words if w != "-"])
    for i, w in enumerate(words):
        per_word.append([w] if w == "-" else _word_to_ru(w, first_of_many=(i == 0 and n > 1)))
    combos = [""]
    for forms in per_word:
        combos = [(c + " " + f).strip() if f != "-" else c + "-" for c in combos for f in forms[:4]]
        combos = combos[: limit * 2]
    out = []
    for c in combos:
        c = c.replace("- ", "-").replace(" -", "-")
        if c not in out:
            out.append(c)
    return out[:limit]


# --- phonetic skeleton -----------------------------------------------------------------

_CY_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip
_CY_TABLE = str.maketrans(_CY_LAT)
_SKEL_SUBS = [
    ("shch", "W"), ("sch", "W"), ("sh", "S"), ("zh", "J"), ("ch", "C"), ("kh", "H"), ("ts", "T"),
    ("tz", "T"), ("cz", "C"), ("sz", "S"), ("yo", "e"), ("w", "v"), ("x", "ks"), ("q", "k"),
    ("c", "T"), ("g", "H"), ("h", "H"), ("j", "i"), ("y", "i"), ("e", "i"),
]  # fmt: skip
_NONLETTER = re.compile(r"[^a-zA-Z ]+")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_V = re.compile(r"(?<=\w\w)[aiou]+\b")


def skeleton(s: str) -> str:
    """Transliteration-aware phonetic key (collapses i/y/e/ye/yi, h/g/kh, ts/tz/c, doubles,
    soft signs and final vowels -- so -oye/-e/-yi endings meet)."""
    s = fold(s).translate(_CY_TABLE)
    s = _NONLETTER.sub("", s.replace("-", " "))
    for a, b in _SKEL_SUBS:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s.lower())
    s = _FINAL_V.sub("", s)
    return _WS.sub(" ", s).strip()


# --- adjectival forms ------------------------------------------------------------------

_ADJ_ENDINGS = [  # (adjective ending, base endings to try), longest first
    ("ivskyi", ("ivsk", "iv", "ivka", "ove")), ("ovskiy", ("ovsk", "ov", "ovka", "ovo")),
    ("ovskyi", ("ovsk", "ov", "ove", "ovka")), ("ivsky", ("ivsk", "iv", "ivka")),
    ("ovsky", ("ovsk", "ov", "ovo", "ovka", "ove")), ("evsky", ("evsk", "evo", "evka", "ev")),
    ("ovskaya", ("ovsk", "ov", "ovka")), ("ivska", ("ivsk", "iv", "ivka")),
    ("ovsko", ("ovo", "ove", "ov", "ovka", "ovsk")), ("insky", ("insk", "ino", "ine", "in")),
    ("ynsky", ("ynsk", "yne", "yno")), ("skyi", ("sk", "ske", "")), ("skiy", ("sk", "skoye", "")),
    ("skij", ("sk", "")), ("skii", ("sk", "")), ("skoy", ("sk", "skoye")), ("skoye", ("sk", "skoye")),
    ("skaya", ("sk", "")), ("sky", ("sk", "", "skoye", "ske")), ("ski", ("sk", "")),
    ("ska", ("sk", "", "ske")), ("ske", ("sk", "")), ("sko", ("sk", "", "e", "o")),
    ("ivske", ("ivsk", "iv", "ivka")), ("ovske", ("ovsk", "ov", "ovka")),
]  # fmt: skip
_ADJ_ENDINGS.sort(key=lambda t: -len(t[0]))


def adjective_bases(word: str) -> list[str]:
    """Candidate base names for an adjectival form: "Pokrovsky" -> ["Pokrovsk", "Pokrov", ...]."""
    return list(_adjective_bases(word))


@lru_cache(maxsize=1 << 15)
def _adjective_bases(word: str) -> tuple[str, ...]:
    low = word.lower()
    for end, bases in _ADJ_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = word[: -len(end)]
            return tuple(stem + b for b in bases if stem + b)
    return ()


_MULTI_I = re.compile(r"i+")


def loose(name: str) -> str:
    """``fold`` with the romanization choices for й/і/и/я/ю/є/ї levelled: y, j -> i, and runs
    of i collapsed ("Vodyane" = "Vodiane", "Troyitske" = "Troitske", "Kamyanka" = "Kamianka")."""
    return _MULTI_I.sub("i", fold(name).replace("y", "i").replace("j", "i"))
