"""The ``frontwatch`` command line: a thin layer over the Python API.

Every command mirrors a function of the package (``Extractor``, ``Store``, ``export``,
``evaluate``, ``run_bench``); the command line only parses options, shows progress and reports
errors in one line. Heavy modules (spaCy, SQLAlchemy, the gazetteer, the ledger) are imported
inside the commands that need them, so ``--help`` is instant.

Layout (see docs/pipeline.md, "The command line"):

- ``main``: the Typer ``app``, its callback, ``run()`` and the list of command groups;
- ``options``: option types, exit codes, ``Fail`` and the plumbing commands share;
- ``display``: the consoles and every table a command prints;
- one module per command group: ``extraction``, ``queries``, ``ledger``, ``gazetteer``,
  ``measure``, ``demo``.
"""

from .main import app, run

__all__ = ["app", "run"]
