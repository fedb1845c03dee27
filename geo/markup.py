"""Escaping of untrusted text (article text, source names) for HTML outputs.

folium puts popup and tooltip HTML inside JavaScript template literals, so besides the
HTML metacharacters, backticks, ``$`` and backslashes must be neutralised too.
"""

from __future__ import annotations

import html

__all__ = ["escape_html"]

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_html(text: object) -> str:
    """Escape ``text`` for HTML content or attributes, safe inside a JS template literal.

    Examples
    --------
    >>> escape_html('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape_html("`${document.cookie}`")
    '&#96;&#36;{document.cookie}&#96;'
    >>> escape_html(None)
    ''
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_EXTRA)
