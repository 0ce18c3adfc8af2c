"""Tests for frontwatch.ingest: every input kind, and bad input turned into InputProblems."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest

from frontwatch.ingest import InputProblem, iter_jsonl_records, read_documents
from frontwatch.models import Document

ARTICLE_HTML = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Drone attack on river port | Steppe Courier</title>
<meta property="og:title" content="Drone attack on river port">
<meta property="og:site_name" content="Steppe Courier">
<meta property="article:published_time" content="2023-11-14T07:30:00+02:00">
<link rel="canonical" href="https://courier.example/news/river-port-drones">
</head><body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/markets">Markets and weather</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article>
<h1>Drone attack on river port</h1>
<p>Loitering munitions hit grain silos at a small river port overnight, the district administration
said on Tuesday, adding that firefighters needed four hours to put out the blaze.</p>
<p>No casualties were reported among the port workers, according to the head of the district, who
published photographs of the damaged warehouses on his official channel.</p>
<p>The air defence command said that nine of the twelve drones launched in the attack were shot down
before they reached the port area near the southern bank of the river.</p>
</article>
<footer>Copyright Steppe Courier. Cookie settings. Terms of use.</footer>
</body></html>
"""


def _docs(results: list) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def _problems(results: list) -> list[InputProblem]:
    return [r for r in results if isinstance(r, InputProblem)]


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# -- InputProblem --------------------------------------------------------------------------------


def test_input_problem_str_with_and_without_line() -> None:
    assert str(InputProblem("a.jsonl", 2, "invalid JSON")) == "a.jsonl:2: invalid JSON"
    assert str(InputProblem("a.txt", None, "empty file")) == "a.txt: empty file"
    with pytest.raises(AttributeError):
        InputProblem("a", None, "m").message = "x"  # type: ignore[misc]


# -- .txt ----------------------------------------------------------------------------------------


def test_txt_file_uses_file_name_as_id_and_keyword_fields(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Shelling was reported near the village on Monday.\n", encoding="utf-8")
    [doc] = read_documents([path], published=date(2024, 2, 1), source="wire")
    assert isinstance(doc, Document)
    assert doc.id == "report.txt"
    assert doc.text.startswith("Shelling was reported")
    assert doc.published == date(2024, 2, 1)
    assert doc.source == "wire"


def test_txt_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffA convoy was seen on the highway.".encode())
    [doc] = read_documents([path])
    assert isinstance(doc, Document)
    assert doc.text == "A convoy was seen on the highway."


def test_gzipped_txt(tmp_path: Path) -> None:
    path = tmp_path / "note.txt.gz"
    path.write_bytes(gzip.compress(b"A bridge was damaged by artillery fire."))
    [doc] = read_documents([path])
    assert isinstance(doc, Document)
    assert doc.id == "note.txt.gz"
    assert doc.text == "A bridge was damaged by artillery fire."


# -- HTML ----------------------------------------------------------------------------------------


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "port.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = read_documents([path])
    assert isinstance(doc, Document), doc
    assert doc.id == "port.html"
    assert "grain silos" in doc.text
    assert "nine of the twelve drones" in doc.text
    for boilerplate in ("Markets and weather", "Subscribe to our newsletter", "Cookie settings"):
        assert boilerplate not in doc.text
    assert doc.title == "Drone attack on river port"
    assert doc.published == date(2023, 11, 14)
    assert doc.url == "https://courier.example/news/river-port-drones"
    assert doc.source == "Steppe Courier"


def test_html_cli_fields_override_metadata(tmp_path: Path) -> None:
    path = tmp_path / "port.htm"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = read_documents([path], published=date(2023, 11, 15), source="archive")
    assert isinstance(doc, Document)
    assert doc.published == date(2023, 11, 15)
    assert doc.source == "archive"


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "cyr.html"
    html = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "<p>No casualties", "<p>Удар по порту. No casualties"
    )
    path.write_bytes(html.encode("windows-1251"))
    [doc] = read_documents([path])
    assert isinstance(doc, Document), doc
    assert "Удар по порту" in doc.text


