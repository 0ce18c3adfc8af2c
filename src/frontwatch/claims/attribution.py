"""Who says so: reported speech, 'according to', quotes, headline suffixes, and coreference.

A claimant is resolved to a full name, a role and a side. The side comes, in order, from the
people lexicon (by surname), the institutions lexicon, the role ("advisor to the head of the DPR"
is the Russian side), and as a last resort from the vocabulary of the report itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from spacy.tokens import Span, Token

from .lexicon import lexicon
from .plain import plain_lower

#: Quotation marks (characters, not words). The pronouns, container nouns and prepositions of
#: attribution are in ``claimants.json`` and ``reporting.json``.
QUOTES = '"“”«»'


@dataclass
class Claimant:
    name: str | None
    role: str | None
    side: str
    kind: str  # direct_quote, reported_speech, according_to, unattributed
    start: int = -1
    end: int = -1
    hedge: bool = False


@dataclass
class People:
    """The people a document has named so far: surname -> (full name, role)."""

    by_surname: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    last: Claimant | None = None

    def register(self, name: str, role: str | None) -> tuple[str, str | None]:
        surname = name.split()[-1].lower()
        known = self.by_surname.get(surname)
        if known:
            full = known[0] if len(known[0]) >= len(name) else name
            self.by_surname[surname] = (full, known[1] or role)
        else:
            self.by_surname[surname] = (name, role)
        return self.by_surname[surname]


def _clean(text: str) -> str:
    text = re.sub(r"^(?:an?|the)\s+", "", text.strip(" ,.;:"), flags=re.IGNORECASE)
    if text.count("(") > text.count(")"):
        text += ")"
    return re.sub(r"\s+", " ", text)


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _more() -> dict:
    """The entries of ``claimants.json`` and ``reporting.json`` read here only (not in ``Lexicon``):
    third-party demonyms, bare bodies, datelines, back-reference attribution patterns."""
    cl = json.loads(files("frontwatch").joinpath("lexicons", "claimants.json").read_text("utf-8"))
    rp = json.loads(files("frontwatch").joinpath("lexicons", "reporting.json").read_text("utf-8"))
    demonyms, bodies = _words(cl["third_party_demonyms"]), _words(cl["bare_bodies"])
    determiners = _words(cl["bare_body_determiners"])
    return {
        "third_party_rx": re.compile(rf"(?<![\w.-])(?:{demonyms})(?![\w-])"),
        "bare_body_rx": re.compile(rf"^(?:(?:{determiners}) )?(?:{bodies})$"),
        "datelines": cl["datelines"],
        "metonyms": cl["metonyms"],
        "dateline_rx": re.compile(cl["dateline"]),
        "not_name_words": frozenset(rp["not_name_words"]),
        "speech_after_rx": re.compile(rf",?\s*(?:also\s+|later\s+)?(?:{_words(rp['speech_forms'])})\b"),
        "back": {k: re.compile(v, re.IGNORECASE) for k, v in rp["back_attribution"].items() if k[0] != "_"},
        "closing": re.compile(rp["closing_quote_attribution"], re.IGNORECASE),
        "role_nouns": re.compile(rf"^(?:the\s+)?(?:{_words(rp['role_nouns'])})$", re.IGNORECASE),
        "role_nouns_any": re.compile(rf"\b(?:{_words(rp['role_nouns'])})\b", re.IGNORECASE),
        "source_tail": re.compile(rp["source_tail"], re.IGNORECASE),
        "source_container": re.compile(rp["source_container"], re.IGNORECASE),
    }


def _role_side(low: str) -> str | None:
    """The side a role's words give: the earliest side word heads the role ("German ambassador to
    Ukraine" is a third party, "Ukrainian envoy to Germany" Ukraine)."""
    lex = lexicon()
    hits = [(m.start(), side) for rx, side in lex.role_sides if (m := rx.search(low))]
    if m := _more()["third_party_rx"].search(low):
        hits.append((m.start(), "third_party"))
    return min(hits)[1] if hits else None


