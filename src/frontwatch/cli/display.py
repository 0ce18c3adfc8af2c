"""What the command line prints: the two consoles and every table or story a command shows.

Commands compute; the functions here only turn results into rich tables and lines. They import
rich and nothing of frontwatch at run time, so any command module can use them without slowing
``--help``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..models import Claim


def console(file: Any = None) -> Console:
    """A console for tables: the terminal's width on a terminal, wide enough to read when piped."""
    stream = file or sys.stdout
    return Console(file=file, highlight=False, width=None if stream.isatty() else 160)


err = Console(stderr=True, highlight=False, soft_wrap=True)
out = console()


def plural(count: int, noun: str) -> str:
    """``1 document``, ``2 documents``, ``0 documents``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else noun + 's'}"


def span(first: Any, last: Any) -> str:
    """An event's dates: one date, or ``first – last``."""
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first} – {last}"


# --------------------------------------------------------------------------- claims


def place_name(claim: Claim) -> str:
    loc = claim.location
    if loc is None:
        return ""
    name = loc.resolved_name or loc.name
    if loc.resolved_name and loc.resolved_name != loc.name:
        name = f"{loc.resolved_name} ({loc.name})"
    if loc.relation and loc.relation not in ("in",):
        name = f"{loc.relation} {name}"
    if not loc.resolved:
        name += " (unresolved)"
    return name


def short_actor(name: str) -> str:
    return name.removeprefix("Military Forces of ").split(":")[0]


def explain_table(doc_id: str, genre: str, decisions: list[dict]) -> Table:
    """``extract --explain --format table``: each trigger word's verdict, by sentence."""
    table = Table(title=f"{doc_id}: why (genre {genre or 'news'})", show_lines=True)
    for col in ("sentence", "trigger", "action", "verdict"):
        table.add_column(col, overflow="fold")
    for d in decisions:
        verdict = d["verdict"]
        style = "green" if verdict == "taken" else "yellow" if verdict.startswith("restates") else "red"
        table.add_row(d.get("sentence", ""), d["trigger"], d["action"], Text(verdict, style=style))
    return table


def claims_table(rows: Iterable[tuple[str, Claim]], title: str | None = None) -> Table:
    """Claims as ``extract --format table``, ``claims`` and ``demo`` show them; a ``doc`` column
    only when they come from more than one document."""
    rows = list(rows)
    show_doc = len({doc_id for doc_id, _ in rows}) > 1
    table = Table(title=title, show_lines=True, expand=False)
    for col in (["doc"] if show_doc else []) + [
        "date",
        "event",
        "actors",
        "place",
        "claimant",
        "verification",
        "flags",
    ]:
        table.add_column(col, overflow="fold")
    for doc_id, c in rows:
        actors = " vs ".join(short_actor(a.name) for a in c.actors[:2])
        who = c.claimant.name or "(author)"
        side = c.claimant.side if c.claimant.side != "unknown" else ""
        date_s = f"{c.date or ''}" + (
            f" ±{ {1: 'day', 2: 'week', 3: 'month'}[c.time_precision] }"
            if c.time_precision and c.time_precision > 1
            else ""
        )
        table.add_row(
            *([doc_id] if show_doc else []),
            date_s,
            f"{c.sub_event_type}\n[dim]{c.action}[/dim]",
            actors,
            place_name(c),
            f"{who}\n[dim]{side}[/dim]" if side else who,
            c.verification + (" (hedged)" if c.hedged else ""),
            "\n".join(c.flags),
        )
    return table


# --------------------------------------------------------------------------- ledger


def events_table(events: Iterable[Any]) -> tuple[Table, int]:
    """``events --format table``: one row per event; also how many there were."""
    table = Table()
    for col in (
        "event",
        "status",
        "type",
        "place",
        "dates",
        "sides",
        "claims",
        "sources",
        "contradictions",
    ):
        table.add_column(col, overflow="fold")
    n = 0
    for ev in events:
        n += 1
        table.add_row(
            ev.event_id,
            ev.status,
            f"{ev.event_type or ''}\n[dim]{ev.family}[/dim]",
            ev.place_name or "",
            span(ev.first_date, ev.last_date),
            ", ".join(ev.sides),
            str(ev.n_claims),
            str(ev.n_sources),
            "\n".join(c.kind for c in ev.contradictions),
        )
    return table, n


