"""Commands that measure frontwatch: ``eval`` (score extraction against gold documents, exactly
as score.py does) and ``bench`` (throughput and peak memory against bare spaCy, or of event
clustering with ``--ledger``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .display import out
from .options import Fail, ModelOpt, load_extractor, progress


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_cmd)
    app.command()(bench)


def eval_cmd(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold JSONL: input documents with `events` (docs/formats.md).", exists=True, dir_okay=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--out", help="Also write the extracted claim records here.")
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Extract the gold documents and score the claims exactly as score.py does.

    Example:

      frontwatch eval my-gold.jsonl --json
    """
    from ..evaluate import evaluate, format_report, report_json

    report, records = evaluate(gold, load_extractor(model, default_maps=True))
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(rec.to_json() + "\n")
    if report:
        typer.echo(report_json(report) if as_json else format_report(report))


def bench(
    corpus: Annotated[
        Path | None, typer.Argument(help="Input JSONL to extract (docs/formats.md).", show_default=False)
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    ledger: Annotated[
        bool, typer.Option("--ledger", help="Benchmark event clustering on a generated corpus instead.")
    ] = False,
    claims_n: Annotated[
        int, typer.Option("--claims", min=1, help="With --ledger: how many generated claims.")
    ] = 200_000,
    store_claims: Annotated[
        int,
        typer.Option(
            "--store-claims", min=0, help="With --ledger: also cluster this many through a SQLite store."
        ),
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    model: ModelOpt = None,
    workers: Annotated[
        str | None,
        typer.Option(
            "--workers",
            metavar="N,N,...",
            help="Scaling instead: throughput with each number of worker processes (e.g. 1,2).",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        bool, typer.Option("--dask", help="With --workers: also on a Dask LocalCluster of the largest count.")
    ] = False,
) -> None:
    """Throughput and peak memory of frontwatch against bare spaCy, measured in the same run.

    Examples:

      frontwatch bench articles.jsonl

      frontwatch bench --ledger --claims 200000 --store-claims 200000

      frontwatch bench articles.jsonl --workers 1,2 --dask
    """
    if ledger:
        from ..bench_ledger import format_ledger_bench, run_ledger_bench

        with progress(f"clustering {claims_n:,} generated claims"):
            figures = run_ledger_bench(n_claims=claims_n, seed=0, store_claims=store_claims)
        typer.echo(json.dumps(figures, indent=1) if as_json else format_ledger_bench(figures))
        return
    if corpus is None:
        raise Fail("bench needs a CORPUS.jsonl (or --ledger)")
    if workers is not None:
        _bench_scaling(corpus, workers, dask, limit, model, as_json)
        return
    if dask:
        raise Fail("--dask compares with --workers: give --workers too (e.g. --workers 1,2 --dask)")
    from ..bench import BenchError, run_bench

    try:
        with progress("benchmarking (bare spaCy, then frontwatch)"):
            result = run_bench(corpus, limit=limit, model=model)
    except (BenchError, ValueError, OSError) as exc:
        raise Fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=1))
    else:
        out.print(result.rich_table())


def _bench_scaling(
    corpus: Path, workers: str, dask: bool, limit: int | None, model: str | None, as_json: bool
) -> None:
    from ..bench import BenchError
    from ..bench_scale import format_scaling, run_scaling

    try:
        counts = [int(x) for x in workers.split(",") if x.strip()]
    except ValueError:
        raise Fail(f"--workers {workers}: expected numbers like 1,2,4") from None
    if not counts or min(counts) < 1:
        raise Fail(f"--workers {workers}: expected numbers like 1,2,4")
    if dask:
        try:
            import distributed  # noqa: F401 - checked here: the Dask run is in a child process
        except ImportError:
            raise Fail('--dask needs Dask: pip install "frontwatch[dask]"') from None
    try:
        with progress(f"benchmarking {', '.join(map(str, counts))} workers" + (" and Dask" if dask else "")):
            result = run_scaling(corpus, counts, dask=dask, limit=limit, model=model)
    except (BenchError, ValueError, OSError) as exc:
        raise Fail(str(exc)) from None
    typer.echo(json.dumps(result, indent=1) if as_json else format_scaling(result))
