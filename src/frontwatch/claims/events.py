"""Event triggers: which words in a parsed sentence assert that something happened.

A trigger is a verb or noun from ``lexicons/events.json`` (or a phrase such as "opened fire",
"pushed back from"). Triggers that do not assert an event are dropped: participles used as
adjectives ("retreating troops", "the occupied territories"; but a participle marked as recent on
a named place asserts its event: "the recently captured city of X"), negated or modal clauses ("could hinder", "did not capture"),
purpose and plan infinitives ("to withdraw", "plans to attack"), and nouns that are the subject of
commentary ("the capture underscores..."); the words of that clause grammar are in
``lexicons/clauses.json``. Triggers in the same clause form one event group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .lexicon import lexicon

#: Dependency labels of a clause's head verb (parser labels, not vocabulary). The words of the
#: clause grammar (modals, plan, aspect and commentary verbs, month names, equipment heads) are in
#: ``lexicons/clauses.json``.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "parataxis", "relcl", "xcomp", "acl", "pcomp"})
#: Action names of ``events.json`` (not words of the language), kept with the grouping logic they steer.
#: Phrase actions that yield to a stronger single-word trigger on the same head ("forces shelled near").
WEAK_PHRASE_ACTIONS = frozenset({"military_presence", "casualties"})
#: Battle families: a strike in the same sentence as one of these is part of the fight (ACLED codes
#: "shelled, assaulted and were repulsed" as one armed clash).
GROUND_ACTIONS = frozenset({"clash", "advance", "counterattack", "repel"})


@dataclass
class Trigger:
    token: Token
    action: str
    start: int  # char offsets in the document
    end: int
    nominal: bool
    phrase: bool = False


@dataclass
class EventGroup:
    """Triggers that describe one event in one clause."""

    triggers: list[Trigger]
    clause: Token
    sent: Span
    action: str = ""
    weapon: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def head(self) -> Trigger:
        return self.triggers[0]

    @property
    def start(self) -> int:
        return min(t.start for t in self.triggers)

    @property
    def end(self) -> int:
        return max(t.end for t in self.triggers)


def clause_head(tok: Token) -> Token:
    """The verb (or root) that heads the clause a token belongs to."""
    cur = tok
    for _ in range(40):
        if cur.pos_ in ("VERB", "AUX") and (cur.dep_ in CLAUSE_DEPS or cur.head is cur):
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _has_modal(verb: Token) -> bool:
    """A modal auxiliary, except the epistemic past ('may have captured', 'must have hit'): that
    asserts the event with a hedge (``cues`` marks it hedged)."""
    lex = lexicon()
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if any(a in lex.epistemic_modals for a in auxes) and any(a in lex.perfect_auxiliaries for a in auxes):
        return False
    return any(a in lex.modals for a in auxes)


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def place_anchor(tok: Token) -> list[Token]:
    """For a past participle modifying a named place, the tokens that name that place: "the
    recently captured city of X" (city, of, X), "X, a town recently liberated by Y troops" (town and
    its anchor X). [] when the participle does not modify a named place."""
    if tok.tag_ != "VBN" or tok.dep_ not in ("amod", "acl") or tok.head.pos_ not in ("NOUN", "PROPN"):
        return []
    noun = tok.head
    own = {t.i for t in tok.subtree}
    toks = [t for t in noun.subtree if t.i not in own and t.dep_ not in ("relcl", "acl", "punct")]
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        toks.append(noun.head)  # "Izium, a town recently liberated"
    named = noun.pos_ == "PROPN" or any(t.pos_ == "PROPN" and t.i != noun.i for t in toks)
    if not named or (noun.pos_ != "PROPN" and noun.lemma_.lower() not in lexicon().territory_objects):
        return []
    return sorted(toks, key=lambda t: t.i)


def _recent_participle(tok: Token) -> bool:
    """A participle modifier that asserts its event: the text marks it as recent and it modifies a
    named place ("the recently captured city of X"); "the occupied territories" stays a modifier."""
    recent = lexicon().recent_adverbs
    return any(c.dep_ == "advmod" and c.lower_ in recent for c in tok.children) and bool(place_anchor(tok))


def _blocked(tok: Token, nominal: bool, action: str = "") -> str | None:
    """Why a trigger asserts no event, or None if it does."""
    lex = lexicon()
    if (tok.dep_ == "amod" and not _recent_participle(tok)) or (
        tok.tag_ == "VBG" and tok.dep_ in ("amod", "compound", "pcomp", "acl")
    ):
        return "modifier"
    if nominal and tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.equipment_heads:
        return "modifier"  # "riot police", "combat gear", "protest organisers"
    while tok.dep_ == "conj" and tok.head is not tok and tok.head.pos_ == tok.pos_:
        tok = tok.head  # "the capture and the retreat underscore...": judge the first conjunct
    if nominal and any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in tok.children):
        return "negated"
    if nominal and any(c.lower_ in lex.unasserted_modifiers for c in tok.children):
        return "not asserted"
    verb = clause_head(tok)
    chain = [verb]
    cur = verb
    # Walk the chain of clauses up to the root: a modal or negation anywhere up the xcomp chain blocks.
    for _ in range(6):
        if cur.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl") and cur.head is not cur:
            cur = cur.head
            chain.append(cur)
        else:
            break
    if _is_negated(verb) or _has_modal(verb):
        return "modal or negated"
    if (
        verb.dep_ == "xcomp"
        and _is_infinitive(verb)
        and verb.head.lemma_ not in lex.try_verbs
        and verb.head.lemma_ not in lex.aspect_verbs
        and not (action == "agreement" and verb.head.lemma_ == "agree")
    ):
        return "plan or purpose"
    if verb.dep_ in ("advcl", "acl", "relcl") and _is_infinitive(verb):
        return "purpose"
    for up in chain[1:]:
        if up.lemma_ in lex.plan_verbs and _is_infinitive(chain[chain.index(up) - 1]):
            if action == "agreement" and up.lemma_ == "agree":
                continue  # "agreed to resume peace talks" is itself the agreement
            return "plan"
        if (_has_modal(up) or _is_negated(up)) and up.lemma_ not in lex.reporting_verbs:
            return "modal or negated"
    reaction = lex.reaction
    if any(
        a.lemma_.lower() in reaction
        or any(c.dep_ == "dobj" and c.lemma_.lower() in reaction for c in a.children)
        for a in tok.ancestors
    ):
        return "reference to an earlier event"  # "claimed responsibility for the bombing", "sanctions over the attack"
    if nominal and tok.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ in lex.commentary_verbs:
        return "commentary"
    if (
        nominal
        and verb is not tok
        and verb.lemma_ in lex.commentary_verbs
        and tok.dep_ in ("dobj", "pobj", "attr")
    ):
        return "commentary"
    return None


def _is_month(tok: Token) -> bool:
    """'March' in '13 March 2023' is a date, not a protest march."""
    if tok.lower_ not in lexicon().month_names or not tok.text[:1].isupper():
        return False
    if tok.ent_type_ == "DATE" or tok.pos_ == "PROPN":
        return True
    doc = tok.doc
    return any(0 <= j < len(doc) and doc[j].like_num for j in (tok.i - 1, tok.i + 1))


def _token_at(sent: Span, char: int) -> Token | None:
    for tok in sent:
        if tok.idx <= char < tok.idx + len(tok.text) + 1:
            return tok
    return None


def object_of(tok: Token) -> Token | None:
    """A verb's direct object or passive subject; for a participle ("a cache found near X"), its noun."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        obj = tok.head
    return obj


