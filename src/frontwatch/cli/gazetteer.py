"""The ``gazetteer`` command group: ``gazetteer lookup`` (candidates for a place name, with
their scores) and ``gazetteer import`` (extend the gazetteer with a GeoNames dump).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .display import candidates_table, err, out, plural
from .options import Fail


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Look up and extend the place-name gazetteer.", no_args_is_help=True)
    group.command("lookup")(gazetteer_lookup)
    group.command("import")(gazetteer_import)
    app.add_typer(group, name="gazetteer")


def gazetteer_lookup(
    name: Annotated[
        str, typer.Argument(help="A place name in any spelling: Konstantinovka, Костянтинівка, Artemovsk...")
    ],
    limit: Annotated[int, typer.Option("--limit", help="Candidates to show.")] = 10,
) -> None:
    """Candidates for a place name, best first, with their scores."""
    from ..geo import Geoparser

    cands = Geoparser().gazetteer.lookup(name, limit=limit)
    if not cands:
        raise Fail(f"no place matches {name!r}")
    out.print(candidates_table(cands))


def gazetteer_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A GeoNames country dump (e.g. UA.txt) with alternate names.", exists=True, dir_okay=False
        ),
    ],
    min_population: Annotated[int, typer.Option("--min-population", help="Skip smaller places.")] = 0,
) -> None:
    """Extend the gazetteer with a GeoNames dump; kept in your user data dir for every later run."""
    from ..geo import Gazetteer
    from ..geo.gazetteer import extra_path

    try:
        n = Gazetteer.import_geonames(path, min_population=min_population)
    except (OSError, ValueError) as exc:
        raise Fail(f"{path}: {exc}") from None
    err.print(f"imported {plural(n, 'place')} from {path} into {extra_path()}")
