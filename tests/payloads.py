"""Hostile text for every field that reaches a page: template, HTML and script injections.

Each payload is harmless when shown verbatim. Rendered by Jinja2 it would run a shell
command (``uid=`` in the page), compute ``49``, build a live tag from ``chr(60)`` or fail
to compile; rendered as HTML it would open a tag and fire a dialog.
"""

from geo.maps.markup import escape_html

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


def assert_inert(page: str) -> None:
    """No payload ran or injected a tag in ``page`` (any HTML, script or component args)."""
    found = [marker for marker in EXECUTED if marker in page]
    assert found == [], f"payload output found in the page: {found}"


def shown(text: str) -> str:
    """How ``text`` must appear in a page's HTML: escaped, so a browser shows it verbatim."""
    return escape_html(text)
