"""Actor roles: the claim's actor 1 and actor 2 once the event is typed.

Actor 1 is the draft's first agent, actor 2 its patients; a battle in the theatre gets the implied
opponent (``actors.json`` 'opponents'); a loser named without a winner ("Ukrainian forces were
pushed back") is actor 2, and so are the weapons shot down when no interceptor is named. Also flags attackers hitting their own side (``actor_inconsistency``)
and names civilians outside Ukraine by their country ("Civilians (Russia)").
"""

from __future__ import annotations

from ..models import Actor
from .drafts import Draft


def claim_actors(d: Draft, lex, theatre: bool, event_type: str, action: str) -> list[Actor]:
    """Actor 1 then actor 2, with the implied opponent where the typed event implies one."""
    out: list[Actor] = []
    seen: set[str] = set()
    for ref in d.agents[:1] + d.patients:
        if ref.name not in seen:
            out.append(Actor(name=ref.name, side=ref.side))
            seen.add(ref.name)
    family = lex.actions[action].family
    sides = {a.side for a in out}
    if theatre and family in ("clash", "territory", "casualty") and event_type == "Battles":
        for side in ("russia", "ukraine"):
            if side in sides and ({"russia", "ukraine"} - sides):
                other = "ukraine" if side == "russia" else "russia"
                out.append(Actor(name=lex.opponents[side], side=other))
                break
        if not sides & {"russia", "ukraine"} and d.claimant and d.claimant.side in ("russia", "ukraine"):
            out = [
                Actor(
                    name=lex.opponents["ukraine" if d.claimant.side == "russia" else "russia"],
                    side=d.claimant.side,
                ),
                Actor(
                    name=lex.opponents[d.claimant.side],
                    side="ukraine" if d.claimant.side == "russia" else "russia",
                ),
            ]
    if d.agents and d.agents[0].side is None and not out:
        out.append(Actor(name=d.agents[0].name, side=None))
    if (
        theatre
        and not d.agents
        and out
        and family == "disrupt"
        and out[0].side in ("russia", "ukraine")
        and len(out) == 1
    ):
        # "Russian drones were shot down over Dnipro": the weapons' side is actor 2, the side that
        # intercepted them (the implied opponent) actor 1 (ACLED: the interceptor acts)
        other = "ukraine" if out[0].side == "russia" else "russia"
        out = [Actor(name=lex.opponents[out[0].side], side=other), out[0]]
    if not d.agents and out and family == "territory" and out[0].side in ("russia", "ukraine"):
        # "Ukrainian forces were pushed back": the loser is actor 2, the implied winner actor 1
        out = out[1:] + out[:1] if len(out) > 1 else out
    return out


def inconsistent(actors: list[Actor], d: Draft, family: str) -> bool:
    """Whether the attacker is on the same side as what it hit."""
    if family not in ("strike", "attack", "clash"):
        return False
    if not d.agents or d.agents[0].side not in ("russia", "ukraine") or d.agents[0].kind == "civilians":
        return False
    attacker = d.agents[0].side
    targets = [p.side for p in d.patients if p.kind != "civilians"] + (
        [d.target_side] if d.target_side else []
    )
    return attacker in targets


def civilians_of(actor: Actor, country: str) -> Actor:
    """Civilians hurt outside Ukraine are that country's civilians (ACLED: 'Civilians (Russia)')."""
    if actor.name != "Civilians (Ukraine)":
        return actor
    side = "russia" if country == "Russia" else "civilians"
    return Actor(name=f"Civilians ({country})", side=side)
