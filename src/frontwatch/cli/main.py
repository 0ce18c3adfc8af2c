"""The ``frontwatch`` Typer app: the top-level callback (``--verbose``, ``--version``), how
``--help`` names option values, the console script ``run()``, and the list of command groups.

Each command group is a module with a ``register(app)`` function that adds its commands (or its
sub-app) to ``app``; a new group is a new module plus one entry in ``COMMAND_GROUPS``. Command
modules never import this one: what they share is in ``options`` and ``display``.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Any

import typer

from .. import __version__
from . import control, demo, extraction, gazetteer, ledger, measure, queries, serve
from .display import err, out


def _metavar(self: Any, ctx: Any) -> str | None:
    """What ``--help`` shows as a parameter's value: a flag none, text ``TEXT``, numbers
    ``INTEGER``/``FLOAT``, choices ``a|b``, several values ``...`` (typer 0.29 shows the Python
    annotation instead: ``<bool>``, ``<str>``, ``<list[str]>``). An explicit ``metavar`` wins."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False):
        return None
    label = _typer_display(self, ctx)
    if label is None:
        return None
    many = label.endswith("...") or "list[" in label or self.nargs != 1
    core = label.removesuffix("...").strip("<>")
    if core.startswith("list[") and core.endswith("]"):
        core = core[5:-1]
    core = _PLAIN_TYPES.get(core, core)
    return core + "..." if many else core


_PLAIN_TYPES = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "int range": "INTEGER",
    "float range": "FLOAT",
    "Path": "PATH",
    "path": "PATH",
}
_typer_display = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _metavar  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _metavar  # type: ignore[method-assign]

app = typer.Typer(
    name="frontwatch",
    help="Turn war reporting into a verifiable, geolocated ledger of claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        out.print(f"frontwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """frontwatch reads war reports and keeps, for every claim, what happened, who did it to whom,
    where, when, who says so and on which side, how the text hedges it, and what is inconsistent."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="frontwatch: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


# The command groups, in the order ``--help`` lists their commands (sub-apps such as
# ``gazetteer`` come after all top-level commands whatever their place here).
COMMAND_GROUPS = (extraction, queries, ledger, control, measure, serve, gazetteer, demo)
for _group in COMMAND_GROUPS:
    _group.register(app)


def run() -> None:
    """The console script: the CLI, plus the two ways a Unix tool is stopped from outside.

    ``frontwatch export -o - | head`` closes the pipe early: exit quietly, as ``cat`` does.
    Ctrl-C: one line, status 130; whatever was committed stays committed.
    """
    try:
        app(prog_name="frontwatch")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python would otherwise complain again at exit
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("frontwatch: interrupted")
        sys.exit(130)
