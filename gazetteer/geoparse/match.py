"""The geoparser's answer: :class:`ToponymMatch`, a place name found in a text and its place."""

from __future__ import annotations

from dataclasses import dataclass

from gazetteer.model import Candidate, Place, ToponymKind

__all__ = ["ToponymMatch"]


@dataclass(frozen=True, slots=True)
class ToponymMatch:
    """A place name found in a text, and the place it was resolved to.

    ``start`` and ``end`` are character offsets into the original text (end exclusive).
    ``kind`` says how the name refers: :attr:`ToponymKind.NAME` (a place name) or
    :attr:`ToponymKind.DEMONYM` (an adjective or demonym standing for a country, "Libyan").
    ``confidence`` is the calibrated chance (0-1) that ``place`` lies within 161 km of the
    place meant (see :mod:`.ranker`). ``area`` is the text's main town when the name itself is
    left unresolved (a street the gazetteer lacks, a guess too unsure to keep): where it is,
    roughly, but not a place the name was resolved to.
    """

    start: int
    end: int
    text: str
    place: Place | None
    confidence: float
    alternatives: tuple[Candidate, ...]
    reason: str
    kind: ToponymKind = ToponymKind.NAME
    area: Place | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ToponymKind):
            raise TypeError(
                f"kind must be a ToponymKind, got {self.kind!r}; e.g. ToponymKind.DEMONYM"
            )

    def as_dict(self) -> dict[str, object]:
        """JSON-ready mapping (place and area cut to id, name, lat, lon, country_code, kind)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind.value,
            "place": None if self.place is None else _place_summary(self.place),
            "confidence": round(self.confidence, 3),
            "alternatives": [
                {**_place_summary(c.place), "score": round(c.score, 3)} for c in self.alternatives
            ],
            "reason": self.reason,
            "area": None if self.area is None else _place_summary(self.area),
        }


def _place_summary(place: Place) -> dict[str, object]:
    return {
        "id": place.id,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "kind": place.kind.value,
    }
