"""Escaping of untrusted text (article text, source names, place names) for HTML and Markdown.

Text from reports, datasets, the incident database or an analyst is data: it must show
verbatim and never act as markup, script or template. Two outputs need care:

- HTML (maps). folium puts popup and tooltip HTML inside JavaScript template literals, and
  folium/branca compile rendered element text again as a Jinja2 template. So besides the
  HTML metacharacters, backticks, ``$``, backslashes and curly braces (``{{``, ``{%`` and
  ``{#`` open Jinja2 syntax) become character references, which a browser shows as the
  characters themselves.
- Markdown (the Streamlit app's text elements): every ASCII punctuation character is
  backslash-escaped, which CommonMark defines as the literal character.
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown"]

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def escape_html(text: object) -> str:
    r"""Escape ``text`` for HTML content or attributes, inert in a JS literal and in Jinja2.

    The result contains none of ``< > & " ' ` $ \ { }``, so it can open no tag, attribute,
    template-literal substitution or Jinja2 expression, statement or comment; a browser
    displays it exactly as ``text``.

    Examples
    --------
    >>> escape_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape_html("`${document.cookie}`")
    '&#96;&#36;&#123;document.cookie&#125;&#96;'
    >>> escape_html("{{7*7}} {% raw %} {#")
    '&#123;&#123;7*7&#125;&#125; &#123;% raw %&#125; &#123;#'
    >>> escape_html(None)
    ''
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_EXTRA)


_MARKDOWN_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def escape_markdown(text: object) -> str:
    r"""Escape ``text`` for inline Markdown: it shows verbatim, as one line.

    Every ASCII punctuation character is backslash-escaped (CommonMark shows it as itself,
    so no emphasis, link, image, HTML, heading or Streamlit ``:colour[...]`` can start) and
    line breaks become spaces, so a record cannot open a new block.

    Examples
    --------
    >>> print(escape_markdown("**Murzuq** ![x](http://a/b.png)"))
    \*\*Murzuq\*\* \!\[x\]\(http\:\/\/a\/b\.png\)
    >>> escape_markdown("two\nlines"), escape_markdown(None)
    ('two lines', '')
    """
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
