"""The ``demo`` command: the main job on the bundled seed report (extract, store, show, export),
saying where everything went.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .display import claims_table, out, plural
from .options import ModelOpt, load_extractor

if TYPE_CHECKING:
    from ..models import ClaimRecord


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Where to put the demo database and exports \\[default: user data dir]/demo."
        ),
    ] = None,
    model: ModelOpt = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="en: the seed report; uk or ru: a Ukrainian or Russian report written for the project, "
            "read in its own language.",
        ),
    ] = "en",
) -> None:
    """The main job on the bundled seed report: extract, store, show, export; says where everything went.

    Examples: frontwatch demo; frontwatch demo --lang uk; frontwatch demo --lang ru --dir /tmp/demo-ru
    """
    from importlib.resources import files

    from platformdirs import user_data_dir

    from ..export import export
    from ..models import Document
    from ..store import Store

    data = files("frontwatch").joinpath("data")
    if lang == "en":
        meta = json.loads(data.joinpath("seed_gold.jsonl").read_text("utf-8").splitlines()[0])
        meta["file"], what = "seed_article.txt", "the seed report"
    else:
        samples = json.loads(data.joinpath("samples.json").read_text("utf-8"))
        if lang not in samples or lang.startswith("_"):
            raise typer.BadParameter(f"no sample in {lang!r}: use en, uk or ru", param_hint="--lang")
        meta = samples[lang]
        what = {"uk": "a Ukrainian report", "ru": "a Russian report"}[lang] + " written for the project"
    doc = Document(
        id=meta["id"],
        text=data.joinpath(meta["file"]).read_text("utf-8"),
        published=meta["published"],
        source=meta.get("source"),
    )
    target = out_dir or Path(user_data_dir("frontwatch")) / ("demo" if lang == "en" else f"demo-{lang}")
    target.mkdir(parents=True, exist_ok=True)
    db_path = target / "demo.db"
    db_path.unlink(missing_ok=True)

    extractor = load_extractor(model)
    record: ClaimRecord = extractor.extract(doc)
    with Store(f"sqlite:///{db_path}") as store:
        store.add(doc, record.claims, extractor.version)
        out.print(
            f"[bold]frontwatch demo[/bold]: {what} ({len(doc.text.split())} words, published {doc.published})"
        )
        out.print(
            claims_table([(doc.id, c) for c in record.claims], title=plural(len(record.claims), "claim"))
        )
        for c in record.claims:
            ev = c.evidence
            out.print(f"[dim]{c.claim_id}[/dim] {c.action}: “{ev.sentence.strip()}”")
        csv_path, geojson_path, jsonl_path = (
            target / "claims.csv",
            target / "claims.geojson",
            target / "claims.jsonl",
        )
        export(store.query_claims(), "csv", csv_path)
        geo = export(store.query_claims(), "geojson", geojson_path)
        export(store.query_claims(), "jsonl", jsonl_path)
    out.print()
    out.print(f"database  {db_path}")
    out.print(f"CSV       {csv_path}  (ACLED columns first)")
    out.print(f"GeoJSON   {geojson_path}  ({plural(geo.written, 'located claim')}; open in QGIS)")
    out.print(f"JSONL     {jsonl_path}")
    out.print(f"next: frontwatch claims --db {db_path}")
    out.print(f"API:  frontwatch serve --db {db_path}  (then open http://127.0.0.1:8765/docs)")
