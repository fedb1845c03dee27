"""The pieces every export format shares (`geo.io.tabular`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gazetteer.serialization import to_json
from geo.io import tabular
from geo.io.export import collect_from_store, incidents_from_dataset
from geo.io.tabular import json_line, plain, replace_surrogates
from geo.model.claims import Claim, ClaimedPlace, Quote
from geo.model.records import DatePrecision, EventType, LocationPrecision


def test_all_names_exist():
    assert sorted(tabular.__all__) == sorted(set(tabular.__all__))
    for name in tabular.__all__:
        assert getattr(tabular, name) is not None


def every_record(dataset, rich):
    """Records of every kind an export encodes, and those around them."""
    stored = incidents_from_dataset(dataset)
    yield from stored
    yield from (c for i in stored for c in i.claims)
    yield from (c.claim for i in rich.incidents() for c in i.claims)
    yield from rich.incidents()  # notes omitted when empty, claims flattened
    yield from rich.aggregates()
    yield from dataset.incidents  # status omitted when None
    yield from dataset.sites
    yield from dataset.aggregates
    yield from dataset.sources.values()


def test_plain_gives_what_the_serializer_gives(dataset, rich):
    records = list(every_record(dataset, rich))
    assert len(records) > 50
    for record in records:
        assert plain(record) == to_json(record), record
        # and the same JSON text, key order included
        assert json.dumps(plain(record)) == json.dumps(to_json(record))


def test_ready_writes_the_json_plain_writes(dataset, rich):
    # ready() leaves enums and dates to orjson: the JSON text must be plain()'s, byte for byte
    records = list(every_record(dataset, rich))
    for record in records:
        assert json_line(tabular.ready(record)) == json_line(plain(record)), record
    claims = [c for i in rich.incidents() for c in i.claims]
    claims += [c for i in incidents_from_dataset(dataset) for c in i.claims]
    assert len(claims) > 10
    for claim in claims:
        assert json_line([tabular.ready_source_entry(claim)]) == json_line(
            [tabular.source_entry(claim)]
        )
    # and the table's, whose article parts are made once per article
    data = collect_from_store(rich)
    table = tabular.ExportTable(data)
    assert sum(len(i.claims) for i in data.incidents) > len(data.incidents)
    for k, incident in enumerate(data.incidents):
        expected = json_line([tabular.source_entry(c) for c in incident.claims])
        assert json_line(table.sources(k)) == expected
        assert json_line(table.sources(k)) == expected  # made again from the kept parts


def _claim(sentence: str) -> Claim:
    """A claim whose place, date and confidence carry more digits than the export keeps."""
    return Claim(
        index=4,
        sentences=(Quote(0, len(sentence), sentence),),
        event_type=EventType.DRONE_STRIKE,
        date_start=dt.date(2019, 9, 24),
        date_end=dt.date(2019, 9, 25),
        date_precision=DatePrecision.DAY,
        place=ClaimedPlace(
            "near Murzuq", 25.9155123456, 13.9184987654, "LY", LocationPrecision.NEAR_TOWN, 25.04
        ),
        fatalities_low=3,
        confidence=0.87654,
        reasons=("a reason",),
    )


def test_ready_rounds_omits_and_falls_back_as_plain_does():
    from dataclasses import replace

    sentence = "A strike near Murzuq killed 3 \ud800."  # a lone surrogate: orjson refuses it
    claim = _claim(sentence)
    for variant in (claim, replace(claim, place=None), replace(claim, toll_derived=True)):
        line = json_line(tabular.ready(variant))
        assert line == json_line(plain(variant))
        out = json.loads(line)
        assert out["confidence"] == 0.877 and out["event_type"] == "drone strike"
        assert out["sentences"][0]["text"].endswith("\ud800.")
        assert ("toll_derived" in out) is variant.toll_derived
    assert json.loads(json_line(tabular.ready(claim)))["place"]["lat"] == 25.91551


def test_plain_rounds_as_the_fields_say():
    sentence = "A strike near Murzuq killed 3."
    claim = _claim(sentence)
    out = plain(claim)
    assert out == to_json(claim)
    assert (out["place"]["lat"], out["place"]["lon"], out["place"]["radius_km"]) == (
        25.91551,
        13.9185,
        25.0,
    )
    assert out["confidence"] == 0.877
    assert (out["event_type"], out["date_end"], out["sentences"][0]["end"]) == (
        "drone strike",
        "2019-09-25",
        30,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sirte", "Sirte"),
        ("Darnah \ud83d!", "Darnah \ufffd!"),
        ("\u0645\u0631\u0632\u0642", "\u0645\u0631\u0632\u0642"),
    ],
)
def test_replace_surrogates(text, expected):
    assert replace_surrogates(text) == expected


def test_json_line_escapes_a_lone_surrogate_and_reads_back():
    line = json_line({"b": "lone \udc00 end", "a": [1.5, None]})
    assert line == '{"a":[1.5,null],"b":"lone \\udc00 end"}'
    assert json.loads(line)["b"] == "lone \udc00 end"


def test_the_table_refuses_an_incident_without_a_place(rich):
    from dataclasses import replace

    data = collect_from_store(rich)
    unplaced = replace(data.incidents[0], place=None)
    with pytest.raises(ValueError, match="every incident must have a place"):
        tabular.ExportTable(replace(data, incidents=(unplaced,)))


def test_the_nearest_site_is_never_passed_over():
    # the exports measure the geodesic only to the sites that may be nearest; the nearest
    # by the full computation (the first of equally near) must always be among them
    import numpy as np
    from pyproj import Geod

    rng = np.random.default_rng(13)
    geod = Geod(ellps="WGS84")
    for n_sites, spread in ((5, 1.0), (40, 1.0), (12, 0.02)):
        lats = np.degrees(np.arcsin(rng.uniform(-1, 1, 3000)))  # over the whole globe
        lons = rng.uniform(-180, 180, 3000)
        site_lats = np.clip(lats[0] + rng.normal(0, 90 * spread, n_sites), -90, 90)
        site_lons = (lons[0] + rng.normal(0, 180 * spread, n_sites) + 180) % 360 - 180
        site_lats[-1], site_lons[-1] = site_lats[0], site_lons[0]  # two sites in one place
        kept = tabular._may_be_nearest(lats, lons, site_lats, site_lons)
        _, _, metres = geod.inv(
            np.repeat(lons, n_sites),
            np.repeat(lats, n_sites),
            np.tile(site_lons, len(lats)),
            np.tile(site_lats, len(lats)),
        )
        nearest = np.argmin(np.asarray(metres).reshape(len(lats), n_sites), axis=1)
        assert kept[np.arange(len(lats)), nearest].all()
        assert kept[:, 0].tolist() == kept[:, -1].tolist()  # equal sites alike
        if spread == 1.0:  # and, sites spread out, few others: it is worth doing
            assert kept.sum() < 1.5 * len(lats)


def test_rounded_gives_the_floats_round_gives():
    # vectorised, yet the same floats as round(): halves, ties to even, signs, big and odd
    import numpy as np

    rng = np.random.default_rng(3)
    values = np.concatenate(
        [
            rng.uniform(-180.0, 180.0, 20_000),
            rng.uniform(0.0, 20_000.0, 20_000),
            np.round(rng.uniform(-180.0, 180.0, 5_000), 5) + 0.000005,  # near halves
            np.arange(-200, 200) / 8.0,  # exact halves at 2 digits and more
            [2.675, 0.125, 0.375, -0.000001, -0.0, 0.0, 1e300, -1e17, 5e-324],
            [float("nan"), float("inf"), float("-inf")],
        ]
    ).tolist()
    for digits in (1, 2, 3, 5):
        got = tabular.rounded(values, digits)
        want = [round(v, digits) for v in values]
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            assert a == b or (a != a and b != b), (a, b, digits)  # nan is nan
            assert str(a) == str(b)  # -0.0 stays -0.0
    assert tabular.rounded([], 1) == []


def _awkward_claims() -> list[Claim]:
    """Claims of every awkward kind an export may meet."""
    from dataclasses import replace

    import numpy as np

    claim = _claim("A strike near Murzuq killed 3.")
    place = claim.place
    return [
        replace(claim, toll_derived=True),
        replace(claim, place=None),
        replace(claim, sentences=(Quote(0, 4, "lone \ud800"),)),
        replace(claim, place=replace(place, lat=-0.0, lon=0.0)),  # -0.0 keeps its sign
        replace(claim, place=replace(place, lat=12.345676, lon=-0.000004)),  # rounds up
        replace(claim, place=replace(place, offset_km=12, bearing_deg=90)),  # ints
        replace(claim, place=replace(place, name=_Name("Murzuq"))),  # text of another class
        # values of no JSON type where text is declared: orjson refuses the record (which
        # ready() rounds) and the time, sorts the mapping's keys, refuses the numpy number
        replace(claim, actor=place, target=dt.datetime(2019, 9, 24, 10, 30)),
        replace(claim, platform={"b": 1, "a": [dt.date(2019, 9, 24)]}),
        replace(claim, place=replace(place, offset_km=np.float64(1.5)), reasons=("a", 3)),
    ]


def test_sources_json_writes_the_bytes_of_the_sources(dataset, rich):
    # sources_json builds each claim's entry with its keys in order and its values of a JSON
    # type unchecked; the bytes must be json_bytes' of sources(), key order and rounding
    # included, whatever the claims hold
    from dataclasses import replace

    from geo.io.export import collect_from_dataset
    from geo.store.database import StoredClaim

    odd = _awkward_claims()

    def with_odd(data):
        # incident k gets awkward claim k (one each, or the surrogate's fallback would
        # hide the others) before its own claims, from its own first article; the
        # incidents repeated until each awkward claim has one
        repeated = data.incidents * (1 + len(odd) // len(data.incidents))
        incidents = []
        for k, incident in enumerate(repeated):
            first = incident.claims[0]
            made = StoredClaim(claim=odd[k % len(odd)], id=100 + k, article=first.article)
            incidents.append(replace(incident, claims=(made, *incident.claims)))
        return replace(data, incidents=tuple(incidents))

    cases = [collect_from_store(rich), collect_from_dataset(dataset)]
    cases += [with_odd(cases[0]), with_odd(cases[1])]
    for data in cases:
        table = tabular.ExportTable(data)
        expected = [tabular.json_bytes(table.sources(k)) for k in range(len(data.incidents))]
        assert list(table.sources_json()) == expected
        assert list(table.sources_json()) == expected  # again, from the kept parts
        fresh = tabular.ExportTable(data)  # and first, before sources()
        assert list(fresh.sources_json()) == expected
    lines = [json.loads(line) for line in tabular.ExportTable(cases[2]).sources_json()]
    assert len(lines) >= len(odd)
    entries = [line[0] for line in lines[: len(odd)]]
    assert [e.get("toll_derived") for e in entries[:3]] == [True, None, None]
    assert entries[1]["place"] is None and entries[2]["sentences"][0]["text"] == "lone \ud800"
    assert (entries[3]["place"]["lat"], entries[4]["place"]["lat"]) == (-0.0, 12.34568)
    assert str(entries[3]["place"]["lat"]) == "-0.0" and entries[4]["place"]["lon"] == -0.0
    assert entries[5]["place"]["offset_km"] == 12
    assert isinstance(entries[5]["place"]["offset_km"], int)
    assert entries[6]["place"]["name"] == "Murzuq"
    assert entries[7]["actor"]["lat"] == 25.91551  # rounded as a place is
    assert entries[7]["target"] == "2019-09-24T10:30:00"
    assert list(entries[8]["platform"]) == ["a", "b"]
    assert entries[8]["platform"]["a"] == ["2019-09-24"]
    assert entries[9]["place"]["offset_km"] == 1.5 and entries[9]["reasons"] == ["a", 3]
    assert list(entries[0]) == sorted(entries[0]) and "index" not in entries[0]


class _Name(str):
    """Text of another class than ``str``: the encoders take it through their fallback."""
