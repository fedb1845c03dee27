"""The word lists of data/lexicon/ and their reader (gazetteer.wordlists)."""

import re
from pathlib import Path

import pytest

import gazetteer.lexicon as lexicon
from gazetteer.errors import DataError
from gazetteer.names import fold
from gazetteer.resources import data_path
from gazetteer.wordlists import (
    LEXICON_DIR,
    LISTS,
    WordTable,
    alternation,
    lexicon_path,
    read_table,
    read_words,
)

ROOT = Path(__file__).resolve().parents[2]

# Lists whose entries the geoparser folds: no two rows may fold to the same key.
FOLDED = {
    "ambiguous_words": "word",
    "location_cues": "cue",
    "months": "word",
    "organisations": "name",
    "person_titles": "title",
    "stop_words": "word",
    "weekdays": "word",
}
# Lists of spellings the extractor matches case-insensitively: spelling → canonical name.
SPELLINGS = {"actors": "actor", "groups": "group", "platforms": "platform"}


# --------------------------------------------------------------------------------------
# every shipped file
# --------------------------------------------------------------------------------------


def test_the_folder_is_in_the_data_package():
    assert LEXICON_DIR == data_path("lexicon")
    assert lexicon_path("groups") == data_path("lexicon", "groups.tsv")
    # in a checkout (an editable install) the data package is the repository's data/
    assert LEXICON_DIR.samefile(ROOT / "data" / "lexicon")


def test_every_file_is_a_known_list_and_every_list_has_a_file():
    files = {path.stem for path in LEXICON_DIR.glob("*.tsv")}
    assert files == set(LISTS)
    assert not [p.name for p in LEXICON_DIR.iterdir() if p.suffix not in (".tsv", ".md")]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_loads_with_its_columns(name):
    table = read_table(name)
    assert isinstance(table, WordTable)
    assert table.columns == LISTS[name]
    assert table.path == LEXICON_DIR / f"{name}.tsv"
    assert len(table.rows) == len(table.lines) > 0
    assert all(len(row) == len(table.columns) for row in table.rows)
    assert list(table.lines) == sorted(set(table.lines))
    # the header is the first line; the comments after it say where the words come from
    text = table.path.read_text(encoding="utf-8").splitlines()
    assert text[0] == "\t".join(LISTS[name])
    assert text[1].startswith("#")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_key_is_listed_twice_in_a_file(name):
    keys = read_table(name).column(LISTS[name][0])
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", sorted(FOLDED))
def test_no_two_rows_of_a_folded_list_fold_alike(name):
    words = read_table(name).column(FOLDED[name])
    folded = [fold(word) for word in words]
    repeated = sorted({key for key in folded if folded.count(key) > 1})
    assert repeated == []
    assert all(folded)


def test_row_counts():
    counts = {name: len(read_table(name).rows) for name in LISTS}
    assert counts == {
        "actors": 51,
        "ambiguous_words": 243,
        "attributions": 27,
        "compass": 35,
        "demonyms": 523,
        "drone_platforms": 6,
        "groups": 66,
        "location_cues": 106,
        "months": 24,
        "organisations": 400,
        "person_titles": 181,
        "platforms": 31,
        "stop_words": 756,
        "units": 9,
        "weekdays": 18,
    }


def test_a_list_is_read_once():
    assert read_table("groups") is read_table("groups")
    assert read_table("groups", ("spelling", "group", "organisation")) is read_table("groups")


# --------------------------------------------------------------------------------------
# canonical names
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_spellings_are_lower_case_and_each_names_one_thing(name):
    table = read_table(name)
    spellings = table.column("spelling")
    # the extractor looks a match up by its lower-cased text
    assert [s for s in spellings if s != s.lower()] == []
    canonical: dict[str, set[str]] = {}
    for spelling, label in zip(spellings, table.column(SPELLINGS[name]), strict=True):
        canonical.setdefault(fold(spelling), set()).add(label)
    assert {key: labels for key, labels in canonical.items() if len(labels) > 1} == {}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_canonical_names_are_spelled_one_way(name):
    labels = set(read_table(name).column(SPELLINGS[name]))
    by_key: dict[str, set[str]] = {}
    for label in labels:
        by_key.setdefault(fold(label), set()).add(label)
    assert [sorted(v) for v in by_key.values() if len(v) > 1] == []