def side_of(name: str | None, role: str | None) -> str:
    """The side of a claimant from the lexicons; 'unknown' when nothing says."""
    lex = lexicon()
    if name:
        low = plain_lower(name)
        if (side := _more()["metonyms"].get(low.removeprefix("the ").strip())) is not None:
            return side  # "Russia says", "Kyiv claimed"
        for key in (low, low.split()[-1] if low.split() else low):
            if key in lex.people:
                return lex.people[key][2]
        for rx, side in lex.institutions:
            if rx.search(low):
                return side
        if any(w[:1].islower() for w in name.split()) and (side := _role_side(low)):
            return side  # a description, not a name: "an Irish prime minister"
    if role:
        low = plain_lower(role)
        for rx, side in lex.institutions:
            if rx.search(low):
                return side
        if side := _role_side(low):
            return side
    return "unknown"


def is_bare_body(name: str | None) -> bool:
    """'the defence ministry', 'the General Staff': a body named without its country."""
    return bool(name) and _more()["bare_body_rx"].match(plain_lower(name).strip()) is not None


def body_side_in_context(name: str, text: str, pos: int) -> str:
    """The side of a bare body from its document: the nearest earlier mention of such a body with
    its country ("Russia's defence ministry ... the ministry said"), else the nearest later one,
    else the dateline city ("MOSCOW (Reuters) -"); 'unknown' when none says."""
    lex = lexicon()
    low = plain_lower(text)
    head = plain_lower(name).split()[-1]
    best: tuple[int, str] | None = None
    for rx, side in lex.institutions:
        if side not in ("russia", "ukraine"):
            continue
        for m in rx.finditer(low):
            if head not in m.group(0):
                continue
            dist = pos - m.end() if m.end() <= pos else 10 * (m.start() - pos)  # earlier first
            if best is None or dist < best[0]:
                best = (dist, side)
    if best is not None:
        return best[1]
    m = _more()["dateline_rx"].match(text)
    if m:
        return _more()["datelines"].get(m.group(1).strip().lower(), "unknown")
    return "unknown"


def side_from_vocabulary(text: str) -> str:
    """Which side's media a text's wording points to, if clearly one (two hits more than the other)."""
    lex = lexicon()
    low = plain_lower(text)
    counts = {side: len(rx.findall(low)) for side, rx in lex.side_vocab.items()}
    ru, ua = counts.get("russia", 0), counts.get("ukraine", 0)
    if ru >= ua + 2:
        return "russia"
    if ua >= ru + 2:
        return "ukraine"
    return "unknown"


def _person_span(tok: Token) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ == "PERSON":
            return ent
    return None


def _appos_role(tok: Token) -> str | None:
    for child in tok.children:
        if child.dep_ == "appos":
            toks = sorted(child.subtree, key=lambda t: t.i)
            text = tok.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
            return _clean(text)
    return None


def _premodifier_role(tok: Token, person: Span) -> str | None:
    """'Ukrainian military spokesman Dmytro X': the title written before the name."""
    words = [
        t
        for c in tok.children
        if c.i < person.start and c.dep_ in ("compound", "amod", "nmod")
        for t in c.subtree
    ]
    words = sorted(
        (t for t in words if t.i < person.start and t.pos_ not in ("DET", "PUNCT")), key=lambda t: t.i
    )
    if not words or not any(t.pos_ == "NOUN" for t in words):
        return None
    return _clean(tok.doc.text[words[0].idx : words[-1].idx + len(words[-1].text)])


def _phrase_text(tok: Token) -> tuple[str, int, int]:
    toks = [tok] + [
        t for c in tok.children if c.dep_ in ("compound", "amod", "poss", "det", "nmod") for t in c.subtree
    ]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            toks.extend(c.subtree)
    toks.sort(key=lambda t: t.i)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return tok.doc.text[start:end], start, end


