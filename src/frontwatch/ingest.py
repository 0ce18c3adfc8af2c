"""Reading input documents from files, directories and stdin (docs/input.md).

``read_documents`` never raises for bad input: it yields an ``InputProblem`` in place of the
document it could not read, so the caller reports it and the rest of the batch goes on.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pydantic import ValidationError

from frontwatch.models import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Largest accepted document: a whole .txt/.html/.json file, or one JSONL line (decompressed)."""

STDIN_PATH = "<stdin>"
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json"}
SUPPORTED = ", ".join(KINDS) + " (each optionally .gz)"
_SNIFF = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone UTF-16 surrogate (JSON ``"\\ud800"``): not a character, cannot be encoded as UTF-8."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays/objects accepted in a JSON document (a report needs a handful)."""
EARLIEST_PUBLISHED = date(1900, 1, 1)
"""Earliest accepted ``published``; the latest is one year after today (``_latest_published``)."""


@dataclass(frozen=True)
class InputProblem:
    """Input that could not become a Document: where (``path``, 1-based ``line`` or None) and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class _Problem(Exception):
    """Internal: raised by readers, turned into an InputProblem by the caller."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


Result = Document | InputProblem


def _at(doc: Document, origin: str) -> Document:
    """The document, marked with where it was read (``Document.where`` in messages)."""
    doc._origin = origin
    return doc


