"""Build the corpora README's mixed-language speed figures were measured on (README, "Languages").

    python scripts/mixed_corpus.py ../shared/bench/articles.jsonl ../shared/eval/dev/news_ruuk.jsonl /tmp/corpora

writes ``en300.jsonl`` (the first 300 English articles), ``mixed.jsonl`` (the same with a
Russian or Ukrainian report after every second one: 450 documents) and ``ruuk_only.jsonl`` (the
Russian and Ukrainian reports six times over, 288 documents) into the output directory; then
``/usr/bin/time -v frontwatch extract FILE --workers 1 > /dev/null`` on each. The texts are the
given files' and stay out of this repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _rows(path: str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _doc(r: dict, doc_id: str | None = None) -> str:
    return json.dumps(
        {"id": doc_id or r.get("id"), "text": r["text"], "published": r.get("published")}, ensure_ascii=False
    )


def main(english: str, ruuk: str, out: str) -> None:
    en, ru = _rows(english)[:300], _rows(ruuk)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    (target / "en300.jsonl").write_text("".join(_doc(r) + "\n" for r in en), encoding="utf-8")
    mixed = []
    for i, r in enumerate(en):
        mixed.append(_doc(r))
        if i % 2 == 0:
            mixed.append(_doc(ru[(i // 2) % len(ru)], f"m{i}"))
    (target / "mixed.jsonl").write_text("".join(x + "\n" for x in mixed), encoding="utf-8")
    copies = [_doc(r, f"{r['id']}-{k}") for k in range(6) for r in ru]
    (target / "ruuk_only.jsonl").write_text("".join(x + "\n" for x in copies), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