def resolve_claimant(tok: Token, kind: str, people: People) -> Claimant:
    """A claimant from the token that names it (a subject, an 'according to' object...)."""
    lex = lexicon()
    if tok.lower_ in lex.container_nouns:  # "reports from American journalists", "data of the General Staff"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in lex.container_prepositions:
                inner = next((g for g in c.children if g.dep_ == "pobj"), None)
                if inner is not None:
                    return resolve_claimant(inner, kind, people)
    if tok.lower_ in lex.pronouns and people.last is not None:
        prev = people.last
        return Claimant(prev.name, prev.role, prev.side, kind, tok.idx, tok.idx + len(tok.text))
    person = _person_span(tok)
    role = _appos_role(tok) or (_premodifier_role(tok, person) if person is not None else None)
    if person is not None or (tok.pos_ == "PROPN" and tok.text.lower() in lex.people):
        name = person.text if person is not None else tok.text
        name = re.sub(r"['’]s$", "", name)
        name, role = people.register(name, role)
        known = lex.people.get(name.split()[-1].lower())
        if known:
            if len(known[0]) > len(name) and known[0].split()[-1] == name.split()[-1]:
                name = known[0]
            role = role or known[1]
        side = side_of(name, role)
        start, end = (
            (person.start_char, person.end_char) if person is not None else (tok.idx, tok.idx + len(tok.text))
        )
        return Claimant(name, role, side, kind, start, end)
    text, start, end = _phrase_text(tok)
    name = _clean(text)
    side = side_of(name, role)
    return Claimant(name, role, side, kind, start, end)


def _in_quotes(sent: Span, tok: Token) -> bool:
    before = sent.doc.text[sent.start_char : tok.idx]
    return sum(before.count(q) for q in QUOTES) % 2 == 1


def find_claimant(trigger: Token, sent: Span, people: People) -> Claimant | None:
    """The source a trigger's clause is attributed to within its sentence, if any."""
    lex = lexicon()
    # 1. reported speech: a reporting verb up the tree whose subject is the source
    for anc in [trigger, *trigger.ancestors]:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in lex.reporting_verbs and anc is not trigger:
            subj = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ not in lex.non_source_subjects:
                kind = "direct_quote" if _in_quotes(sent, trigger) else "reported_speech"
                claimant = resolve_claimant(subj, kind, people)
                claimant.hedge = anc.lemma_.lower() in lex.hedge_verbs
                return claimant
    # 2. according to X
    for tok in sent:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((g for g in (to.children if to is not None else []) if g.dep_ == "pobj"), None)
            if pobj is not None:
                return resolve_claimant(pobj, "according_to", people)
    # 3. a quote followed by "X said"
    if _in_quotes(sent, trigger):
        for tok in sent:
            if tok.i > trigger.i and tok.lemma_.lower() in lex.reporting_verbs:
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return resolve_claimant(subj, "direct_quote", people)
    return None


def headline_claimant(text: str) -> Claimant | None:
    """'... - Russian Defense Ministry', '... - Basurin': the source named at the end of a headline."""
    lex = lexicon()
    m = lex.headline_dash_rx.search(text.strip())
    if not m:
        return None
    suffix = m.group(1).strip()
    if "." in suffix or len(suffix.split()) > 8 or not suffix[:1].isupper() and not suffix[:1].isalpha():
        return None
    words = suffix.split()
    name = suffix
    key = words[-1].lower()
    known = lex.people.get(key)
    role = None
    if known and len(words) <= 3:
        name, role = (known[0] if len(words) == 1 else suffix), known[1]
        if len(words) == 1 and known[0].split()[-1].lower() != key:  # keep the spelling as written
            name = " ".join([*known[0].split()[:-1], words[0]])
    side = side_of(name, role)
    return Claimant(name, role, side, "according_to", m.start(1), m.start(1) + len(suffix))


def document_speaker(text: str, title: str | None = None, window: int = 1200) -> Claimant | None:
    """The speaker of a speech transcript: the first official of the people lexicon named in its
    title or opening ("Address by President Zelensky ..."). Claims in the transcript's own voice
    are that speaker's word (``genre`` says when a text is a transcript)."""
    lex = lexicon()
    head = ((title or "") + "\n" + text[:window]).lower()
    best: tuple[int, str] | None = None
    for key in lex.people:
        m = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", head)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), key)
    if best is None:
        return None
    name, role, side = lex.people[best[1]]
    return Claimant(name=name, role=role, side=side, kind="direct_quote")