def _object_fits(trig: Trigger) -> bool:
    """Verbs listed in ``verb_objects`` assert their event only with a fitting object: "found a
    weapons cache" (not "found dead"), "deployed troops" (not "deployed cluster bombs")."""
    lex = lexicon()
    tok = trig.token
    wanted = lex.verb_objects.get(tok.lemma_.lower())
    if wanted is None or trig.phrase or trig.nominal:
        return True
    obj = object_of(tok)
    if obj is None:
        return False
    if "#any" in wanted:
        return True
    if "#weapons" in wanted:
        words = {t.lower_ for t in obj.subtree}
        return bool(words & lex.weapon_words) or bool(weapon_class(" ".join(words)))
    return obj.lower_ in wanted or obj.lemma_.lower() in wanted


def _subject_fits(trig: Trigger) -> bool:
    """Intransitive verbs listed in ``verb_subjects`` assert their event only with a fitting
    subject: "a journalist disappeared" (a person), not "the plane disappeared from radar"."""
    lex = lexicon()
    tok = trig.token
    wanted = lex.verb_subjects.get(tok.lemma_.lower())
    if wanted is None or trig.phrase or trig.nominal:
        return True
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and tok.dep_ == "conj":  # "was detained and disappeared": the shared subject
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    if "#person" in wanted:
        return (
            subj.ent_type_ == "PERSON"
            or subj.lemma_.lower() in lex.person_objects
            or subj.lower_ in lex.person_objects
        )
    return subj.lemma_.lower() in wanted


