"""An interactive map to embed in a report's web page: one ``<div>`` holding the whole map.

:func:`embed_fragment` wraps a map page (:func:`geo.maps.render.render_map_html`) in an
HTML fragment, with no ``<html>``, ``<head>`` or ``<body>`` of its own: a ``<div>`` that fills
its container (100 % wide and high; it is at least 320 px high when the container gives it no
height) and a sandboxed ``<iframe>`` whose ``srcdoc`` is the page. So:

* the map's styles and scripts cannot touch the host page, nor the host's the map's;
* the frame's sandbox allows scripts (Leaflet) and opening links in a new tab, and nothing
  else: the map runs in an opaque origin, with no access to the host's cookies or storage;
* the page enters the fragment escaped as an attribute value (``&``, ``<``, ``>``, both
  quotes), so text from reports, already escaped in the page, cannot end the attribute;
* an offline page stays offline: everything it needs is inside ``srcdoc``.
"""

from __future__ import annotations

from geo.maps.markup import escape_html

__all__ = ["EMBED_MIN_HEIGHT_PX", "embed_fragment"]

#: The fragment's height when its container sets none (a ``<div>`` would otherwise be 0 high).
EMBED_MIN_HEIGHT_PX = 320


def embed_fragment(page: str, *, title: str) -> str:
    """An HTML fragment that shows ``page`` in a frame filling its container.

    Parameters
    ----------
    page
        A whole HTML page (a map from :func:`geo.maps.render.render_map_html`).
    title
        The frame's accessible name (escaped here; record text is fine).

    Examples
    --------
    >>> fragment = embed_fragment('<p title="a&b">x</p>', title="Strikes <2019>")
    >>> fragment.startswith('<div class="strikemap-embed"')
    True
    >>> 'srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;"' in fragment
    True
    >>> 'title="Strikes &lt;2019&gt;"' in fragment
    True
    """
    srcdoc = (
        page.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
    return (
        '<div class="strikemap-embed" style="position:relative;width:100%;height:100%;'
        f'min-height:{EMBED_MIN_HEIGHT_PX}px">'
        f'<iframe title="{escape_html(title)}" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        'referrerpolicy="no-referrer" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0" '
        f'srcdoc="{srcdoc}"></iframe></div>\n'
    )
