"""Coordinated places: a list of named places hit or fought over is one event per place.

The annotation guide counts "missiles struck Kharkiv, Poltava and the Sumy region" as three
events and "attacks southwest of Bakhmut and near Avdiivka" as two. ``location_choice`` picks one
place for a draft; this module finds the places coordinated with it in the parse, so that
``records`` can give each its own claim.

Only places that are where the event happened count: the chosen place must hang off the event
predicate (one of the group's triggers or its clause verb) through object and location links
(direct object, passive subject, the object of a locative preposition, an apposition, a compound,
"southwest of X"). Places that are agents ("Russia, Belarus and Iran signed..."), launch sites
("missiles from X and Y"), or parties ("fighting between X and Y") are never multiplied. The list
itself is read from the parse: conjuncts (``conj``) of a node on that path, each giving the one
named place nearest to it ("Kharkiv, Poltava and the Sumy region"; "southwest of Bakhmut and
near Avdiivka"). Coordinated trigger verbs of one group with a place each ("shelled Kherson and
struck Mykolaiv with drones") are two events as well. Not handled: the unnamed rest of a list ("and stations in the west").
"""

from __future__ import annotations

from spacy.tokens import Token

from ..models import Location
from .drafts import Draft
from .lexicon import lexicon
from .offsets import starting_in
from .sentences import SentenceParse

#: Links from a place up to the event predicate that keep it the event's place (or its object).
PLACE_PATH_DEPS = frozenset(
    {"pobj", "prep", "dobj", "nsubjpass", "appos", "compound", "npadvmod", "advmod", "conj", "pcomp"}
)
#: Prepositions whose object is not where the event happened: launch sites, parties, agents.
NON_PLACE_PREPS = frozenset({"from", "by", "between", "with", "among", "against", "for", "over"})
MAX_PATH = 7


def _token_of(top: object, sent: SentenceParse) -> Token | None:
    """The syntactic head of a toponym span (the token whose head lies outside the span)."""
    doc = sent.parse
    assert doc is not None
    offset = sent.start - doc.start_char
    start, end = top.start - offset, top.end - offset  # type: ignore[attr-defined]
    toks = [t for t in doc if start <= t.idx < end]
    if not toks:
        return None
    inside = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in inside or t.head is t), toks[0])


def _path_to_predicate(tok: Token, predicates: set[int]) -> tuple[list[Token], Token] | None:
    """The tokens from a place up to (not including) the event predicate, and that predicate; None
    when the place is not linked to it as a location or object."""
    path: list[Token] = []
    cur = tok
    for _ in range(MAX_PATH):
        if cur.i in predicates:
            return path, cur
        if cur.head is cur or cur.dep_ not in PLACE_PATH_DEPS:
            return None
        if cur.dep_ == "prep" and cur.lower_ in NON_PLACE_PREPS:
            return None
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):
            return None  # another clause: its places are its own
        path.append(cur)
        cur = cur.head
    return None


def _conjuncts(tok: Token) -> list[Token]:
    """All members of the coordination a token belongs to, itself included, in text order."""
    first = tok
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    out = [first]
    stack = [first]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ == "conj":
                out.append(c)
                stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _own_span(tok: Token) -> set[int]:
    """A conjunct's own tokens: its subtree without the subtrees of its own conjuncts."""
    own = {t.i for t in tok.subtree}
    for c in tok.children:
        if c.dep_ == "conj":
            own -= {t.i for t in c.subtree}
    return own


def coordinated_places(
    draft: Draft,
    top: object,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
) -> list[int]:
    """Indices (into ``toponyms``) of the other named places coordinated with the claim's place
    ``top`` as places of the event, in text order; [] when there is no such list."""
    sent = sents[draft.sent_index]
    if sent.parse is None or not (sent.start <= top.start < sent.end):  # type: ignore[attr-defined]
        return []
    anchor = _token_of(top, sent)
    if anchor is None:
        return []
    predicates = {t.token.i for t in draft.group.triggers} | {draft.group.clause.i}
    reached = _path_to_predicate(anchor, predicates)
    if reached is None:
        return []
    path, predicate = reached
    offset = sent.start - sent.parse.start_char
    sent_text = " " * offset + sent.parse.doc.text  # indexable by document offsets
    here = starting_in(toponyms, sent.start, sent.end)
    in_sent = [
        i
        for i, t in ((i, toponyms[i]) for i in here)
        if t is not top
        and not any(a <= t.start < b for a, b in draft.exclude)
        and (t.known or locations[i].lat is not None)
        and not _qualifier(i, toponyms, sent_text)
    ]
    # token index of each candidate toponym's head
    heads = {i: h for i in in_sent if (h := _token_of(toponyms[i], sent)) is not None}
    on_path = {t.i for t in path}
    chosen = next((i for i in here if toponyms[i] is top), None)  # top starts in the sentence
    seen = {(locations[chosen].name, locations[chosen].lat)} if chosen is not None else set()
    found: list[int] = []
    for node in path:
        if node.pos_ in ("VERB", "AUX"):
            continue
        for conj in _conjuncts(node):
            if conj.i in on_path:
                continue
            own = _own_span(conj)
            cands = [i for i, h in heads.items() if h.i in own]
            if not cands:
                continue
            # the named place nearest to the conjunct's head ("the Sumy region" -> Sumy)
            best = min(cands, key=lambda i: (_depth(heads[i], conj), toponyms[i].start))
            key = (locations[best].name, locations[best].lat)
            if key in seen or best in found:
                continue
            seen.add(key)
            found.append(best)
        if found:
            break  # the innermost list that holds named places is the list of event places
    # Coordinated predicates of the same group, each with its own place: "shelled Kherson and
    # struck Mykolaiv" (the same kind of action at different places is several events).
    lex = lexicon()
    for trig in draft.group.triggers:
        verb = trig.token
        if (
            verb.i == predicate.i
            or verb.pos_ != "VERB"
            or lex.actions[trig.action].family == "casualty"
            or not _coordinated(verb, predicate)
        ):
            continue
        own = [i for i, h in heads.items() if i not in found and _reaches(h, verb)]
        if own:
            best = min(own, key=lambda i: toponyms[i].start)
            key = (locations[best].name, locations[best].lat)
            if key not in seen:
                seen.add(key)
                found.append(best)
    return sorted(found, key=lambda i: toponyms[i].start)


GENERAL_KINDS = frozenset({"admin1", "admin2", "admin3", "country"})


def _qualifier(i: int, toponyms: list, text: str) -> bool:
    """A region or country written right after a place with only a comma between ("Chuhuiv,
    Kharkiv"; "central Baghdad, Iraq") says where that place is: it is no further list member."""
    top = toponyms[i]
    if top.kind not in GENERAL_KINDS or i == 0:
        return False
    prev = toponyms[i - 1]
    if not (0 <= prev.end <= top.start <= len(text)):
        return False
    return text[prev.end : top.start].strip() == ","


def _coordinated(a: Token, b: Token) -> bool:
    """Two verbs joined by a conjunction ("shelled X and struck Y")."""
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)


def _reaches(tok: Token, verb: Token) -> bool:
    """A place that is an object or location of ``verb`` itself."""
    reached = _path_to_predicate(tok, {verb.i})
    return reached is not None and reached[1].i == verb.i


def _depth(tok: Token, root: Token) -> int:
    """How many links from ``tok`` up to ``root`` (large if ``root`` is not above it)."""
    n = 0
    cur = tok
    while cur.i != root.i:
        if cur.head is cur or n > 12:
            return 99
        cur = cur.head
        n += 1
    return n