def find_triggers(
    sent: Span, offset: int = 0, rejected: list[tuple[Trigger, str]] | None = None
) -> list[Trigger]:
    """Every event-asserting trigger in a parsed sentence; ``offset`` maps to document offsets.
    ``rejected``, when given, receives the trigger words that assert no event and why."""
    lex = lexicon()
    low = sent.text.lower()
    base = sent.start_char
    found: dict[int, Trigger | None] = {}  # None: a token covered by a phrase, not a trigger itself
    for rx, action in lex.phrases:
        for m in rx.finditer(low):
            toks = [t for t in sent if m.start() <= t.idx - base < m.end()]
            if not toks:
                continue
            verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
            head = verbs[0] if verbs else min(toks, key=lambda t: len(list(t.ancestors)))
            prev = found.get(head.i)
            if prev is not None and lex.priority.get(prev.action, 99) <= lex.priority.get(action, 99):
                continue
            nominal = head.pos_ not in ("VERB", "AUX")
            found[head.i] = Trigger(
                head, action, base + m.start() + offset, base + m.end() + offset, nominal, True
            )
            for t in toks:
                if t.i != head.i:
                    found.setdefault(t.i, None)
    for tok in sent:
        prev = found.get(tok.i, False)
        if prev is None or (prev and prev.action not in WEAK_PHRASE_ACTIONS):
            continue
        if _is_month(tok):
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and (lemma in lex.verbs or tok.lower_ in lex.verbs):
            action, nominal = lex.verbs.get(lemma) or lex.verbs[tok.lower_], False
        elif tok.pos_ in ("NOUN", "PROPN") and (lemma in lex.nouns or tok.lower_ in lex.nouns):
            action, nominal = lex.nouns.get(lemma) or lex.nouns[tok.lower_], True
        elif tok.pos_ == "ADJ" and tok.lower_ in lex.death_adjectives and tok.dep_ not in ("amod",):
            action, nominal = "casualties", True
        else:
            continue
        if prev:  # a weak phrase on this head: the word's own action wins if it is stronger
            if lex.priority.get(action, 99) >= lex.priority.get(prev.action, 99):
                continue
            found[tok.i] = Trigger(tok, action, tok.idx + offset, tok.idx + len(tok.text) + offset, nominal)
            continue
        found[tok.i] = Trigger(tok, action, tok.idx + offset, tok.idx + len(tok.text) + offset, nominal)
    out = []
    for trig in found.values():
        if trig is None:
            continue
        why = _blocked(trig.token, trig.nominal, trig.action)
        if why is None and not _object_fits(trig):
            why = "object does not fit"
        if why is None and not _subject_fits(trig):
            why = "subject does not fit"
        if why is None:
            out.append(trig)
        elif rejected is not None:
            rejected.append((trig, why))
    return sorted(out, key=lambda t: t.start)


