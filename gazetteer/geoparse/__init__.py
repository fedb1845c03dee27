"""The geoparser: finds the place names in a text and resolves each with the gazetteer.

The public entry points are :func:`find_toponyms` and :func:`resolve_toponyms` (in
:mod:`.toponyms`), which answer :class:`ToponymMatch` (in :mod:`.match`); :mod:`gazetteer`
exports them too. The work is split along its seams:

- :mod:`.recognise`: tokens, capitalised runs and the batch lookup that finds the names, with
  facility, continent and demonym handling, cues, qualifiers and lists;
- :mod:`.resolve`: the candidates of each name re-ranked with the whole document (country
  support, spatial coherence, publication country), the name budget, one sense per name;
- :mod:`.anchors`: the nearest confident place of another name, for spatial coherence.
"""

from gazetteer.geoparse.match import ToponymMatch
from gazetteer.geoparse.toponyms import find_toponyms, resolve_toponyms
from gazetteer.model import ToponymKind

__all__ = ["ToponymKind", "ToponymMatch", "find_toponyms", "resolve_toponyms"]