def test_groups_and_actors_are_different_things():
    groups = set(read_table("groups").column("group"))
    actors = set(read_table("actors").column("actor"))
    assert groups & actors == set()
    assert not set(read_table("groups").column("spelling")) & set(
        read_table("actors").column("spelling")
    )


def test_drone_platforms_are_platforms():
    platforms = set(read_table("platforms").column("platform"))
    assert set(read_words("drone_platforms")) <= platforms


def test_an_organisation_spelling_names_no_place_the_geoparser_keeps():
    table = read_table("groups")
    flagged = dict(zip(table.column("spelling"), table.flags("organisation"), strict=True))
    # "Islamic State in Libya": Libya stays a place
    for spelling in ("islamic state in libya", "isis-libya", "isis somalia"):
        assert not flagged[spelling]
        assert fold(spelling) not in lexicon.ORGANISATIONS
    for spelling in ("isis", "daesh", "al-shabaab", "islamic state"):
        assert flagged[spelling]
        assert fold(spelling) in lexicon.ORGANISATIONS
    # the actors' flags, likewise
    actors = read_table("actors")
    for spelling, flag in zip(actors.column("spelling"), actors.flags("organisation"), strict=True):
        if flag:
            assert fold(spelling) in lexicon.ORGANISATIONS, spelling
    assert "africom" in lexicon.ORGANISATIONS and "french forces" not in lexicon.ORGANISATIONS


def test_organisations_tsv_does_not_repeat_a_group_or_actor_spelling():
    names = {fold(name) for name in read_table("organisations").column("name")}
    spellings = {fold(s) for s in read_table("groups").column("spelling")}
    spellings |= {fold(s) for s in read_table("actors").column("spelling")}
    assert names & spellings == set()


def test_compass_directions_have_one_bearing_each():
    table = read_table("compass")
    bearings: dict[str, set[float | None]] = {}
    for direction, bearing in zip(
        table.column("direction"),
        table.numbers("bearing_deg", low=0, high=360, empty=True),
        strict=True,
    ):
        bearings.setdefault(direction, set()).add(bearing)
    assert all(len(b) == 1 for b in bearings.values())
    clockwise = "north northeast east southeast south southwest west northwest".split()
    assert dict(lexicon.COMPASS_BEARINGS) == {d: 45.0 * n for n, d in enumerate(clockwise)}
    assert set(table.column("form")) == {"noun", "adjective"}
    # every direction is also a word of its own
    assert set(table.column("direction")) <= set(table.column("word"))


def test_months_and_weekdays_numbers_agree_with_the_calendar():
    table = read_table("months")
    names = [w for w, _, form in table.rows if form == "name"]
    assert names == [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    for word, number, _ in table.rows:
        assert int(number) == names.index(next(n for n in names if n.startswith(word))) + 1
    days = read_table("weekdays")
    full = [w for w, _, form in days.rows if form == "name"]
    assert full[0] == "monday" and len(full) == 7
    for word, number, _ in days.rows:
        assert full[int(number)].startswith(word[:3])


# --------------------------------------------------------------------------------------
# the reader: malformed files
# --------------------------------------------------------------------------------------

HEADER = "spelling\tgroup\torganisation\n"
COLUMNS = ("spelling", "group", "organisation")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "spelling\tgroup\n",
            "line 1: header must be 'spelling\\tgroup\\torganisation', got 'spelling\\tgroup'; "
            "fix the first row of the file",
        ),
        (
            HEADER + "# a comment\n\ndaesh\tIslamic State\n",
            "line 4: expected 3 tab-separated fields, got 2 in 'daesh\\tIslamic State'; "
            "separate spelling, group and organisation with tabs",
        ),
        (
            HEADER + "daesh\tIslamic State\tyes\tmore\n",
            "line 2: expected 3 tab-separated fields, got 4 in "
            "'daesh\\tIslamic State\\tyes\\tmore'; separate spelling, group and organisation "
            "with tabs",
        ),
        (
            HEADER + "daesh \tIslamic State\tyes\n",
            "line 2: spelling 'daesh ' has spaces around it; remove them",
        ),
        (
            HEADER + "daesh\t Islamic State\tyes\n",
            "line 2: group ' Islamic State' has spaces around it; remove them",
        ),
        (
            HEADER + "\tIslamic State\tyes\n",
            "line 2: the spelling is empty; fill it in",
        ),
        (
            HEADER + "daesh\tIslamic State\tyes\nisis\tIslamic State\tyes\n# x\ndaesh\tIS\tno\n",
            "line 5: spelling 'daesh' is listed twice (first on line 2); keep one row",
        ),
    ],
)
def test_malformed_rows_name_file_and_line(data_error, content, message):
    assert data_error("groups.tsv", content, lambda path: read_table(path, COLUMNS)) == message


