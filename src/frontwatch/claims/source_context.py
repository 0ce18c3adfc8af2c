"""Who says so, from the sentences around a claim.

``attribution.find_claimant`` reads a claim's own sentence. News often names the source elsewhere:

- in a FOLLOWING sentence that only attributes what came before ("This was reported by the head
  of the regional administration.", "X said this on Telegram.", "That's according to the
  ministry."): a claim with no source of its own takes it from such a sentence one or two
  sentences on (the first sentence of the next paragraph too when it points back with
  "this/that");
- after the closing quote of a quotation that runs over several sentences ('..." the spokesman
  said.');
- through a pronoun or a definite description ("according to him", "the general added"): the
  last person named before it in the document;
- a bare body ("the defence ministry said", "the General Staff"): its side from the document, the
  nearest mention of such a body with its country, else the dateline.

The patterns are in ``lexicons/reporting.json`` (``back_attribution``,
``closing_quote_attribution``, ``source_tail``, ``source_container``, ``role_nouns``,
``not_name_words``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .attribution import (
    Claimant,
    _appos_role,
    _clean,
    _more,
    _premodifier_role,
    body_side_in_context,
    is_bare_body,
    side_from_vocabulary,
    side_of,
)
from .drafts import Draft, reread_actors
from .lexicon import lexicon
from .plain import plain, plain_lower
from .sentences import SentenceParse

#: A capitalised run of two or three words: a candidate person's name in raw text.
_NAME_RX = re.compile(r"(?<![\w'])([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2})(?![\w'])")
OPEN_QUOTES, CLOSE_QUOTES = "“«", "”»"


@dataclass(frozen=True)
class Named:
    """A person named in the document, at a position."""

    pos: int
    name: str
    role: str | None
    speaker: bool = False  # named as the subject of a reporting verb ("X said")


def _is_name(words: list[str]) -> bool:
    stop = _more()["not_name_words"]
    demonym = _more()["third_party_rx"]
    return len(words) >= 2 and not any(w in stop or demonym.fullmatch(w.lower()) for w in words)


def _name_words(run: str) -> list[str]:
    """A capitalised run without the titles and body words before the name ("General Robert X")."""
    words = run.split()
    stop = _more()["not_name_words"]
    while words and words[0] in stop:
        words = words[1:]
    return words


def _named_people(sents: list[SentenceParse], text: str) -> list[Named]:
    """Named people in document order: PERSON entities of the parsed sentences (with the role
    written next to the name), surnames of the people lexicon, and capitalised names next to a
    role word or a reporting verb in the other sentences."""
    lex = lexicon()
    role_rx = _more()["role_nouns_any"]
    out: list[Named] = []
    for sp in sents:
        if sp.parse is not None:
            offset = sp.start - sp.parse.start_char
            for ent in sp.parse.ents:
                if ent.label_ != "PERSON":
                    continue
                name = re.sub(r"['’]s$", "", ent.text)
                if len(name.split()) < 2 and name.lower() not in lex.people:
                    continue  # a single capitalised word is too often a place or a weapon
                role = _appos_role(ent.root) or _premodifier_role(ent.root, ent)
                speaker = ent.root.dep_ == "nsubj" and ent.root.head.lemma_.lower() in lex.reporting_verbs
                out.append(Named(ent.start_char + offset, name, role, speaker))
            continue
        raw = text[sp.start : sp.end]
        for m in _NAME_RX.finditer(raw):
            words = _name_words(m.group(1))
            before = raw[max(0, m.start() - 80) : m.end() - len(" ".join(words))]
            after = raw[m.end() : m.end() + 20].lower()
            if not _is_name(words):
                continue
            said = _more()["speech_after_rx"].match(after) is not None
            if role_rx.search(before) or said:
                out.append(Named(sp.start + m.end() - len(" ".join(words)), " ".join(words), None, said))
    for key, (full, role, _side) in lex.people.items():
        if " " in key:
            continue
        for m in re.finditer(rf"\b{re.escape(key.capitalize())}\b", text):
            said = _more()["speech_after_rx"].match(text, m.end()) is not None
            out.append(Named(m.start(), full, role, said))
    out.sort(key=lambda n: n.pos)
    return out


def _last_person(people: list[Named], pos: int, noun: str | None = None) -> Named | None:
    """Who a pronoun or a definite role before ``pos`` refers to: with a role noun ("the
    general"), the last person with that role; else the last person named as a source ("X said"),
    the protagonist a news text keeps quoting; else the last person named."""
    i = bisect_left([n.pos for n in people], pos)
    before = people[:i]
    if noun:
        for n in reversed(before):
            if n.role and noun in n.role.lower():
                return n
    for n in reversed(before):
        if n.speaker:
            return n
    return before[-1] if before else None


def _person_claimant(n: Named, kind: str, start: int, end: int) -> Claimant:
    lex = lexicon()
    name, role = n.name, n.role
    known = lex.people.get(name.split()[-1].lower())
    if known:
        if known[0].split()[-1] == name.split()[-1] and len(known[0]) > len(name):
            name = known[0]
        role = role or known[1]
    return Claimant(name, role, side_of(name, role), kind, start, end)


def source_from_phrase(phrase: str, start: int, kind: str, people: list[Named], text: str) -> Claimant | None:
    """A claimant from a source phrase found in raw text at document offset ``start``."""
    more = _more()
    raw = plain(phrase)
    src = raw.lstrip(" -–—,.;:")  # "- she noted" after a dash-led quote
    start += len(raw) - len(src)
    src = more["source_tail"].sub("", src)
    src = more["source_container"].sub("", src).strip(" ,.;:")
    if not src:
        return None
    person_pronouns = lexicon().person_pronouns
    if "," in src and src.rsplit(",", 1)[1].strip().lower() in person_pronouns:
        cut = src.rindex(",") + 1
        start += cut + (len(src[cut:]) - len(src[cut:].lstrip()))
        src = src[cut:].strip()  # '... is Europe, he added': the quote's tail before the source
    end = start + len(src)
    low = src.lower()
    if low in person_pronouns:
        n = _last_person(people, start)
        return _person_claimant(n, kind, start, end) if n is not None else None
    if more["role_nouns"].match(low):
        n = _last_person(people, start, low.split()[-1])
        if n is not None:
            return _person_claimant(n, kind, start, end)
    inside = [n for n in people if start <= n.pos < end]
    if inside:
        n = inside[0]
        title = src[: max(0, n.pos - start)].strip(" ,")  # "the head of the administration, X"
        role = n.role or (_clean(title) if title else None)
        return _person_claimant(Named(n.pos, n.name, role), kind, start, end)
    if low.removeprefix("the ").removeprefix("a ") in lexicon().container_nouns:
        return None  # "the report said": whose report, the text said before
    words = src.split()
    for k in (3, 2):  # "the head of the regional administration Oleh Petrenko"
        tail = words[-k:]
        if len(words) > k and all(w[:1].isupper() for w in tail) and _is_name(tail):
            name = " ".join(tail)
            role = _clean(" ".join(words[:-k]).strip(" ,")) or None
            return Claimant(name, role, side_of(name, role), kind, start, end)
    name = _clean(src)
    side = side_of(name, None)
    if side == "unknown" and is_bare_body(name):
        side = body_side_in_context(name, text, start)
    return Claimant(name, None, side, kind, start, end)


def _paragraph_break(text: str, a: int, b: int) -> bool:
    return "\n" in text[a:b]


def _following_source(
    d: Draft, sents: list[SentenceParse], text: str, people: list[Named], sourced: set[int], events: set[int]
) -> Claimant | None:
    """The source of an attribution-only sentence one or two sentences after the claim's."""
    back = _more()["back"]
    for j in (d.sent_index + 1, d.sent_index + 2):
        if j >= len(sents):
            return None
        sp = sents[j]
        if j == d.sent_index + 2 and _paragraph_break(text, sents[j - 1].end, sp.start):
            return None
        if j in sourced:
            return None  # the next claim has a source of its own
        raw = plain(text[sp.start : sp.end]).strip()
        lead = len(text[sp.start : sp.end]) - len(text[sp.start : sp.end].lstrip())
        for kind in ("passive", "according", "active"):
            m = back[kind].search(raw)
            if m is None:
                continue
            bare = kind == "according" and not raw.lower().startswith(lexicon().back_reference_starts)
            if bare and (j != d.sent_index + 1 or _paragraph_break(text, sents[j - 1].end, sp.start)):
                continue  # a bare "According to him." attributes the sentence just before
            attr = "according_to" if kind == "according" else "reported_speech"
            return source_from_phrase(m.group("src"), sp.start + lead + m.start("src"), attr, people, text)
        if j not in events:
            return None  # a sentence of something else: the attribution is not about the claim
    return None


#: How far (characters) a quotation is looked for around a claim when its paragraph is longer: a
#: text without line breaks (a scraped page on one line) is not one paragraph-long quotation, and
#: scanning all of it for every claim made long texts quadratic.
MAX_QUOTE_CHARS = 4000


def _closing_quote_source(
    d: Draft, sents: list[SentenceParse], text: str, people: list[Named]
) -> Claimant | None:
    """The source named after the closing quote of the quotation the claim sits in."""
    pos = d.group.head.start
    pstart = max(text.rfind("\n", 0, pos) + 1, pos - MAX_QUOTE_CHARS)
    before = text[pstart:pos]
    straight = before.count('"') % 2 == 1
    curly = sum(before.count(q) for q in OPEN_QUOTES) > sum(before.count(q) for q in CLOSE_QUOTES)
    if not (straight or curly):
        return None
    pend = text.find("\n", pos, pos + MAX_QUOTE_CHARS)
    pend = min(len(text), pos + MAX_QUOTE_CHARS) if pend < 0 else pend
    closers = '"' if straight else CLOSE_QUOTES
    close = min((i for q in closers if (i := text.find(q, pos, pend)) >= 0), default=-1)
    if close < 0:
        return None
    if close < sents[d.sent_index].end:
        return None  # the quote closes in the claim's own sentence: find_claimant read it
    after = plain(text[close + 1 : pend])
    m = _more()["closing"].match(after)
    if m is None:
        return None
    group = "src" if m.group("src") else "src2"
    return source_from_phrase(m.group(group), close + 1 + m.start(group), "direct_quote", people, text)


def attribute_in_context(drafts: list[Draft], sents: list[SentenceParse], text: str) -> None:
    """Give claims the sources that their own sentences do not name (module docstring)."""
    if not drafts:
        return
    lex = lexicon()
    voice = ""
    people = _named_people(sents, text)
    sourced = {d.sent_index for d in drafts if d.claimant_origin == "sentence"}
    events = {d.sent_index for d in drafts}
    for d in drafts:
        before = d.claimant.side if d.claimant else None
        c = d.claimant
        if c is not None and d.claimant_origin == "sentence" and c.start >= 0 and c.name:
            # a pronoun with no earlier source to refer to, or a definite role ("the general")
            low = plain(c.name).lower().strip()
            if low in lex.person_pronouns or _more()["role_nouns"].match(low):
                n = _last_person(people, c.start, None if low in lex.person_pronouns else low.split()[-1])
                if n is not None and n.pos < c.start:
                    new = _person_claimant(n, c.kind, c.start, c.end)
                    new.hedge = c.hedge
                    d.claimant = new
        if d.claimant is None or d.claimant_origin == "headline":
            found = _closing_quote_source(d, sents, text, people) or _following_source(
                d, sents, text, people, sourced, events
            )
            if found is not None:
                d.claimant, d.claimant_origin = found, "context"
        c = d.claimant
        if c is not None and c.side == "unknown" and is_bare_body(c.name):
            c.side = body_side_in_context(c.name or "", text, max(c.start, 0))
        if d.claimant is not None and d.claimant.side != before and d.claimant.side in ("russia", "ukraine"):
            reread_actors(d)
        elif d.claimant is None and lex.enemy_rx.search(plain_lower(d.group.sent.text)):
            # "the enemy" in the outlet's own voice: the side its wording shows (Ukrinform's
            # "the enemy shelled" is Russia)
            voice = voice or side_from_vocabulary(text)
            if voice in ("russia", "ukraine"):
                reread_actors(d, voice)
