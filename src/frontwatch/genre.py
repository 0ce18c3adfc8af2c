"""What kind of text a document is: news, opinion, transcript, explainer or live (docs/input.md).

Claims read differently by genre: an opinion piece argues from events it does not report, a
speech transcript is one speaker's word, an explainer or timeline retells background, a live blog
is a string of separate updates. ``genre`` returns the kind and the cues that decided it, so an
analyst can see why. The cues are data (``lexicons/genre.json``); page furniture
(``boilerplate_spans``) is left out of everything but the opinion disclaimers, since a link to
another page ('... LIVE UPDATES') says nothing about this one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .boilerplate import boilerplate_spans, in_spans, lines, phrase_pattern

__all__ = ["KINDS", "Genre", "genre"]

KINDS = ("news", "opinion", "transcript", "explainer", "live")

#: Quoted speech: left out when the author's own first-person arguing is measured.
_QUOTED_RX = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
_WORD_RX = re.compile(r"[A-Za-z][A-Za-z’']*")
_DASHES = "-–—"
_INNER_DASH_RX = re.compile(r"\s[-–—]\s")
#: Where dash-quoted speech opens: a line's start, or right after a sentence ("...ended.- We will").
_DASH_QUOTE_RX = re.compile(r"(?:^|(?<=[.!?\"”…]))\s*[-–—]\s")


@dataclass(frozen=True)
class Genre:
    """A document's kind (one of ``KINDS``) and the cues behind it, e.g.
    ``Genre("opinion", "disclaimer 'the views expressed'")``."""

    kind: str
    reason: str


@dataclass(frozen=True)
class _Lexicon:
    priority: tuple[str, ...]
    title_label_rx: dict[str, re.Pattern[str]]
    title_rx: dict[str, re.Pattern[str]]
    labels: dict[str, frozenset[str]]
    title_question: frozenset[str]
    disclaimer_rx: dict[str, re.Pattern[str]]
    body_rx: dict[str, re.Pattern[str]]
    speech_rx: re.Pattern[str]
    qa_rx: re.Pattern[str]
    reporting_verbs: frozenset[str]
    timeline_rx: re.Pattern[str]
    timestamp_rx: re.Pattern[str]
    first_person: frozenset[str]
    argument_rx: re.Pattern[str]
    cfg: dict


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lex = json.loads(files("frontwatch").joinpath("lexicons", "genre.json").read_text("utf-8"))
    sep = r"\s*[:|–—-]"
    title_label_rx = {}
    for kind, labels in lex["title_labels"].items():
        alt = phrase_pattern(labels).pattern
        title_label_rx[kind] = re.compile(rf"^\s*{alt}{sep}|[:|–—-]\s*{alt}\s*$", re.I)
    return _Lexicon(
        priority=tuple(lex["priority"]),
        title_label_rx=title_label_rx,
        title_rx={k: phrase_pattern(v) for k, v in lex["title"].items()},
        labels={k: frozenset(v) for k, v in lex["title_labels"].items()},
        title_question=frozenset(lex["title_question"]),
        disclaimer_rx={k: phrase_pattern(v) for k, v in lex["disclaimer"].items()},
        body_rx={k: phrase_pattern(v) for k, v in lex["body"].items()},
        speech_rx=phrase_pattern(lex["speech_cues"]),
        qa_rx=re.compile(r"^\s*" + phrase_pattern(lex["qa_labels"]).pattern, re.I),
        reporting_verbs=frozenset(lex["reporting_verbs"]),
        timeline_rx=re.compile(lex["timeline_line"], re.I),
        timestamp_rx=re.compile(lex["timestamp_line"], re.I),
        first_person=frozenset(lex["first_person"]),
        argument_rx=phrase_pattern(lex["argument_markers"]),
        cfg=lex,
    )


def _first_word(line: str) -> str:
    m = _WORD_RX.search(line)
    return m.group(0).lower() if m else ""


def _dash_speech(line: str, lex: _Lexicon) -> bool:
    """A line of speech opened by a dash, with no '- she said' attribution after it."""
    if line[0] not in _DASHES or line.rstrip()[-1] in _DASHES:
        return False
    return _attributed_at(line, 1, lex) is None


def _attributed_at(line: str, start: int, lex: _Lexicon) -> int | None:
    """Where the '- she said' attribution closing a dash quote that opened at ``start`` begins."""
    for m in _INNER_DASH_RX.finditer(line, start):
        after = [w.lower() for w in _WORD_RX.findall(line[m.end() : m.end() + 80])[:6]]
        if lex.reporting_verbs.intersection(after):
            return m.start()
    return None


def _without_dash_quotes(line: str, lex: _Lexicon) -> str:
    """The line with dash-quoted speech cut out ('- We will win - said the minister.')."""
    out, pos = [], 0
    for m in _DASH_QUOTE_RX.finditer(line):
        if m.start() < pos:
            continue
        out.append(line[pos : m.start()])
        end = _attributed_at(line, m.end(), lex)
        pos = len(line) if end is None else end
    out.append(line[pos:])
    return " ".join(out)


def _density(prose: str, lex: _Lexicon) -> tuple[int, float, float]:
    """Words, first-person pronouns and argument markers per 100 words of the author's prose."""
    words = _WORD_RX.findall(prose)
    if not words:
        return 0, 0.0, 0.0
    # "US" is the country, not the pronoun
    fp = sum(1 for w in words if w.lower() in lex.first_person and not (len(w) > 1 and w.isupper()))
    arg = len(lex.argument_rx.findall(prose))
    return len(words), 100 * fp / len(words), 100 * arg / len(words)