def read_documents(
    paths: Sequence[str | Path],
    *,
    published: date | None = None,
    source: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Yield a Document (or an InputProblem) for each input in ``paths``, in order.

    ``"-"`` reads stdin; directories are walked recursively in sorted order.
    ``published``/``source`` fill in (JSONL) or set/override (.txt, HTML) those fields.
    """
    reader = _Reader(published=published, source=source, max_bytes=max_bytes)
    for arg in paths:
        if str(arg) == "-":
            yield from reader.stdin(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(arg)
        if not path.exists():
            yield InputProblem(str(path), None, "no such file or directory")
        elif path.is_dir():
            yield from reader.directory(path)
        else:
            yield from reader.file(path, doc_id=path.name, explicit=True)


def read_input_shard(
    url: str,
    *,
    published: date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """The documents of one input shard of an archive (docs/scale.md): a JSONL file (``.jsonl``,
    ``.jsonl.gz``) or a Parquet file with a row per document (``id``, ``text`` and the other
    input fields as columns), at a local path or an fsspec URL. Bad rows and lines are
    ``InputProblem``s, as in ``read_documents``."""
    reader = _Reader(published=published, source=source, max_bytes=max_bytes)
    name = url.lower().removesuffix(".gz")
    try:
        if name.endswith(".parquet"):
            yield from _parquet_rows(reader, url)
        elif name.endswith(".jsonl"):
            import fsspec

            with fsspec.open(url, "rb", compression="infer") as stream:
                yield from reader._jsonl(_lines(stream, max_bytes), url, empty_ok=False)
        else:
            yield InputProblem(url, None, "an archive shard is .jsonl, .jsonl.gz or .parquet")
    except (OSError, EOFError, ValueError) as exc:
        yield InputProblem(url, None, _os_message(exc) if isinstance(exc, OSError) else str(exc))


def _parquet_rows(reader: _Reader, url: str) -> Iterator[Result]:
    import fsspec
    import pyarrow.parquet as pq

    with fsspec.open(url, "rb") as fh:
        rows = pq.read_table(fh).to_pylist()
    for i, row in enumerate(rows, start=1):
        record = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items() if v is not None}
        try:
            yield _at(reader._record(record), f"{url}:{i}")
        except _Problem as exc:
            yield InputProblem(url, i, exc.message)


def iter_jsonl_records(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, dict[str, Any] | InputProblem]]:
    """Yield ``(line_no, record)`` for each non-blank line of a JSONL (or .jsonl.gz) file.

    A bad line gives an InputProblem instead of a dict; a file that cannot be opened gives one
    InputProblem with line number 0.
    """
    name = str(path)
    try:
        with _open(Path(path)) as stream:
            yield from _records(_lines(stream, max_bytes), name)
    except (OSError, EOFError) as exc:
        yield 0, InputProblem(name, None, _os_message(exc))


# -- readers ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, *, published: date | None, source: str | None, max_bytes: int) -> None:
        self.published, self.source, self.max_bytes = published, source, max_bytes

    def directory(self, root: Path) -> Iterator[Result]:
        """Walk ``root`` in sorted order, skipping hidden entries and unknown extensions."""
        errors: list[OSError] = []
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            found += [Path(dirpath, f) for f in filenames if not f.startswith(".") and _kind(Path(f))]
        for exc in errors:
            yield InputProblem(str(exc.filename or root), None, _os_message(exc))
        for path in sorted(found, key=lambda p: p.relative_to(root).parts):
            yield from self.file(path, doc_id=path.relative_to(root).as_posix(), explicit=False)

    def file(self, path: Path, *, doc_id: str, explicit: bool) -> Iterator[Result]:
        """Read one file according to its extension."""
        kind = _kind(path)
        if kind is None:
            if explicit:
                yield InputProblem(str(path), None, f"unsupported file type; expected {SUPPORTED}")
            return
        try:
            if kind == "jsonl":
                with _open(path) as stream:
                    _check_not_binary(stream.peek(_SNIFF)[:_SNIFF])
                    yield from self._jsonl(_lines(stream, self.max_bytes), str(path), empty_ok=False)
                return
            data = self._read_whole(path)
            if kind == "json":
                yield from self._json(data, str(path))
            elif kind == "html":
                yield _at(self._html(data, doc_id), str(path))
            else:
                yield _at(self._text(data, doc_id), str(path))
        except _Problem as exc:
            yield InputProblem(str(path), exc.line, exc.message)
        except (OSError, EOFError) as exc:
            yield InputProblem(str(path), None, _os_message(exc))

    def stdin(self, stream: TextIO | BinaryIO) -> Iterator[Result]:
        """JSONL if the first non-blank character is ``{``, else one text document ``stdin``."""
        binary = _as_binary(stream)
        head = b""
        while not head.strip():
            chunk = binary.readline(self.max_bytes + 1)
            if not chunk:
                break
            head += chunk
        rest = _Chained(head, binary)
        try:
            if head.lstrip().startswith(b"{"):
                yield from self._jsonl(_lines(rest, self.max_bytes), STDIN_PATH, empty_ok=True)
                return
            data = rest.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                raise _Problem(f"input is larger than the {_size(self.max_bytes)} limit (max_bytes)")
            if not data.strip():
                raise _Problem("no input (stdin is empty)")
            _check_not_binary(data)
            yield self._text(data, "stdin")
        except _Problem as exc:
            yield InputProblem(STDIN_PATH, exc.line, exc.message)

    # -- formats --

    def _text(self, data: bytes, doc_id: str) -> Document:
        text = _decode(data, "utf-8-sig")
        if not text.strip():
            raise _Problem("empty file" if not data else "no text (only whitespace)")
        return _checked(Document(id=doc_id, text=text, published=self.published, source=self.source))

    def _html(self, data: bytes, doc_id: str) -> Document:
        match = _META_CHARSET.search(data[:4096])
        encoding = match.group(1).decode("ascii") if match else "utf-8-sig"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _Problem(f"unknown charset {encoding!r} declared in the HTML") from None
        html = _decode(data, encoding)
        if not html.strip():
            raise _Problem("empty file")
        meta = _extract_html(html)
        if meta is None or not (meta.text or "").strip():
            raise _Problem("no main text found in the HTML")
        return _checked(
            Document(
                id=doc_id,
                text=meta.text,
                title=meta.title or None,
                url=meta.url or None,
                published=self.published or _parse_date(meta.date),
                source=self.source or meta.sitename or meta.hostname or None,
            )
        )

    def _json(self, data: bytes, name: str) -> Iterator[Result]:
        try:
            value = _load_json(_decode(data, "utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise _Problem(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items, start=1):
            try:
                yield _at(self._record(item), f"{name} item {i}" if isinstance(value, list) else name)
            except _Problem as exc:
                prefix = f"item {i}: " if isinstance(value, list) else ""
                yield InputProblem(name, None, prefix + exc.message)
        if not items:
            yield InputProblem(name, None, "empty list: no documents")

    def _jsonl(
        self, lines: Iterable[tuple[int, bytes | None]], name: str, *, empty_ok: bool
    ) -> Iterator[Result]:
        seen = False
        for line_no, record in _records(lines, name):
            seen = True
            if isinstance(record, InputProblem):
                yield record
                continue
            try:
                yield _at(self._record(record), f"{name}:{line_no}")
            except _Problem as exc:
                yield InputProblem(name, line_no, exc.message)
        if not seen and not empty_ok:
            yield InputProblem(name, None, "no documents (empty file)")

    def _record(self, record: object) -> Document:
        """Validate one JSON object; ``published``/``source`` fill in only where it has none."""
        if not isinstance(record, dict):
            raise _Problem(f"expected a JSON object, got {type(record).__name__}")
        if self.published is not None and not record.get("published"):
            record = {**record, "published": self.published}
        if self.source is not None and not record.get("source"):
            record = {**record, "source": self.source}
        try:
            doc = Document.model_validate(record)
        except ValidationError as exc:
            raise _Problem(_validation_message(exc)) from None
        return _checked(doc)

    def _read_whole(self, path: Path) -> bytes:
        """Read a file of at most ``max_bytes`` (decompressed), checking the size before reading."""
        if not path.name.lower().endswith(".gz"):
            size = path.stat().st_size
            if size > self.max_bytes:
                raise _Problem(f"file is {_size(size)}, over the {_size(self.max_bytes)} limit (max_bytes)")
        with _open(path) as stream:
            data = stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise _Problem(f"decompressed text is over the {_size(self.max_bytes)} limit (max_bytes)")
        _check_not_binary(data)
        return data


# -- helpers ---------------------------------------------------------------------------------


def _kind(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    return KINDS.get(os.path.splitext(name)[1])


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _as_binary(stream: TextIO | BinaryIO) -> BinaryIO:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    if isinstance(stream.read(0), bytes):
        return stream  # type: ignore[return-value]
    return io.BytesIO(stream.read().encode("utf-8"))  # type: ignore[union-attr]


class _Chained:
    """Bytes already read (``head``) followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head, self._stream = io.BytesIO(head), stream

    def readline(self, size: int | None = -1) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or (size is not None and 0 <= size <= len(line)):
            return line
        return line + self._stream.readline(-1 if size is None or size < 0 else size - len(line))

    def read(self, size: int | None = -1) -> bytes:
        data = self._head.read(size)
        if size is None or size < 0:
            return data + self._stream.read()
        return data + self._stream.read(size - len(data)) if len(data) < size else data


def _check_not_binary(data: bytes) -> None:
    """Refuse bytes holding a NUL: a binary file, or UTF-16/32 text."""
    if b"\x00" not in data:
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Problem("looks like UTF-16 text; re-encode it as UTF-8")
    raise _Problem("binary file (contains NUL bytes), not text")


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line_no, line)``; ``line`` is None for a line longer than ``max_bytes`` (skipped)."""
    line_no = 0
    while line := stream.readline(max_bytes + 1):
        line_no += 1
        if len(line.rstrip(b"\r\n")) <= max_bytes:
            yield line_no, line
            continue
        while line and not line.endswith(b"\n"):  # drop the rest of the over-long line
            line = stream.readline(max_bytes + 1)
        yield line_no, None


def _records(
    lines: Iterable[tuple[int, bytes | None]], name: str
) -> Iterator[tuple[int, dict[str, Any] | InputProblem]]:
    for line_no, raw in lines:
        if raw is None:
            yield (
                line_no,
                InputProblem(name, line_no, "line is longer than the per-document limit (max_bytes)"),
            )
            continue
        if not raw.strip():
            continue
        try:
            value = _load_json(_decode(raw, "utf-8-sig" if line_no == 1 else "utf-8", unit="of the line"))
        except _Problem as exc:
            yield line_no, InputProblem(name, line_no, exc.message)
            continue
        except json.JSONDecodeError as exc:
            yield line_no, InputProblem(name, line_no, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield line_no, InputProblem(name, line_no, f"expected a JSON object, got {type(value).__name__}")
            continue
        yield line_no, value


def _load_json(text: str) -> Any:
    """Parse JSON, refusing nesting deeper than MAX_JSON_DEPTH and repairing strings (``_clean``).

    Raises json.JSONDecodeError for bad syntax and _Problem for nesting too deep.
    """
    too_deep = _Problem(f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels of arrays/objects)")
    try:
        value = json.loads(text)
    except RecursionError:  # deeper than the parser's own limit (about 1,000 levels)
        raise too_deep from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise too_deep
    return _clean(value)


def _depth(value: Any) -> int:
    """Nesting depth of arrays/objects, without recursion (a scalar is 0, ``[]`` is 1)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_JSON_DEPTH:  # no need to look further down once over the limit
            stack.extend((child, level + 1) for child in children)
    return deepest


def _clean(value: Any) -> Any:
    """Repair every string of a parsed JSON value (depth already bounded): ``_clean_text``."""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, dict):
        return {_clean_text(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _clean_text(text: str) -> str:
    """Lone surrogates become U+FFFD (spaCy and UTF-8 output cannot encode them); NULs are dropped
    (PostgreSQL text cannot hold them)."""
    if text.isascii():
        return text.replace("\x00", "") if "\x00" in text else text
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _latest_published(today: date | None = None) -> date:
    today = today or date.today()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today + timedelta(days=365)


def published_problem(published: date | None) -> str | None:
    """Why a ``published`` date is refused, or None: outside EARLIEST_PUBLISHED .. one year from
    today it is a typo or a placeholder (0001-01-01, 3000-01-01) and would date every claim
    wrongly or overflow. Used for input records and for ``--published`` alike."""
    latest = _latest_published()
    if published is not None and not EARLIEST_PUBLISHED <= published <= latest:
        return (
            f"{published.isoformat()} is outside the allowed range "
            f"{EARLIEST_PUBLISHED.isoformat()} .. {latest.isoformat()}"
        )
    return None


def _checked(doc: Document) -> Document:
    problem = published_problem(doc.published)
    if problem:
        raise _Problem(f"published: {problem}")
    return doc


def _decode(data: bytes, encoding: str, *, unit: str = "") -> str:
    """Decode strictly; on failure say where (line and byte offset), never guess another encoding."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        name = "UTF-8" if exc.encoding.startswith("utf-8") else exc.encoding
        where = f"byte offset {exc.start} {unit}".rstrip()
        raise _Problem(
            f"invalid {name}: byte 0x{data[exc.start]:02x} at {where}; re-encode as UTF-8", line
        ) from None


def _extract_html(html: str) -> Any:
    """Main text and metadata through trafilatura: offline, precise, no slow fallbacks.

    Elements a browser does not show are removed from the tree first (``_drop_hidden``), so their
    text can never become a claim.
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        if tree is None:
            return None
        _drop_hidden(tree)
        return bare_extraction(
            tree,
            fast=True,
            favor_precision=True,
            include_comments=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise _Problem(f"could not parse the HTML: {exc}") from None


def _drop_hidden(tree: Any) -> None:
    """Remove, in place, the elements of an lxml HTML tree that a browser does not display.

    Class handled: text hidden by markup, not a kind of language. ``<template>`` content,
    elements with the ``hidden`` attribute, ``aria-hidden="true"``, and inline styles
    ``display: none`` / ``visibility: hidden``. The text after a removed element (its tail) is
    part of the parent and stays.
    """
    candidates = tree.xpath("//template | //*[@hidden] | //*[@aria-hidden] | //*[@style]")
    for element in candidates:
        if element.getparent() is not None and _is_hidden(element):
            element.drop_tree()


def _is_hidden(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag.lower() == "template" or element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    for declaration in (element.get("style") or "").lower().split(";"):
        prop, _, value = declaration.partition(":")
        value = value.replace("!important", "").strip()
        if (prop.strip(), value) in (("display", "none"), ("visibility", "hidden")):
            return True
    return False


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "document"
        if err["type"] == "missing":
            parts.append(f"missing {field!r}")
            continue
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        shown = f" (got {value!r:.40})" if isinstance(value, str | int | float) and field != "text" else ""
        parts.append(f"{field}: {msg}{shown}")
    return "; ".join(parts)


def _os_message(exc: OSError | EOFError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, EOFError | gzip.BadGzipFile):
        return f"corrupt gzip file: {exc}"
    return f"cannot read: {exc.strerror or exc}"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB ({n:,} bytes)"
