"""Places: the offline gazetteer, name folding, lookup and the geoparser.

Nothing is public yet; the index, search and geocoder arrive with the gazetteer work
(see the issue tracker). ``geo`` holds the incident side.
"""

__all__: list[str] = []