def group_triggers(sent: Span, triggers: list[Trigger]) -> list[EventGroup]:
    """Triggers of one clause make one event; casualty/damage clauses join the event they follow."""
    lex = lexicon()
    groups: dict[int, EventGroup] = {}
    for trig in triggers:
        head = clause_head(trig.token)
        if trig.token.dep_ == "amod" and place_anchor(trig.token):
            head = trig.token  # "launched an offensive from the recently captured city of X": two events
        # nouns hanging off a light or occurrence verb belong to that verb's clause
        key = head.i
        if key not in groups:
            groups[key] = EventGroup([], head, sent)
        groups[key].triggers.append(trig)
    merged: list[EventGroup] = []
    for g in sorted(groups.values(), key=lambda g: g.start):
        families = {lex.actions[t.action].family for t in g.triggers}
        minor = families <= {"casualty", "strike"} and all(
            t.action in ("casualties", "destroy", "fire", "strike") for t in g.triggers
        )
        if merged and (minor or families & {lex.actions[t.action].family for t in merged[-1].triggers}):
            merged[-1].triggers.extend(g.triggers)
        else:
            merged.append(g)
    # Shelling in a sentence that reports ground fighting is part of that fight: one armed clash.
    ground = next((g for g in merged if any(t.action in GROUND_ACTIONS for t in g.triggers)), None)
    if ground is not None:
        kept = []
        for g in merged:
            if g is not ground and {lex.actions[t.action].family for t in g.triggers} <= {
                "strike",
                "casualty",
            }:
                ground.triggers.extend(g.triggers)
            else:
                kept.append(g)
        merged = kept
    for g in merged:
        has_ground = any(t.action in GROUND_ACTIONS for t in g.triggers)

        def rank(t: Trigger, has_ground: bool = has_ground) -> tuple[int, int]:
            demote = has_ground and lex.actions[t.action].family in ("strike", "casualty")
            return (1 if demote else 0, lex.priority.get(t.action, 99))

        g.triggers.sort(key=rank)
        _promote_main_verb(g)
    return merged


def _promote_main_verb(g: EventGroup) -> None:
    """An arrest or agreement that is the clause's own verb (or its object) heads the group over
    protest or fighting nouns that only give the background: "detained people who organise
    demonstrations", "agreed a ceasefire after the worst fighting in years"."""
    head = g.triggers[0]
    if head.action in ("arrest", "agreement") or len(g.triggers) < 2:
        return
    head_obj = object_of(head.token) if not head.nominal else None
    protest_toks = {t.token.i for t in g.triggers if t.action == "protest"}
    for trig in g.triggers[1:]:
        tok = trig.token
        main = tok.pos_ in ("VERB", "AUX") or (tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB")
        if trig.action == "agreement" and main:
            pass
        elif trig.action == "protest" and head_obj is not None and tok.i in {t.i for t in head_obj.subtree}:
            pass  # "fired tear gas": what was fired makes it a protest with intervention
        elif (
            trig.action in ("arrest", "group_change", "base_established")
            and tok.pos_ == "VERB"
            and head.nominal
            and head.action == "protest"
        ):
            obj = object_of(tok)
            if obj is not None and protest_toks & {t.i for t in obj.subtree}:
                continue  # "arrested (thousands of) protesters": a protest with intervention
        else:
            continue
        g.triggers.remove(trig)
        g.triggers.insert(0, trig)
        return


def weapon_class(text: str) -> set[str]:
    """Weapon classes named in a text (lower-cased)."""
    return {name for name, rx in lexicon().weapons.items() if rx.search(text)}
