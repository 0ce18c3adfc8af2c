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
