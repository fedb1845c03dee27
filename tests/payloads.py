"""Hostile text for every field that reaches a page: template, HTML and script injections.

Each payload is harmless when shown verbatim. Rendered by Jinja2 it would run a shell
command (``uid=`` in the page), compute ``49``, build a live tag from ``chr(60)`` or fail
to compile; rendered as HTML it would open a tag and fire a dialog.
"""

import base64
import gzip
import html
import json
import re

from geo.maps.markup import escape_html
from geo.maps.strikes import STRING_FIELDS

#: Runs `id` if the text is ever compiled as a Jinja2 template.
SHELL = "{{lipsum.__globals__.os.popen(dict(id=1)|join).read()}}"
#: ``7*7`` between markers: ``ZQ49QZ`` in a page means the expression was evaluated.
ARITHMETIC = "ZQ{{7*7}}QZ"
#: A live ``<img>`` built only when the text is rendered as a template (no ``<`` in it).
CHR60 = (
    "{{lipsum.__globals__.__builtins__.chr(60)}}img src=x onerror=alert(60)"
    "{{lipsum.__globals__.__builtins__.chr(62)}}"
)
#: The same with a filter instead of a builtin.
FORMAT60 = '{{"%c"|format(60)}}svg onload=alert(61){{"%c"|format(62)}}'

CORPUS = (
    SHELL,
    ARITHMETIC,
    CHR60,
    FORMAT60,
    "{% raw %}",
    "{% endraw %}",
    "{#",
    "#}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{",
    "}",
    "{{ }}{% if %}{# x",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</script><script>alert(3)</script>",
    "`${alert(4)}`\\`",
    "'); alert(5); ('",
)

#: What a page must never contain, in any encoding a page might carry it.
EXECUTED = (
    "uid=",
    "ZQ49QZ",
    "<img src=x onerror",
    "\\u003cimg src=x",
    "<svg onload",
    "\\u003csvg",
    "<script>alert(",
    "\\u003cscript\\u003ealert",
    "${alert(4)}",
)


# A map's strike data: JSON in a <script type="application/json"> element (geo.maps.strikes),
# raw in a page, JSON-encoded once more in streamlit-folium's component arguments, or
# HTML-escaped in an embeddable fragment's srcdoc attribute.
_DATA_BLOCK = re.compile(
    r'(data-encoding=\S+ )?id=(\\"|"|&quot;)strikemap-(?:data|labels)-[\w-]+(?:\\"|"|&quot;)(?:>|&gt;)(.*?)(?:</script>|&lt;/script&gt;)',
    re.DOTALL,
)
#: Characters that must never appear raw in a data block: each is a \u escape there.
DATA_UNSAFE = "<>&'$`{}"


def _block_json(match: re.Match[str]) -> str:
    text = match.group(3)
    if match.group(2) == '\\"':  # inside a JSON string: decode that layer first
        text = json.loads(f'"{text}"')
    elif match.group(2) == "&quot;":  # inside an HTML attribute
        text = html.unescape(text)
    if match.group(1):  # gzipped, in base64
        text = gzip.decompress(base64.b64decode(text, validate=True)).decode("utf-8")
    return text


def strike_data(page: str) -> list[list]:
    """Every strike payload in ``page`` (a page, component arguments or a fragment), parsed.

    (The labels' block of site names, ``strikemap-labels-...``, is data too, and checked as
    such by :func:`assert_inert`, but no strike payload.)
    """
    blocks = [json.loads(_block_json(match)) for match in _DATA_BLOCK.finditer(page)]
    return [b for b in blocks if b and isinstance(b[0], int)]


def strike_rows(page: str) -> list[dict]:
    """Every strike row in ``page`` as a dict, its string-table values and sources resolved."""
    out = []
    for _version, strings, sources, sites, fields, columns in strike_data(page):
        for row in zip(*columns, strict=True):
            values = dict(zip(fields, row, strict=True))
            for name in STRING_FIELDS:
                values[name] = "" if values[name] < 0 else strings[values[name]]
            values["claims"] = [
                {"source": sources[c[0]], "statement": c[1], "killed": c[2], "quote": c[3]}
                for c in values["claims"]
            ]
            values["nearest"] = sites[values["nearest"]][0] if values["nearest"] >= 0 else None
            out.append(values)
    return out


def strike_texts(page: str) -> str:
    """All the strings of every strike payload in ``page``, joined by newlines."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(strike_data(page))
    return "\n".join(texts)


def assert_inert(page: str) -> None:
    """No payload ran or injected a tag in ``page`` (any HTML, script or component args).

    A strike data block is data (the browser reads it with JSON.parse and shows its text with
    textContent): it must hold no raw ``< > & ' $ ` { }`` at all, a stricter rule than the
    markers below, which are then looked for in the rest of the page.
    """
    for match in _DATA_BLOCK.finditer(page):
        raw = [c for c in DATA_UNSAFE if c in _block_json(match)]
        assert raw == [], f"raw characters in a strike data block: {raw}"
    rest = _DATA_BLOCK.sub("", page)
    found = [marker for marker in EXECUTED if marker in rest]
    assert found == [], f"payload output found in the page: {found}"


def shown(text: str) -> str:
    """How ``text`` must appear in a page's HTML: escaped, so a browser shows it verbatim."""
    return escape_html(text)