def test_html_without_main_text_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem)
    assert "no main text" in problem.message


HIDDEN_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Night shelling of the ferry town</title></head><body>
<article>
<h1>Night shelling of the ferry town</h1>
<p>Artillery shells struck the ferry terminal of a small river town on Sunday night, the regional
governor said, adding that two dock workers were wounded.</p>
<template><p>Rocket launchers destroyed the grain elevator in the northern district on Saturday,
officials said.</p></template>
<p hidden>Militia fighters captured the railway bridge near the quarry on Friday, a commander
claimed.</p>
<div aria-hidden="true"><p>Missiles hit the thermal power station outside the town on Thursday, the
army said.</p></div>
<p style="display: none">Drones set fire to the fuel depot by the motorway on Wednesday, local
police reported.</p>
<p style="color: red; VISIBILITY:hidden !important">Soldiers shelled the hospital on the hill on
Tuesday, the mayor said.</p>
<p>Emergency crews worked until morning to clear the debris from the terminal building and the pier,
<span hidden>Tanks overran the checkpoint, the army said.</span> and the ferry service was suspended
until further notice.</p>
<p style="display: block; visibility: visible">The regional administration said that repairs to the
terminal would take at least three weeks, and that passengers should use the bridge further
downstream.</p>
</article></body></html>
"""


def test_html_hidden_elements_never_reach_the_text(tmp_path: Path) -> None:
    path = tmp_path / "hidden.html"
    path.write_text(HIDDEN_HTML, encoding="utf-8")
    [doc] = read_documents([path])
    assert isinstance(doc, Document), doc
    text = " ".join(doc.text.split())
    assert "Artillery shells struck the ferry terminal" in text
    assert "repairs to the terminal would take at least three weeks" in text  # visible styles stay
    assert "and the ferry service was suspended" in text  # text after a hidden element stays
    for hidden in (
        "grain elevator",  # <template>
        "railway bridge",  # hidden attribute
        "thermal power station",  # aria-hidden="true"
        "fuel depot",  # style="display: none"
        "hospital on the hill",  # style="visibility: hidden"
        "Tanks overran",  # hidden inline element
    ):
        assert hidden not in text, hidden


def test_is_hidden_reads_inline_style_declarations() -> None:
    from lxml import html

    from frontwatch.ingest import _is_hidden

    def hidden(markup: str) -> bool:
        return _is_hidden(html.fragment_fromstring(markup))

    assert hidden('<p style="display:none">x</p>')
    assert hidden('<p style="margin: 0; display : none !important;">x</p>')
    assert hidden('<p aria-hidden="TRUE">x</p>')
    assert hidden('<p hidden="">x</p>')
    assert not hidden('<p style="display: inline-block">x</p>')
    assert not hidden('<p aria-hidden="false">x</p>')
    assert not hidden("<p style=\"content: 'display:none'\">x</p>")


# -- JSONL / JSON --------------------------------------------------------------------------------


def test_jsonl_malformed_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        _jsonl(
            {"id": "a", "text": "First report.", "published": "2024-01-02", "dataset": "x"},
            '{"id": "b", "text": ',
            "",
            {"id": 7, "text": "Third report."},
        )
    )
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["a", "7"]
    assert _docs(results)[0].published == date(2024, 1, 2)
    [problem] = _problems(results)
    assert (problem.path, problem.line) == (str(path), 2)
    assert "invalid JSON" in problem.message
    assert str(problem).startswith(f"{path}:2: ")
    assert results.index(problem) == 1  # reported in order


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('["not", "an", "object"]', "expected a JSON object"),
        ('{"text": "No id here."}', "missing 'id'"),
        ('{"id": "x"}', "missing 'text'"),
        ('{"id": "x", "text": "   "}', "text is empty"),
        ('{"id": "x", "text": "t", "published": "yesterday"}', "published"),
    ],
)
def test_jsonl_bad_line_messages(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(_jsonl({"id": "ok", "text": "Fine."}, line))
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["ok"]
    [problem] = _problems(results)
    assert problem.line == 2
    assert expected in problem.message
    assert "\n" not in str(problem)


def test_jsonl_published_and_source_fill_in_only_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "fill.jsonl"
    path.write_text(
        _jsonl(
            {"id": "has", "text": "t", "published": "2022-03-01", "source": "own"},
            {"id": "empty", "text": "t", "published": ""},
            {"id": "none", "text": "t"},
        )
    )
    docs = _docs(list(read_documents([path], published=date(2024, 5, 6), source="cli")))
    assert [(d.published, d.source) for d in docs] == [
        (date(2022, 3, 1), "own"),
        (date(2024, 5, 6), "cli"),
        (date(2024, 5, 6), "cli"),
    ]


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n{"id": "c", "text": "ok"}\n'
    )
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["a", "c"]
    [problem] = _problems(results)
    assert problem.line == 2
    assert "invalid UTF-8" in problem.message and "0xe9" in problem.message


def test_jsonl_line_longer_than_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(
        _jsonl({"id": "a", "text": "short"}, {"id": "b", "text": "x" * 500}, {"id": "c", "text": "s"})
    )
    results = list(read_documents([path], max_bytes=100))
    assert [d.id for d in _docs(results)] == ["a", "c"]
    [problem] = _problems(results)
    assert problem.line == 2 and "longer" in problem.message


def test_gzipped_jsonl_and_json_list(tmp_path: Path) -> None:
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(_jsonl({"id": "g1", "text": "one"}, {"id": "g2", "text": "two"}).encode()))
    js = tmp_path / "b.json"
    js.write_text(json.dumps([{"id": "j1", "text": "three"}, {"id": "j2"}]))
    one = tmp_path / "c.json"
    one.write_text(json.dumps({"id": "single", "text": "four"}))
    results = list(read_documents([gz, js, one]))
    assert [d.id for d in _docs(results)] == ["g1", "g2", "j1", "single"]
    [problem] = _problems(results)
    assert problem.path == str(js) and "item 2" in problem.message and "missing 'text'" in problem.message


def test_iter_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(_jsonl({"id": "a", "text": "t"}, "", "nope"))
    records = list(iter_jsonl_records(path))
    assert records[0] == (1, {"id": "a", "text": "t"})
    assert records[1][0] == 3 and isinstance(records[1][1], InputProblem)


# -- bad files -----------------------------------------------------------------------------------


def test_invalid_utf8_txt_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"first line\nsecond line with caf\xe9\n")
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem)
    assert problem.line == 2
    assert "invalid UTF-8" in problem.message and "byte offset 31" in problem.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem) and "binary" in problem.message


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text("Troops withdrew.", encoding="utf-16")
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem) and "UTF-16" in problem.message


@pytest.mark.parametrize(
    ("name", "content"), [("empty.txt", b""), ("blank.txt", b"  \n\n"), ("e.jsonl", b"")]
)
def test_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem)
    assert "empty" in problem.message or "no text" in problem.message


def test_missing_file_and_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    try:
        results = list(read_documents([missing, locked]))
    finally:
        locked.chmod(0o644)
    assert isinstance(results[0], InputProblem) and "no such file" in results[0].message
    if os.geteuid() != 0:  # root reads anything
        assert isinstance(results[1], InputProblem) and "permission denied" in results[1].message


def test_permission_error_is_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    [problem] = read_documents([path])
    assert str(problem) == f"{path}: permission denied"


def test_huge_file_refused_by_size_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        [problem] = read_documents([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(problem, InputProblem)
    assert "50.0 MB" in problem.message and "52,428,800 bytes" in problem.message
    assert peak < 5 * 1024 * 1024


def test_unknown_extension_explicit_vs_directory(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "note.txt").write_text("Note.")
    [problem] = read_documents([tmp_path / "scan.pdf"])
    assert isinstance(problem, InputProblem) and "unsupported file type" in problem.message
    assert [r.id for r in read_documents([tmp_path])] == ["note.txt"]


# -- directories and stdin -----------------------------------------------------------------------


def test_directory_recursion_sorted_hidden_skipped(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "c.txt").write_text("C.")
    (root / "a.txt").write_text("A.")
    (root / "b" / "z.txt").write_text("Z.")
    (root / "b" / "deep" / "y.txt").write_text("Y.")
    (root / "b" / "m.jsonl").write_text(_jsonl({"id": "m1", "text": "M."}))
    (root / ".hidden.txt").write_text("H.")
    (root / ".git" / "x.txt").write_text("X.")
    (root / "README.md").write_text("not an input")
    results = list(read_documents([root], published=date(2024, 1, 1)))
    assert not _problems(results)
    assert [d.id for d in _docs(results)] == ["a.txt", "b/deep/y.txt", "m1", "b/z.txt", "c.txt"]
    assert all(d.published == date(2024, 1, 1) for d in _docs(results))


def test_stdin_jsonl_mode() -> None:
    data = "\n  \n" + _jsonl({"id": "s1", "text": "One."}, "oops", {"id": "s2", "text": "Two."})
    results = list(read_documents(["-"], stdin=io.StringIO(data), source="pipe"))
    assert [(d.id, d.source) for d in _docs(results)] == [("s1", "pipe"), ("s2", "pipe")]
    [problem] = _problems(results)
    assert problem.path == "<stdin>" and problem.line == 4


def test_stdin_text_mode_binary_stream() -> None:
    stdin = io.BytesIO(b"\nAn explosion was heard in the city centre.\n{not json}\n")
    [doc] = read_documents(["-"], stdin=stdin, published=date(2024, 7, 8))
    assert isinstance(doc, Document)
    assert doc.id == "stdin"
    assert "explosion" in doc.text and "{not json}" in doc.text
    assert doc.published == date(2024, 7, 8)


def test_stdin_empty() -> None:
    [problem] = read_documents(["-"], stdin=io.StringIO(""))
    assert isinstance(problem, InputProblem) and problem.path == "<stdin>"


def test_mixed_arguments_keep_order(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One.")
    (tmp_path / "two.txt").write_text("Two.")
    results = list(read_documents([tmp_path / "two.txt", tmp_path / "missing.txt", tmp_path / "one.txt"]))
    assert [getattr(r, "id", None) for r in results] == ["two.txt", None, "one.txt"]


# -- records sanitised at the boundary ------------------------------------------------------------


def _bad_batch(tmp_path: Path, *bad_lines: str) -> Path:
    """A JSONL file: good record, the bad lines, good record (lines 1, 2.., last)."""
    path = tmp_path / "mixed.jsonl"
    first = {"id": "first", "text": "The first report.", "published": "2024-05-01"}
    last = {"id": "last", "text": "The last report.", "published": "2024-05-02"}
    path.write_text(json.dumps(first) + "\n" + "".join(x + "\n" for x in bad_lines) + json.dumps(last) + "\n")
    return path


def test_lone_surrogates_are_replaced(tmp_path: Path) -> None:
    line = '{"id": "s\\udc00", "text": "Shelling hit the depot \\ud800 at night.", "title": "T\\udfff"}'
    path = _bad_batch(tmp_path, line, '{"id": "pair", "text": "A valid pair \\ud83d\\ude00 stays."}')
    results = list(read_documents([path]))
    assert _problems(results) == []
    docs = {d.id: d for d in _docs(results)}
    assert set(docs) == {"first", "s\ufffd", "pair", "last"}
    doc = docs["s\ufffd"]
    assert doc.text == "Shelling hit the depot \ufffd at night."  # one for one: offsets unchanged
    assert doc.title == "T\ufffd"
    doc.text.encode("utf-8")  # no UnicodeEncodeError downstream
    assert doc.content_hash
    assert docs["pair"].text == "A valid pair \U0001f600 stays."


def test_nul_characters_are_dropped(tmp_path: Path) -> None:
    path = _bad_batch(
        tmp_path,
        '{"id": "n\\u0000ul", "text": "Drones\\u0000 struck the port.", "source": "Wire\\u0000"}',
        '{"id": "only-nul", "text": "\\u0000\\u0000"}',
    )
    results = list(read_documents([path]))
    docs = {d.id: d for d in _docs(results)}
    assert set(docs) == {"first", "nul", "last"}
    assert docs["nul"].text == "Drones struck the port."
    assert docs["nul"].source == "Wire"
    [problem] = _problems(results)  # a text of nothing but NULs is an empty text
    assert (problem.path, problem.line) == (str(path), 3)
    assert "text is empty" in problem.message


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_refused(tmp_path: Path, depth: int) -> None:
    nested = '{"id": "deep", "text": "Deep.", "extra": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    path = _bad_batch(tmp_path, nested)
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["first", "last"]
    [problem] = _problems(results)
    assert str(problem) == f"{path}:2: JSON nested too deeply (over 64 levels of arrays/objects)"


def test_nesting_up_to_the_limit_is_accepted(tmp_path: Path) -> None:
    nested = '{"id": "deep", "text": "Deep.", "extra": ' + "[" * 63 + "]" * 63 + "}"
    path = _bad_batch(tmp_path, nested)
    assert [d.id for d in _docs(list(read_documents([path])))] == ["first", "deep", "last"]


def test_deeply_nested_json_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000)
    [problem] = read_documents([path])
    assert isinstance(problem, InputProblem)
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize("published", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_absurd_published_dates_are_refused(tmp_path: Path, published: str) -> None:
    path = _bad_batch(tmp_path, json.dumps({"id": "odd", "text": "Shelling.", "published": published}))
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["first", "last"]
    [problem] = _problems(results)
    assert problem.line == 2
    assert problem.message.startswith(f"published: {published} is outside the allowed range 1900-01-01 .. ")


def test_published_range_bounds(tmp_path: Path) -> None:
    from frontwatch.ingest import _latest_published

    latest = _latest_published()
    assert latest > date.today()
    assert _latest_published(date(2024, 2, 29)) == date(2025, 2, 28)
    path = tmp_path / "edges.jsonl"
    path.write_text(
        _jsonl(
            {"id": "old", "text": "x", "published": "1900-01-01"},
            {"id": "new", "text": "x", "published": latest.isoformat()},
            {"id": "late", "text": "x", "published": (latest + timedelta(days=1)).isoformat()},
        )
    )
    results = list(read_documents([path]))
    assert [d.id for d in _docs(results)] == ["old", "new"]
    assert [p.line for p in _problems(results)] == [3]


def test_published_option_out_of_range_is_refused_for_text(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Shelling was reported.")
    [problem] = read_documents([path], published=date(1, 1, 1))
    assert isinstance(problem, InputProblem)
    assert problem.message.startswith("published: 0001-01-01 is outside the allowed range")


def test_cli_reports_each_bad_record_on_one_line_and_goes_on(tmp_path: Path) -> None:
    """End to end through the extractor: no traceback, exit status 2, the good records extracted."""
    from typer.testing import CliRunner

    from frontwatch.cli import app

    good = "On 3 March 2024, Russian forces shelled Kupiansk with artillery, the regional governor said."
    path = tmp_path / "feed.jsonl"
    path.write_text(
        _jsonl(
            {"id": "good", "text": good, "published": "2024-03-04"},
            '{"id": "sur", "text": "Artillery \\ud800 shelled the town.", "published": "2024-03-04"}',
            '{"id": "nul", "text": "Artillery\\u0000 shelled the town.", "published": "2024-03-04"}',
            '{"id": "deep", "text": "x", "e": ' + "[" * 5000 + "]" * 5000 + "}",
            {"id": "old", "text": good, "published": "0001-01-01"},
            {"id": "future", "text": good, "published": "3000-01-01"},
        )
    )
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["good", "sur", "nul"]
    assert records[0]["claims"]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("frontwatch: skipped")]
    assert len(skipped) == 3
    assert skipped[0].startswith(f"frontwatch: skipped {path}:4: JSON nested too deeply")
    assert skipped[1].startswith(f"frontwatch: skipped {path}:5: published: 0001-01-01 is outside")
    assert skipped[2].startswith(f"frontwatch: skipped {path}:6: published: 3000-01-01 is outside")
