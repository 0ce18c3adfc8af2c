"""Page furniture in a plain text: the lines a web page puts around the story (docs/input.md).

Newsletter prompts, video promos, advertisement markers, related-link boxes, all-caps link
headlines, bylines and photo credits, share/follow prompts, copyright and cookie notices, and
untitled link lists read like text but report nothing; a link title such as "Russian strikes hit
power plants" would otherwise become a claim. ``boilerplate_spans`` finds them as character
offsets; nothing is deleted (evidence offsets point into the stored text), the extractor only
skips sentences inside them (``in_spans``).

The phrases are data (``lexicons/boilerplate.json``, one entry per class with its ``_doc``); this
module composes them into a few patterns and adds the rules that look at a line's shape (capitals,
names, title-like lines under a heading). Precision first: the first line (the headline), captions
and short news paragraphs are content.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = ["boilerplate_spans", "in_spans", "lines", "phrase_pattern"]

Span = tuple[int, int]

#: A '*' in a phrase: any 0 to 5 words; '**': 0 to 10.
_GAPS = {"*": r"(?:\S+\s+){0,5}?", "**": r"(?:\S+\s+){0,10}?"}
#: Where a sentence ends inside a long line (also "word.Next", texts whose spaces were lost).
_SENT_END_RX = re.compile(r"[.!?][\"”’»)]*(?=\s|[A-Z]|$)")
_EDGE_PUNCT = " \t-–—:|•·*.!…>»#"
_QUOTES = "\"'“”‘’«»"


def _load(name: str) -> dict:
    return json.loads(files("frontwatch").joinpath("lexicons", name).read_text("utf-8"))


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def _phrase_rx(phrase: str, platform_alt: str, lead: bool = True) -> str:
    """A lexicon phrase as a pattern: words on word boundaries, '*'/'**' a short gap, '{platform}' a
    platform name, an apostrophe either straight or curly."""
    parts: list[str] = []
    toks = phrase.split()
    for i, tok in enumerate(toks):
        if tok in _GAPS:
            parts.append(_GAPS[tok])
            continue
        parts.append(platform_alt if tok == "{platform}" else re.escape(tok).replace("'", "['’]"))
        if i < len(toks) - 1:
            parts.append(r"\s+")
    body = "".join(parts)
    tail = r"(?!\w)" if phrase[-1].isalnum() or phrase.endswith("}") else ""
    return (r"(?<!\w)" if lead and phrase[0].isalnum() else "") + body + tail


def _alt(phrases: list[str], platform_alt: str) -> str:
    """One alternation; the word-initial phrases share a boundary and first-letter check, so a
    search fails fast inside words (hundreds of phrases against every line)."""
    ordered = sorted(phrases, key=len, reverse=True)
    words = [p for p in ordered if p[0].isalnum() and not p.startswith("{")]
    rest = [_phrase_rx(p, platform_alt) for p in ordered if p not in words]
    if words:
        first = "".join(sorted({re.escape(c) for p in words for c in (p[0].lower(), p[0].upper())}))
        body = "|".join(_phrase_rx(p, platform_alt, lead=False) for p in words)
        rest.insert(0, rf"(?<!\w)(?=[{first}])(?:{body})")
    return "(?:" + "|".join(rest) + ")"


def phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for a list of lexicon phrases (the syntax of boilerplate.json)."""
    return re.compile(_alt(phrases, _platform_alt()), re.I)


@lru_cache(maxsize=1)
def _platform_alt() -> str:
    return "(?:" + "|".join(_phrase_rx(p, "") for p in _load("boilerplate.json")["platforms"]) + ")"


@dataclass(frozen=True)
class _Group:
    kind: str
    where: str  # anywhere | start | line | prefix
    rx: re.Pattern[str] | None
    words: frozenset[str]  # for 'line': the normalised lines
    max_words: int | None
    not_first: bool


