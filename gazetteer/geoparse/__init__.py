"""The geoparser: finds the place names in a text and resolves each with the gazetteer.

:mod:`gazetteer.geoparse.toponyms` holds ``find_toponyms``, ``resolve_toponyms`` and
``ToponymMatch`` (exported by :mod:`gazetteer`).
"""