def genre(text: str, title: str | None = None) -> Genre:
    """The kind of text and why: title labels and phrases, opinion disclaimers, body phrases,
    structure (Q/A lines, dash-led speech, question sub-headings, timelines, time-stamped
    updates, salutations of an address), and first-person argument density."""
    lex = _lexicon()
    cfg = lex.cfg
    scores: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}

    def cue(kind: str, weight: int, why: str) -> None:
        scores[kind] = scores.get(kind, 0) + weight
        reasons.setdefault(kind, []).append(why)

    if title and title.strip():
        t = title.strip()
        for kind in lex.priority:
            if lex.title_label_rx[kind].search(t):
                cue(kind, 3, f"title label in {t[:60]!r}")
            elif m := lex.title_rx[kind].search(t):
                cue(kind, 3, f"title says {m.group(0)!r}")
        if t.endswith("?") and _first_word(t) in lex.title_question:
            cue("explainer", 2, "title asks a question")

    furniture = boilerplate_spans(text)
    rows = [(s, e) for s, e in lines(text) if not in_spans(s, e, furniture)]
    body_lines = [text[s:e] for s, e in rows]
    body = "\n".join(body_lines)
    for line in [text[s:e] for s, e in lines(text)[:3]]:
        norm = " ".join(line.strip(" :|-–—").lower().split())
        for kind in lex.priority:
            if norm in lex.labels[kind]:
                cue(kind, 3, f"section label {line.strip()!r}")
    for kind, rx in lex.disclaimer_rx.items():
        if m := rx.search(text):
            cue(kind, 3, f"disclaimer {m.group(0)!r}")
    for kind, rx in lex.body_rx.items():
        if m := rx.search(body):
            cue(kind, 2, f"text says {m.group(0)!r}")

    unquoted = _QUOTED_RX.sub(" ", body)
    speech = {m.group(0).lower() for m in lex.speech_rx.finditer(unquoted)}
    if len(speech) >= cfg["speech_cues_min"]:
        cue("transcript", 2, f"address salutations {sorted(speech)[:3]}")
    qa = [_first_word(ln) for ln in body_lines if lex.qa_rx.match(ln)]
    if len(qa) >= cfg["qa_min"] and {"q", "question"} & set(qa) and {"a", "answer"} & set(qa):
        cue("transcript", 2, f"{len(qa)} Q:/A: lines")
    dash = [ln for ln in body_lines if _dash_speech(ln, lex)]
    if len(dash) >= cfg["dash_speech_min"] and len(dash) >= cfg["dash_speech_share"] * len(body_lines):
        cue("transcript", 2, f"{len(dash)} of {len(body_lines)} lines are dash-led speech")
    questions = [
        ln
        for ln in body_lines
        if ln.rstrip().endswith("?")
        and len(ln.split()) <= cfg["question_heading_max_words"]
        and ln.lstrip()[:1] not in "\"“'‘«"
        and _first_word(ln) in lex.title_question
    ]
    if len(questions) >= cfg["question_heading_min"]:
        cue("explainer", 2, f"{len(questions)} question sub-headings")
    dated = sum(1 for ln in body_lines if lex.timeline_rx.match(ln))
    if dated >= cfg["timeline_min"]:
        cue("explainer", 2, f"{dated} timeline entries")
    stamped = sum(1 for ln in body_lines if lex.timestamp_rx.match(ln))
    if stamped >= cfg["timestamp_min"]:
        cue("live", 2, f"{stamped} time-stamped entries")

    prose = "\n".join(_without_dash_quotes(ln, lex) for ln in _QUOTED_RX.sub(" ", body).split("\n"))
    n, fp, arg = _density(prose, lex)
    if n >= cfg["opinion_min_words"] and fp >= cfg["first_person_per_100"] and arg >= cfg["argument_per_100"]:
        cue("opinion", 1, f"first person {fp:.1f} and argument {arg:.1f} per 100 words")

    if not scores:
        return Genre("news", "no genre cue")
    best = max(lex.priority, key=lambda k: (scores.get(k, 0), -lex.priority.index(k)))
    return Genre(best, "; ".join(reasons[best]))