@dataclass(frozen=True)
class _Lexicon:
    groups: tuple[_Group, ...]
    short_line_words: int
    strong_rx: re.Pattern[str]
    weak_rx: re.Pattern[str]
    related_max_items: int
    label_rx: re.Pattern[str]
    label_max: int
    name_label_rx: re.Pattern[str]
    name_max: int
    contributed_rx: re.Pattern[str]
    contributed_max: int
    agency_rx: re.Pattern[str]
    name_marker_rx: re.Pattern[str]
    connectors: frozenset[str]
    not_names: frozenset[str]
    video_title_rx: re.Pattern[str]
    duration_rx: re.Pattern[str]
    caps: dict
    links: dict
    bullets: str


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lex = _load("boilerplate.json")
    platform_alt = _platform_alt()
    start = r"^[\s\-–—•·*>»|#]*"
    groups: list[_Group] = []
    for kind, spec in lex["classes"].items():
        for g in spec["groups"]:
            where = g["where"]
            alt = _alt(g["phrases"], platform_alt)
            rx = None
            if where == "anywhere":
                rx = re.compile(alt, re.I)
            elif where in ("start", "prefix"):
                rx = re.compile(start + alt, re.I)
            words = frozenset(_norm(p) for p in g["phrases"]) if where == "line" else frozenset()
            groups.append(_Group(kind, where, rx, words, g.get("max_words"), bool(g.get("not_first"))))
    rel, cred, video = lex["related"], lex["credit"], lex["classes"]["video_promo"]
    return _Lexicon(
        groups=tuple(groups),
        short_line_words=lex["short_line_words"],
        strong_rx=re.compile(start + _alt(rel["strong"], platform_alt), re.I),
        weak_rx=re.compile(start + _alt(rel["weak"], platform_alt), re.I),
        related_max_items=rel["max_items"],
        label_rx=re.compile(start + _alt(cred["labels"], platform_alt), re.I),
        label_max=cred["label_max_words"],
        name_label_rx=re.compile(start + _alt(cred["name_labels"], platform_alt), re.I),
        name_max=cred["name_max_words"],
        contributed_rx=re.compile(_alt(cred["contributed"], platform_alt), re.I),
        contributed_max=cred["contributed_max_words"],
        agency_rx=re.compile(_alt(cred["agencies"], platform_alt), re.I),
        name_marker_rx=re.compile(_alt(cred["name_markers"], platform_alt), re.I),
        connectors=frozenset(cred["connectors"]),
        not_names=frozenset(w.lower() for w in cred["not_names"]),
        video_title_rx=re.compile(
            start + "(?i:" + _alt(video["video_titles"], platform_alt) + r")[\s:]+(?=[A-Z0-9\"“‘'])"
        ),
        duration_rx=re.compile(video["duration_title"], re.I),
        caps=lex["caps_headline"],
        links=lex["link_list"],
        bullets="".join(lex["link_list"]["bullets"]),
    )


def lines(text: str) -> list[Span]:
    """The non-blank lines of a text, as offsets with the surrounding white space trimmed."""
    out: list[Span] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        seg = text[s:e]
        stripped = seg.strip()
        if stripped:
            s += len(seg) - len(seg.lstrip())
            out.append((s, s + len(stripped)))
    return out


def _sentence_around(line: str, start: int, end: int) -> Span:
    """The sentence of a long line holding ``line[start:end]``."""
    s = 0
    for m in _SENT_END_RX.finditer(line, 0, start):
        s = m.end()
    m = _SENT_END_RX.search(line, end)
    e = m.end() if m else len(line)
    while s < e and line[s].isspace():
        s += 1
    return s, e


def _sentence_final(line: str) -> bool:
    return line.rstrip(_QUOTES + ")").endswith((".", "!", ";", ",", ":"))


def _title_like(line: str, lex: _Lexicon, max_words: int, min_words: int = 1) -> bool:
    """A link or headline title: short, no sentence-final stop, one sentence, capitalised."""
    n = len(line.split())
    if not min_words <= n <= max_words or _sentence_final(line) or ". " in line:
        return False
    first = line.lstrip(_QUOTES + lex.bullets + " ")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _title_case(line: str, share: float) -> bool:
    words = [w.strip(_QUOTES + ",:;()") for w in line.split()]
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long) and sum(w[0].isupper() for w in long) / len(long) >= share


def _name_like(rest: str, lex: _Lexicon) -> bool:
    """Only names (people, agencies, offices), joined by connectors: a credit, not a caption."""
    toks = rest.replace("/", " / ").replace("\\", " \\ ").split()
    names = 0
    for tok in toks:
        core = tok.strip(_QUOTES + ",.;:()[]")
        if not core or core.lower() in lex.connectors or core in "/\\|":
            continue
        if not core[0].isupper() or core.lower() in lex.not_names or any(c.isdigit() for c in core):
            return False
        names += 1
    return names > 0


def _credit(line: str, lex: _Lexicon) -> bool:
    n = len(line.split())
    if m := lex.label_rx.match(line):
        return n <= lex.label_max or _name_like(line[m.end() :], lex)
    m = lex.name_label_rx.match(line)
    if m and m.end() < len(line) and not (line[m.end() - 1].isalnum() and line[m.end()].isalnum()):
        rest = line[m.end() :]
        if len(rest.split()) <= lex.name_max and _name_like(rest, lex):
            return True
    if n <= lex.contributed_max and lex.contributed_rx.search(line):
        return True
    return (
        n <= lex.name_max
        and (
            ("/" in line and lex.agency_rx.search(line) is not None)
            or lex.name_marker_rx.search(line) is not None
        )
        and not _sentence_final(line)
        and _name_like(line, lex)
    )


def _caps_headline(line: str, lex: _Lexicon) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (
        len(letters) >= lex.caps["min_letters"]
        and len(line.split()) >= lex.caps["min_words"]
        and sum(c.isupper() for c in letters) / len(letters) >= lex.caps["upper_share"]
    )