def print_story(story: Any) -> None:
    """``event ID``: the event's line, why it has its status, its contradictions, then each claim
    with its evidence sentence and the copies of its text from elsewhere."""
    ev = story.event
    out.print(
        f"[bold]{ev.event_id}[/bold]  {ev.status}  {ev.event_type or ev.family}  {ev.place_name or '(no place)'}  "
        f"{span(ev.first_date, ev.last_date)}  sides: {', '.join(ev.sides) or '-'}"
    )
    for reason in ev.reasons:
        out.print(f"  [dim]why:[/dim] {escape(reason)}")
    for c in ev.contradictions:
        out.print(f"  [red]{c.kind}[/red]: {escape(c.explanation)} ({c.claim_a} vs {c.claim_b})")
    out.print()
    for c in story.claims:
        who = c.claimant or "(author)"
        flag = "" if c.claim_status == "active" else f" [yellow]{c.claim_status}[/yellow]"
        out.print(
            f"{c.date or '?'}  {c.action}  [bold]{escape(who)}[/bold] ({c.claimant_side})  via {escape(c.source or c.doc_id)}{flag}"
        )
        out.print(f"    “{escape(c.evidence.strip())}”  [dim]{c.claim_id}[/dim]")
        for copy in c.copies:  # the same text from elsewhere: the same source, not corroboration
            where = ", ".join(x for x in (copy["published"], copy["url"]) if x)
            out.print(
                f"    [dim]same text also from[/dim] {escape(copy['source'] or copy['doc_id'])}"
                + (f" [dim]({escape(where)})[/dim]" if where else "")
            )


def place_table(name: str, entries: list[Any], changes: Iterable[Any] = ()) -> Table:
    """``place NAME``: the place's timeline, one row per claim, with the control map's changes
    of hands (``frontwatch control``) interleaved by date."""
    changes = list(changes)
    title = f"{name}: {plural(len(entries), 'claim')}"
    if changes:
        title += f", {plural(len(changes), 'change')} of hands on the map"
    table = Table(title=title)
    for col in ("date", "action", "place", "claimant", "source", "event", "status", "evidence"):
        table.add_column(col, overflow="fold")
    rows: list[tuple[Any, int, list[str]]] = []
    for e in entries:
        status = e.event_status or ""
        if e.claim_status and e.claim_status != "active":
            status += f" ({e.claim_status})"
        rows.append(
            (
                e.date,
                1,
                [
                    str(e.date or ""),
                    e.action,
                    e.place_name or "",
                    f"{e.claimant or '(author)'}\n[dim]{e.claimant_side}[/dim]",
                    e.source or e.doc_id,
                    e.event_id or "",
                    status,
                    e.evidence.strip(),
                ],
            )
        )
    for c in changes:
        rows.append(
            (
                c.day,
                0,
                [
                    str(c.day),
                    f"[bold]map: {c.before} → {c.after}[/bold]",
                    c.place,
                    "[dim](control map)[/dim]",
                    ", ".join(c.maps),
                    "",
                    "",
                    f"[dim]last seen {c.before} {c.last_before}[/dim]",
                ],
            )
        )
    for _day, _kind, row in sorted(rows, key=lambda r: (r[0] or date.max, r[1])):
        table.add_row(*row)
    return table


# --------------------------------------------------------------------------- gazetteer


def candidates_table(cands: Iterable[Any]) -> Table:
    """``gazetteer lookup``: candidate places, best first, with their scores."""
    table = Table()
    for col in ("name", "admin1", "admin2", "country", "kind", "population", "lat", "lon", "id", "score"):
        table.add_column(col)
    for c in cands:
        table.add_row(
            c.name,
            c.admin1 or "",
            c.admin2 or "",
            c.country or "",
            c.kind,
            str(c.population or ""),
            f"{c.lat:.4f}",
            f"{c.lon:.4f}",
            c.id,
            f"{c.score:.2f}",
        )
    return table