def test_an_empty_file(data_error):
    empty = "# nothing but a comment\n\n"
    assert data_error("empty.tsv", empty, lambda path: read_table(path, ("word",))) == (
        "the file is empty; it needs the header 'word'"
    )


def test_one_column_lists(tmp_path, data_error):
    assert data_error("words.tsv", "word\nnorth\nsouth\tlisted\n", read_words) == (
        "line 3: expected 1 tab-separated field, got 2 in 'south\\tlisted'; a word holds no tab"
    )
    good = tmp_path / "good.tsv"
    good.write_text("\ufeffcue\n# comment\nnear\nin\n", encoding="utf-8")
    assert read_words(good, "cue") == ("near", "in")
    with pytest.raises(ValueError, match="use read_table"):
        read_words("groups")


def test_flags_and_numbers_are_checked(tmp_path):
    path = tmp_path / "groups.tsv"
    path.write_text(HEADER + "daesh\tIslamic State\tyes\nisis\tIslamic State\tmaybe\n")
    table = read_table(path, COLUMNS)
    with pytest.raises(DataError) as info:
        table.flags("organisation")
    assert str(info.value) == f"{path.resolve()}: line 3: organisation 'maybe' is not 'yes' or 'no'"
    cues = tmp_path / "attributions.tsv"
    cues.write_text("cue\tlabel\tconfidence\nsaid\tofficials\t0.8\nclaimed\tclaims\t1.5\n")
    with pytest.raises(DataError) as info:
        read_table(cues, ("cue", "label", "confidence")).numbers("confidence", low=0, high=1)
    assert str(info.value) == (
        f"{cues.resolve()}: line 3: confidence '1.5' is not a number from 0 to 1"
    )
    compass = tmp_path / "compass.tsv"
    compass.write_text("word\tbearing\nnorth\t\nnan\tnan\n")
    table = read_table(compass, ("word", "bearing"))
    with pytest.raises(DataError, match=r"line 2: bearing '' is not a number from 0 to 360"):
        table.numbers("bearing", low=0, high=360)
    with pytest.raises(DataError, match=r"line 3: bearing 'nan' is not a number from 0 to 360"):
        table.numbers("bearing", low=0, high=360, empty=True)
    with pytest.raises(KeyError, match="compass.tsv has no column 'degrees'"):
        table.column("degrees")


def test_unknown_lists_and_wrong_columns():
    with pytest.raises(KeyError, match="no word list is called 'colours'"):
        read_table("colours")
    with pytest.raises(KeyError, match="no word list is called '../groups'"):
        read_table("../groups")
    with pytest.raises(ValueError, match="disagree with the 'groups' list"):
        read_table("groups", ("spelling", "group"))
    with pytest.raises(ValueError, match="columns are needed"):
        read_table(LEXICON_DIR / "groups.tsv")


def test_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_table(tmp_path / "missing.tsv", ("word",))


# --------------------------------------------------------------------------------------
# patterns built from the lists
# --------------------------------------------------------------------------------------


def test_alternation_is_longest_first_and_keeps_ties_in_order():
    assert alternation(["is", "isis", "isil", "islamic state"]) == "islamic\\ state|isis|isil|is"
    pattern = re.compile(rf"\b(?:{alternation(lexicon.DISTANCE_UNITS)})\b")
    assert [m.group() for m in pattern.finditer("5 kms, 3 miles, 2 mi, 9 kilometres")] == [
        "kms",
        "miles",
        "mi",
        "kilometres",
    ]
