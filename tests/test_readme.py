"""README's "Use it from Python" snippet runs as written: it is taken from README.md and executed in a
temporary directory (its own short text, a SQLite file there; no network, nothing outside the repo)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def python_snippet(section: str = "## Use it from Python") -> str:
    text = README.read_text(encoding="utf-8")
    body = text[text.index(section) :]
    start = body.index("```python\n") + len("```python\n")
    return body[start : body.index("```", start)]


def test_readme_python_snippet_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    snippet = python_snippet()
    script = tmp_path / "snippet.py"
    script.write_text(snippet, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRONTWATCH_DB", raising=False)
    namespace = runpy.run_path(str(script), run_name="__main__")
    assert namespace["record"].claims, "the snippet's text gives at least one claim"
    assert (tmp_path / "fw.db").exists()  # the store went where the snippet says, in the temp dir
    printed = capsys.readouterr().out
    assert "Chasiv Yar" in printed  # the claim loop and the stored-claims query both printed
    assert "repel" in printed


EXAMPLES = README.parent / "examples"


def tour_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## A tour of the commands") : text.index("## Reliability")].splitlines()


def test_every_file_the_tour_reads_is_in_examples() -> None:
    """The tour says its files are in examples/; each one it reads is there."""
    named = {
        word
        for line in tour_lines()
        if line.startswith("$ ") and not line.startswith("$ frontwatch bench")
        for word in line.split()
        if word.endswith((".txt", ".jsonl")) and not word.startswith(("-", "claims"))
    }
    assert {
        "report.txt",
        "background.txt",
        "mixed.jsonl",
        "seed.jsonl",
        "reports.jsonl",
        "seed_gold.jsonl",
    } <= named
    assert sorted(n for n in named if not (EXAMPLES / n).exists()) == []


def test_the_tour_ingest_lines_are_what_the_examples_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`frontwatch ingest` on the examples prints what README shows (the store path aside)."""
    from typer.testing import CliRunner

    from frontwatch.cli import app

    lines = tour_lines()
    monkeypatch.chdir(EXAMPLES)
    runner = CliRunner()
    checked = 0
    for i, line in enumerate(lines):
        if not line.startswith("$ frontwatch ingest"):
            continue
        args = line.split()[2:]
        db = args[args.index("--db") + 1]
        args[args.index("--db") + 1] = str(tmp_path / db)
        printed = runner.invoke(app, args).stderr.strip()
        assert printed == lines[i + 1].replace(f"sqlite:///{db}", f"sqlite:///{tmp_path / db}")
        checked += 1
    assert checked >= 3
