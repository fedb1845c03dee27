"""Maps.

- :mod:`geo.maps.render`: the incident and toponym maps (folium) and their HTML;
- :mod:`geo.maps.assets`: the Leaflet files, from a CDN or inlined for offline pages;
- :mod:`geo.maps.markup`: escaping untrusted text for HTML and Markdown;
- :mod:`geo.maps.areas`: geodesic uncertainty circles and lines, cut at the antimeridian;
- :mod:`geo.maps.static`: A4 PNG, SVG and PDF maps for reports (matplotlib, offline);
- :mod:`geo.maps.embed`: the interactive map as an HTML fragment for a web page.
"""
