"""``/docs``: the OpenAPI description as a plain HTML page, built on the server.

FastAPI's own ``/docs`` is Swagger UI, which loads its script from a CDN and starts it with an
inline script: the API's Content-Security-Policy (no inline script, nothing from elsewhere) and
"nothing downloads at run time" rule both out. This page has no script and no style at all;
every string in it is escaped. ``/openapi.json`` is the machine-readable original.
"""

from __future__ import annotations

from html import escape
from typing import Any


def docs_html(spec: dict[str, Any]) -> str:
    info = spec.get("info", {})
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(str(info.get('title', 'API')))}</title></head><body>",
        f"<h1>{escape(str(info.get('title', 'API')))} {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI '
        f"{escape(str(spec.get('openapi', '')))}).</p>",
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(f"<h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            if op.get("summary"):
                parts.append(f"<p><strong>{escape(op['summary'])}</strong></p>")
            for para in str(op.get("description", "")).split("\n\n"):
                if para.strip():
                    parts.append(f"<p>{escape(para.strip())}</p>")
            params = op.get("parameters", [])
            if params:
                parts.append(
                    "<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>default</th>"
                    "<th>description</th></tr></thead><tbody>"
                )
                for p in params:
                    schema = p.get("schema", {})
                    parts.append(
                        "<tr>"
                        f"<td><code>{escape(p.get('name', ''))}</code>{' (required)' if p.get('required') else ''}</td>"
                        f"<td>{escape(p.get('in', ''))}</td>"
                        f"<td>{escape(_type(schema))}</td>"
                        f"<td>{escape(_default(schema))}</td>"
                        f"<td>{escape(str(p.get('description', '')))}</td>"
                        "</tr>"
                    )
                parts.append("</tbody></table>")
            codes = ", ".join(
                f"{escape(code)} {escape(r.get('description', ''))}"
                for code, r in op.get("responses", {}).items()
            )
            if codes:
                parts.append(f"<p>Responses: {codes}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = str(schema.get("type", ""))
    fmt = schema.get("format")
    bounds = []
    if "minimum" in schema:
        bounds.append(f">= {schema['minimum']}")
    if "maximum" in schema:
        bounds.append(f"<= {schema['maximum']}")
    return " ".join([kind + (f" ({fmt})" if fmt else ""), *bounds]).strip()


def _default(schema: dict[str, Any]) -> str:
    return "" if schema.get("default") is None else str(schema["default"])
