"""Location choice: which named place a claim happened at.

The best toponym in the claim's sentence (a settlement over a region, a place the text marks with
"near"/"outskirts of" over a bare name, the place a participle trigger modifies - "X, a town
recently liberated" - over others, closer to the trigger over farther), never a span that names
the source, never a person's name ("Ivanov's units"). A claim that names only a facility ("the
'X' mine") takes the settlement the document links to that facility elsewhere
(``lexicons/facilities.json``); a short text without a place in the sentence takes the neighbouring
sentence's settlement.
"""

from __future__ import annotations

from ..models import Location
from .drafts import Draft
from .events import place_anchor
from .lexicon import lexicon
from .offsets import starting_in
from .sentences import SentenceParse


def possessive_person(top: object, sent: SentenceParse) -> bool:
    """A name followed by 's and a noun, tagged as a person: "Ivanov's units"."""
    doc = sent.parse
    assert doc is not None
    offset = sent.start - doc.start_char
    for tok in doc:
        if tok.idx + offset == top.start:  # type: ignore[attr-defined]
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            return bool(nxt is not None and nxt.tag_ == "POS" and tok.ent_type_ == "PERSON")
    return False


def choose_location(
    draft: Draft,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
    facility_index: dict[str, int],
) -> tuple[Location | None, object | None]:
    """The claim's location and the toponym it was read from (None, None: no place named)."""
    facility_words = lexicon().facility_words
    sent = sents[draft.sent_index]
    trig_pos = draft.group.head.start
    # a participle on a named place ("X, a town recently liberated by ..."): that place is the event's
    anchor = [
        (t.idx + draft.offset, t.idx + len(t.text) + draft.offset)
        for t in place_anchor(draft.group.head.token)
    ]

    def usable(i: int) -> bool:
        top = toponyms[i]
        return not any(a <= top.start < b for a, b in draft.exclude)

    def score(i: int) -> float:
        top, loc = toponyms[i], locations[i]
        base = {"settlement": 3.0, "admin3": 1.6, "admin2": 1.5, "admin1": 1.0, "country": 0.2}.get(
            top.kind, 2.5
        )
        if not top.known:
            base = 2.5 if top.cue else 0.5
        if loc.lat is None and top.known:
            base -= 1
        if top.relation == "direction":
            base -= 0.8
        elif top.cue:  # "outskirts of X", "near X": the text itself marks it as the place
            base += 0.5
        if any(a <= top.start < b for a, b in anchor):
            base += 1.0
        if sents[draft.sent_index].parse is not None and possessive_person(toponyms[i], sent):
            base -= 2.5  # "Gen. Ivanov's units": a person, not the town
        return base - abs(top.start - trig_pos) / 400

    in_sent = [i for i in starting_in(toponyms, sent.start, sent.end) if usable(i)]
    best = max(in_sent, key=score) if in_sent else None
    if best is None or toponyms[best].kind in ("admin1", "country") or toponyms[best].relation == "direction":
        for key in draft.target_keys:  # "the 'X' mine ... located near Y" elsewhere in the text
            if key in facility_index and key not in facility_words:
                i = facility_index[key]
                loc = locations[i].model_copy(
                    update={"relation": "near", "geo_precision": max(2, locations[i].geo_precision or 2)}
                )
                return loc, toponyms[i]
    if best is None:
        for j in (draft.sent_index - 1, draft.sent_index + 1):
            if 0 <= j < len(sents):
                near = [
                    i
                    for i, t in enumerate(toponyms)
                    if sents[j].start <= t.start < sents[j].end and t.kind == "settlement"
                ]
                if near and len(sents) <= 4:
                    best = near[0]
                    break
    if best is None:
        best = _antecedent_place(draft, sents, toponyms, locations)
    if best is None:
        return None, None
    return locations[best], toponyms[best]


def _antecedent_place(
    draft, sents: list[SentenceParse], toponyms: list, locations: list[Location]
) -> int | None:
    """A sentence that names no place but points back to one with a definite description ("the
    city", "the village", "there") is about the last settlement named in the one or two sentences
    before it: "Missiles hit Kharkiv on Monday. A second blast hit the city minutes later."."""
    sent = sents[draft.sent_index].parse
    if sent is None:
        return None
    words = lexicon().place_anaphors
    pointing = any(
        (
            t.lower_ in words
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)
        )
        or (t.lower_ == "there" and t.dep_ == "advmod")
        for t in sent
    )
    if not pointing:
        return None
    for j in (draft.sent_index - 1, draft.sent_index - 2):
        if j < 0:
            break
        named = [
            i
            for i, t in enumerate(toponyms)
            if sents[j].start <= t.start < sents[j].end
            and t.kind == "settlement"
            and locations[i].lat is not None
        ]
        if named:
            return named[-1]
    return None


def facility_index(
    sents: list[SentenceParse], text: str, toponyms: list, locations: list[Location]
) -> dict[str, int]:
    """Names in quotes or capitalised before a facility word, mapped to a settlement in their sentence."""
    index: dict[str, int] = {}
    rx = lexicon().facility_name_rx
    for s in sents:
        chunk = text[s.start : s.end]
        names = [m.group(1).lower() for m in rx.finditer(chunk)]
        if not names:
            continue
        tops = [
            i
            for i, t in enumerate(toponyms)
            if s.start <= t.start < s.end
            and t.kind in ("settlement", "unknown")
            and locations[i].lat is not None
        ]
        if tops:
            for name in names:
                if not any(toponyms[i].text.lower().startswith(name[:5]) for i in tops):
                    index.setdefault(name, tops[0])
    return index