def _phrase_spans(line: str, first: bool, lex: _Lexicon) -> list[Span]:
    """Spans (offsets in the line) of the phrase classes that match this line."""
    n = len(line.split())
    norm = _norm(line.strip(_EDGE_PUNCT))
    out: list[Span] = []
    for g in lex.groups:
        if (g.not_first and first) or (g.max_words is not None and n > g.max_words):
            continue
        if g.where == "line":
            if norm in g.words:
                out.append((0, len(line)))
        elif g.where == "start":
            if g.rx is not None and g.rx.match(line):
                out.append((0, len(line)))
        elif g.where == "prefix":
            if g.rx is not None and (m := g.rx.match(line)):
                out.append((0, m.end()))
        elif g.rx is not None and (m := g.rx.search(line)):
            out.append((0, len(line)) if n <= lex.short_line_words else _sentence_around(line, *m.span()))
    return out


def _heading_only(line: str, m: re.Match[str]) -> bool:
    return not line[m.end() :].strip(_EDGE_PUNCT)


def _heading_with_title(line: str, m: re.Match[str]) -> bool:
    rest = line[m.end() :].lstrip(" ")
    return bool(rest) and rest[0] in ":|–—-" and bool(rest[1:].strip())


def boilerplate_spans(text: str) -> list[Span]:
    """Character offsets ``(start, end)`` of the page furniture in ``text``, sorted and merged.

    Whole lines, except where a phrase sits inside a long paragraph (then only its sentence) or a
    label precedes a caption ("View image in fullscreen", then only the label).
    """
    lex = _lexicon()
    found: list[Span] = []
    rows = lines(text)
    if not rows:
        return []
    masked = [False] * len(rows)

    def mark(i: int) -> None:
        masked[i] = True
        found.append(rows[i])

    caps_rows = {i for i, (s, e) in enumerate(rows) if _caps_headline(text[s:e], lex)}
    caps_ok = len(caps_rows) <= lex.caps["max_caps_line_share"] * len(rows)
    i = 0
    while i < len(rows):
        s, e = rows[i]
        line = text[s:e]
        first = i == 0
        # related-link box: heading alone, then title-like lines; or heading and title on one line
        strong = lex.strong_rx.match(line)
        weak = strong or lex.weak_rx.match(line)
        if weak and _heading_only(line, weak):
            mark(i)
            j = i + 1
            while j < len(rows) and j - i <= lex.related_max_items:
                item = text[rows[j][0] : rows[j][1]]
                if not _title_like(item, lex, lex.links["max_words"]):
                    break
                mark(j)
                j += 1
            i = j
            continue
        if strong or (weak and _heading_with_title(line, weak)):
            mark(i)
            i += 1
            continue
        if _credit(line, lex) or (caps_ok and not first and i in caps_rows):
            mark(i)
            i += 1
            continue
        if not first and (
            lex.duration_rx.match(line) or (lex.video_title_rx.match(line) and _title_like(line, lex, 20))
        ):
            mark(i)
            i += 1
            continue
        for a, b in _phrase_spans(line, first, lex):
            found.append((s + a, s + b))
            if (a, b) == (0, len(line)):
                masked[i] = True
        i += 1
    found.extend(_link_lists(text, rows, masked, lex))
    return _merge(found)


def _link_lists(text: str, rows: list[Span], masked: list[bool], lex: _Lexicon) -> list[Span]:
    """Untitled link lists: title-case lines closing the text, or a menu of very short ones on top."""
    cfg = lex.links
    out: list[Span] = []

    def listed(i: int, max_words: int, min_words: int) -> bool:
        line = text[rows[i][0] : rows[i][1]]
        return (
            not line.startswith(tuple(lex.bullets))
            and not line[:1].isdigit()
            and _title_like(line, lex, max_words, min_words)
            and _title_case(line, cfg["title_case_share"])
        )

    run: list[int] = []
    for i in range(len(rows) - 1, 0, -1):  # never the first line: the headline
        if masked[i]:
            continue
        if not listed(i, cfg["max_words"], cfg["min_words"]):
            break
        run.append(i)
    if len(run) >= cfg["min_lines"]:
        out.extend(rows[i] for i in run)
    top = 0
    while top < len(rows) and not masked[top] and listed(top, cfg["top_max_words"], 1):
        top += 1
    if top >= cfg["min_lines"] and top < len(rows):
        out.extend(rows[:top])
    return out


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def in_spans(start: int, end: int, spans: list[Span], share: float = 0.5) -> bool:
    """Whether more than ``share`` of ``[start, end)`` lies inside the (sorted, merged) spans."""
    if end <= start or not spans:
        return False
    covered = 0
    k = max(bisect_right(spans, (start, start)) - 1, 0)
    while k < len(spans) and spans[k][0] < end:
        a, b = spans[k]
        covered += max(0, min(b, end) - max(a, start))
        k += 1
    return covered > share * (end - start)
