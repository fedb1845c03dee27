"""Word lists for finding place names in English news text: what is, and is not, a place.

A gazetteer-driven recogniser looks every run of capitalised words up in a gazetteer of
about 270,000 places, and that gazetteer holds towns called Of (Turkey), Police (Poland),
Nice, Reading, Mobile, Victoria and Hit (Iraq). These lists tell it which matches to keep.

The words live in ``data/lexicon/*.tsv`` (one file per list, read once by
:mod:`gazetteer.wordlists`); this module turns them into the sets and tables below. All
entries of the sets are *folded* with :func:`gazetteer.names.fold` (lower case, no accents,
no apostrophes, punctuation turned into spaces), so "Al-Qaeda" is held as ``'al qaeda'``.

=================== =====================================================================
list                what it is for
=================== =====================================================================
``load_demonyms``   country adjectives and demonyms ("Libyan", "Nigeriens", "Briton") from
                    ``demonyms.tsv``: a country-level reference
``STOP_WORDS``      never a place *on their own* in news text: function words, months,
                    weekdays, titles, news and institution words, generic place words
                    (``stop_words.tsv``, and the lists named there)
``AMBIGUOUS_WORDS`` real places that are also first names, surnames or common words
                    ("Jordan", "Nice", "Hit"): keep them only with supporting context
``PERSON_TITLES``   a capitalised name right after one of these is a person ("Gen. Haftar")
``ORGANISATIONS``   organisation names whose words look like places ("Islamic State",
                    "Libyan National Army", "New York Times"): no place inside them
                    (``organisations.tsv`` and the rows so marked in ``groups.tsv`` and
                    ``actors.tsv``, which the extractor reads too)
``LOCATION_CUES``   words just before a name that make a place reading likely ("in",
                    "near", "south of", "the town of", "captured")
``MONTHS``,         month and weekday names and abbreviations; ``MONTH_NUMBERS`` and
``WEEKDAYS``        ``WEEKDAY_NUMBERS`` give their numbers, ``MONTH_NAMES``,
                    ``MONTH_ABBREVIATIONS`` and ``WEEKDAY_NAMES`` list them in calendar
                    order (the extractor's dates read them)
``COMPASS_WORDS``   every spelling of a compass direction ("north-east", "southwestern",
                    "central") and the direction it names; ``COMPASS_BEARINGS`` the
                    directions' bearings. Stop words and location cues derive from them,
                    and the extractor reads them for regions and offsets
``DISTANCE_UNITS``  "miles", "km", "kilometres" ... and the unit each stands for;
                    ``DISTANCE_UNIT_PATTERN`` matches any of them (and "kilomet..." typos)
=================== =====================================================================

Decisions a recogniser must know
--------------------------------
* **Whole spans only.** :func:`is_blocked` blocks a candidate only when the *whole* folded
  span is a stop word, never a word inside a longer name: "Republic" alone is blocked,
  "Republic of Niger" and "Central African Republic" are not.
* **A leading "the" is ignored by** :func:`is_blocked`: "the Republic", "The Police" and
  "The West" are blocked like "Republic", "Police" and "West"; "The Hague" and "The Gambia"
  are not blocked, because "hague" and "gambia" are not stop words. A recogniser should
  look a span up both with and without its leading "the" and keep whichever the gazetteer
  knows.
* **Stop and ambiguous are disjoint.** A word is either never a place alone (stop) or a
  place that needs context (ambiguous), not both.
* **Months and weekdays are stop words**, including "March" and "May": "in March" is a date
  in news text, so the prepositional cue that rescues ambiguous words must not rescue these;
  the town of March (Cambridgeshire) is sacrificed.
* **Countries and capitals are not ambiguous** when their place sense dominates conflict
  news: Chad, Mali, Niger, China, Guinea, Israel, India and Paris are left out. Jordan,
  Georgia and Turkey are in (Michael Jordan, the US state, the bird); a recogniser may count
  a demonym of the same country in the document ("Jordanian", "Turkish") as context.
* **Language names are not filtered**: "English", "French" and "Russian" are demonyms (GB,
  FR, RU), so "spoke in English" is a country reference unless the recogniser checks for
  language contexts itself. "Arabic" and "Persian" are not demonyms; they are stop words.
* **Multi-word demonyms** ("South Sudanese", "North Korean", "Sri Lankan", "Saudi Arabian",
  "New Zealander", "Equatorial Guinean") are listed whole; a recogniser must try the longest
  span first, or "South Sudanese" is read as Sudan and "Equatorial Guinean" as Guinea.
  "Korean" alone is not a demonym. "Latin American", "Native American" and the like are
  stop words, so that a two-word lookup does not read them as the United States.
* :data:`PERSON_TITLES` holds some two-word titles ("prime minister", "lt col"); a
  recogniser that only checks the word just before a name still catches those through their
  last word ("minister", "col").
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Mapping
from functools import lru_cache
from os import PathLike
from pathlib import Path
from types import MappingProxyType

from gazetteer.names import fold
from gazetteer.wordlists import LISTS, alternation, lexicon_path, read_table

__all__ = [
    "AMBIGUOUS_WORDS",
    "COMPASS_BEARINGS",
    "COMPASS_WORDS",
    "DEMONYM_KINDS",
    "DISTANCE_UNITS",
    "DISTANCE_UNIT_PATTERN",
    "LOCATION_CUES",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "MONTH_NAMES",
    "MONTH_NUMBERS",
    "ORGANISATIONS",
    "PERSON_TITLES",
    "STOP_WORDS",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "WEEKDAY_NUMBERS",
    "default_demonyms_path",
    "demonym_country",
    "is_ambiguous",
    "is_blocked",
    "load_demonyms",
]


def _folded(name: str, column: str, *, where: Iterable[bool] | None = None) -> frozenset[str]:
    """The entries of one column of a shipped list, folded (rows where ``where`` is true)."""
    table = read_table(name)
    keep = where if where is not None else itertools.repeat(True)
    out: set[str] = set()
    for n, (value, wanted) in enumerate(zip(table.column(column), keep, strict=False)):
        if not wanted:
            continue
        key = fold(value)
        if not key:
            raise table.error(n, f"{column} {value!r} holds no letter or digit; remove the row")
        out.add(key)
    return frozenset(out)


def _numbered(name: str, column: str, low: int, high: int) -> Mapping[str, int]:
    """Word → whole number from ``low`` to ``high``, from a shipped list's first column."""
    table = read_table(name)
    numbers = table.numbers(column, low=low, high=high)
    out: dict[str, int] = {}
    for n, (word, number) in enumerate(zip(table.column(table.columns[0]), numbers, strict=True)):
        if number is None or number != int(number):
            raise table.error(n, f"{column} {table.column(column)[n]!r} is not a whole number")
        out[word] = int(number)
    return MappingProxyType(out)


# --------------------------------------------------------------------------------------
# Calendar words
# --------------------------------------------------------------------------------------

#: Months and their abbreviations, folded (``data/lexicon/months.tsv``). All are stop words
#: (see the module notes).
MONTHS: frozenset[str] = _folded("months", "word")

#: Month names and abbreviations → month number (1 is January).
MONTH_NUMBERS: Mapping[str, int] = _numbered("months", "month", 1, 12)

#: Weekdays and their abbreviations, folded (``data/lexicon/weekdays.tsv``). "mon" is also
#: Myanmar's Mon State; alone, it is blocked like the other abbreviations ("Mon State" is a
#: longer span and unaffected).
WEEKDAYS: frozenset[str] = _folded("weekdays", "word")

#: Weekday names and abbreviations → ``datetime.date.weekday()`` (0 is Monday).
WEEKDAY_NUMBERS: Mapping[str, int] = _numbered("weekdays", "weekday", 0, 6)


def _by_form(name: str, numbers: Mapping[str, int], form: str) -> tuple[str, ...]:
    """The words of a calendar list that have ``form``, in the order of their numbers."""
    table = read_table(name)
    for n, value in enumerate(table.column("form")):
        if value not in ("name", "abbreviation"):
            raise table.error(n, f"form {value!r} is not 'name' or 'abbreviation'")
    forms = zip(table.column("word"), table.column("form"), strict=True)
    words = [word for word, word_form in forms if word_form == form]
    return tuple(sorted(words, key=lambda w: numbers[w]))  # stable: file order within a number


#: The twelve month names, lower case, January first (the ``name`` rows of ``months.tsv``).
MONTH_NAMES: tuple[str, ...] = _by_form("months", MONTH_NUMBERS, "name")

#: The month abbreviations news copy uses ("jan", "sep", "sept" ...), lower case, by month.
MONTH_ABBREVIATIONS: tuple[str, ...] = _by_form("months", MONTH_NUMBERS, "abbreviation")

#: The seven weekday names, lower case, Monday first (the ``name`` rows of ``weekdays.tsv``).
WEEKDAY_NAMES: tuple[str, ...] = _by_form("weekdays", WEEKDAY_NUMBERS, "name")

if [MONTH_NUMBERS[w] for w in MONTH_NAMES] != list(range(1, 13)):
    raise read_table("months").error(0, "the names must be one per month, January to December")
if [WEEKDAY_NUMBERS[w] for w in WEEKDAY_NAMES] != list(range(7)):
    raise read_table("weekdays").error(0, "the names must be one per day, Monday to Sunday")

# --------------------------------------------------------------------------------------
# Compass words and distance units (also read by the extractor)
# --------------------------------------------------------------------------------------

_COMPASS = read_table("compass")
for _n, _form in enumerate(_COMPASS.column("form")):
    if _form not in ("noun", "adjective"):
        raise _COMPASS.error(_n, f"form {_form!r} is not 'noun' or 'adjective'")

#: Every spelling of a compass direction or of the middle, lower case as written
#: ("north", "northern", "north-east", "north east", "south-western", "central", "centre"),
#: and the direction it names ("north", "northeast", ..., "central"), from
#: ``data/lexicon/compass.tsv``.
COMPASS_WORDS: Mapping[str, str] = MappingProxyType(
    dict(zip(_COMPASS.column("word"), _COMPASS.column("direction"), strict=True))
)

#: Each compass direction ("north" ... "northwest") and its bearing in degrees clockwise
#: from north; "central" has none.
COMPASS_BEARINGS: Mapping[str, float] = MappingProxyType(
    {
        direction: bearing
        for direction, bearing in zip(
            _COMPASS.column("direction"),
            _COMPASS.numbers("bearing_deg", low=0, high=360, empty=True),
            strict=True,
        )
        if bearing is not None
    }
)

#: Distance units as reports write them ("miles", "mi", "kilometres", "km") and the unit
#: each stands for, ``"km"`` or ``"mi"`` (``data/lexicon/units.tsv``).
DISTANCE_UNITS: Mapping[str, str] = MappingProxyType(
    dict(zip(read_table("units").column("word"), read_table("units").column("unit"), strict=True))
)
for _n, _unit in enumerate(DISTANCE_UNITS.values()):
    if _unit not in ("km", "mi"):
        raise read_table("units").error(_n, f"unit {_unit!r} is not 'km' or 'mi'")

#: A regular-expression alternation (no group) of every distance unit: the
#: :data:`DISTANCE_UNITS`, longest first, and any spelling that starts "kilomet" (a report's
#: "kilometrs" is still a distance). Match it case-insensitively; put it in a group.
DISTANCE_UNIT_PATTERN: str = alternation(DISTANCE_UNITS) + r"|kilomet\w*"

# One-word compass words ("north", "northeastern", "central"): stop words alone.
_COMPASS_ONE_WORD = frozenset(fold(word) for word in COMPASS_WORDS if word.isalpha())
# The compass words that cue a place: lower-case directions before a name ("southern Libya",
# "north Mali", "central Mali"; not "centre Mali") and a direction with "of" ("north of",
# "north-east of", folded "north east of"; "centre of" is a location_cues.tsv row).
_COMPASS_CUES = frozenset(
    fold(word)
    for word, direction, form, _ in _COMPASS.rows
    if word.isalpha() and (form == "adjective" or direction != "central")
) | frozenset(
    f"{fold(word)} of"
    for word, direction, form, _ in _COMPASS.rows
    if form == "noun" and direction != "central"
)

# --------------------------------------------------------------------------------------
# Person titles
# --------------------------------------------------------------------------------------

#: Words that, right before a capitalised name, mark a person ("President Bazoum",
#: "Gen. Haftar", "Sheikh Tamim"), folded (``data/lexicon/person_titles.tsv``). "Saint"/"St"
#: are not titles here: before a name they usually start a place ("St Louis"). Arabic "Abu"
#: is a kunya *and* starts place names (Abu Dhabi, Abu Kamal), so it is not a title either.
PERSON_TITLES: frozenset[str] = _folded("person_titles", "title")

# --------------------------------------------------------------------------------------
# Stop words
# --------------------------------------------------------------------------------------

# Single letters: initials ("George W. Bush"), list markers ("A." "B."). Towns called Y
# (France) or A (Norway) are never meant by a lone capital in English text.
_LETTERS = frozenset(string.ascii_lowercase)

#: Folded words and short phrases that are never a place on their own in English news,
#: though gazetteers hold towns with these names. They block a candidate only when the
#: whole span equals one of them (or "the" + one of them); see :func:`is_blocked`. The rows
#: of ``data/lexicon/stop_words.tsv`` (function, number, time, news, place, group words ...),
#: the single letters, the one-word compass words, :data:`MONTHS`, :data:`WEEKDAYS` and the
#: one-word :data:`PERSON_TITLES`.
STOP_WORDS: frozenset[str] = frozenset(
    w
    for w in (
        _folded("stop_words", "word")
        | _LETTERS
        | _COMPASS_ONE_WORD
        | MONTHS
        | WEEKDAYS
        | PERSON_TITLES
    )
    # a two-word title is never a gazetteer key; PERSON_TITLES still has it
    if " " not in w or w not in PERSON_TITLES
)

# --------------------------------------------------------------------------------------
# Ambiguous words
# --------------------------------------------------------------------------------------

#: Folded single words that are real places *and* common first names, surnames or
#: ordinary words (``data/lexicon/ambiguous_words.tsv``). A recogniser keeps them only with
#: supporting context: a location cue just before ("in Nice", "near Hit"), a following
#: ", Country" or "(Country)", or the same place already named unambiguously in the
#: document. Every entry is the name of a real place in the shipped gazetteer or in GeoNames
#: (checked by the tests).
AMBIGUOUS_WORDS: frozenset[str] = _folded("ambiguous_words", "word")

# --------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------

#: Folded organisation names common in conflict reporting whose words could be read as
#: places ("Islamic State", "Syrian Democratic Forces", "Gulf News"). No place is reported
#: inside one of these spans. Names are listed as the press writes them, without "in
#: <country>": "Islamic State in Libya" keeps Libya, because only "islamic state" matches.
#: The rows of ``data/lexicon/organisations.tsv``, and the armed groups and actors of
#: ``groups.tsv`` and ``actors.tsv`` marked as organisations there (one file per spelling:
#: the extractor reads the same rows).
ORGANISATIONS: frozenset[str] = (
    _folded("organisations", "name")
    | _folded("groups", "spelling", where=read_table("groups").flags("organisation"))
    | _folded("actors", "spelling", where=read_table("actors").flags("organisation"))
)

# --------------------------------------------------------------------------------------
# Location cues
# --------------------------------------------------------------------------------------

#: Folded words and two-word phrases that, just before a capitalised name, make a place
#: reading likely: prepositions ("in", "near"), relative positions ("south of"), place
#: nouns ("the town of", matched as "town of"), direction adjectives written in lower case
#: ("southern Libya") and verbs whose object is nearly always a place ("captured",
#: "shelled"). "On" is left out ("relied on Victoria"), so is a bare "of". Longer cues are
#: caught by their last two words: "north-west of" by "west of", "the port city of" by
#: "city of", "en route to" by "to". The rows of ``data/lexicon/location_cues.tsv`` and the
#: compass cues of ``compass.tsv``.
LOCATION_CUES: frozenset[str] = _folded("location_cues", "cue") | _COMPASS_CUES

# --------------------------------------------------------------------------------------
# Demonyms
# --------------------------------------------------------------------------------------

#: The kinds a row of ``demonyms.tsv`` may have.
DEMONYM_KINDS: frozenset[str] = frozenset({"adjective", "singular", "plural"})

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def default_demonyms_path() -> Path:
    """Path of the demonym table shipped with strikemap.

    Returns
    -------
    pathlib.Path
        ``demonyms.tsv`` in the word lists' folder (:data:`gazetteer.wordlists.LEXICON_DIR`).

    Examples
    --------
    >>> default_demonyms_path().parts[-2:]
    ('lexicon', 'demonyms.tsv')
    """
    return lexicon_path("demonyms")


@lru_cache(maxsize=8)
def _read_demonyms(path: Path) -> dict[str, str]:
    rows = read_table(path, LISTS["demonyms"], unique=False)
    table: dict[str, str] = {}
    for n, (word, code, kind) in enumerate(rows.rows):
        key = fold(word)
        if not key:
            raise rows.error(
                n, f"demonym {word!r} holds no letter; remove the row or fill in the word"
            )
        if not _COUNTRY_CODE.fullmatch(code):
            raise rows.error(
                n,
                f"country_code {code!r} of {word!r} is not two capital letters; use the "
                "ISO 3166-1 alpha-2 code",
            )
        if kind not in DEMONYM_KINDS:
            raise rows.error(
                n, f"kind {kind!r} of {word!r} is not one of 'adjective', 'singular', 'plural'"
            )
        if key in table:
            raise rows.error(
                n,
                f"demonym {word!r} is listed twice ({table[key]} and {code}); keep one row per "
                "demonym and note any other sense in a '#' comment",
            )
        table[key] = code
    return table


def load_demonyms(path: str | PathLike[str] | None = None) -> dict[str, str]:
    """Read the demonym table: folded demonym → ISO 3166-1 alpha-2 country code.

    The file is UTF-8, tab-separated, with the header ``demonym country_code kind``; blank
    lines and lines starting with ``#`` are skipped. Each file is parsed once per process;
    every call returns a new dict, which the caller may change.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The table to read; by default :func:`default_demonyms_path`.

    Returns
    -------
    dict of str to str
        Folded demonym ("libyan", "libyans", "bissau guinean") → country code ("LY").

    Raises
    ------
    FileNotFoundError
        If `path` does not exist.
    gazetteer.errors.DataError
        If the header is wrong, a row does not have three fields, a country code is not two
        capital letters, a kind is not adjective/singular/plural, or a folded demonym is
        listed twice. The message gives the file and line.

    Examples
    --------
    >>> table = load_demonyms()
    >>> table["libyan"], table["nigeriens"], table["briton"], table["south sudanese"]
    ('LY', 'NE', 'GB', 'SS')
    >>> "pole" in table, table["poles"]
    (False, 'PL')
    """
    resolved = Path(path).resolve() if path is not None else default_demonyms_path()
    return dict(_read_demonyms(resolved))


def demonym_country(word: str) -> str | None:
    """Country code of a demonym or country adjective, or ``None``.

    The word is folded first, so case, accents and hyphens do not matter. Plurals are found
    only when the table lists them; no "s" is stripped.

    Parameters
    ----------
    word : str
        A word or short phrase as written ("Libyans", "South Sudanese", "Bissau-Guinean").

    Returns
    -------
    str or None
        The ISO 3166-1 alpha-2 code from the shipped table, or ``None`` if `word` is not a
        demonym.

    Examples
    --------
    >>> demonym_country("Nigerien"), demonym_country("NIGERIAN"), demonym_country("Malians")
    ('NE', 'NG', 'ML')
    >>> demonym_country("Bissau-Guinean"), demonym_country("Ålanders")
    ('GW', 'AX')
    >>> demonym_country("Libya"), demonym_country("Korean"), demonym_country("")
    (None, None, None)
    """
    return _shipped_demonyms().get(fold(word))


@lru_cache(maxsize=1)
def _shipped_demonyms() -> dict[str, str]:
    """The shipped demonym table, found once: the geoparser asks about every short name."""
    return _read_demonyms(default_demonyms_path())


# --------------------------------------------------------------------------------------
# Span tests
# --------------------------------------------------------------------------------------


def is_blocked(folded_span: str) -> bool:
    """Whether a candidate span is never a place on its own.

    True when the whole span is in :data:`STOP_WORDS`, or is "the" followed by a stop word.
    Words inside a longer span never block it.

    Parameters
    ----------
    folded_span : str
        The candidate, folded with :func:`gazetteer.names.fold` (folding again is harmless,
        so a raw span works too).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_blocked("police"), is_blocked("The Republic"), is_blocked("March")
    (True, True, True)
    >>> is_blocked("republic of niger"), is_blocked("the hague"), is_blocked("US")
    (False, False, False)
    >>> is_blocked(""), is_blocked("nice")
    (False, False)
    """
    key = fold(folded_span)
    if key in STOP_WORDS:
        return True
    return key.startswith("the ") and key[4:] in STOP_WORDS


def is_ambiguous(folded_span: str) -> bool:
    """Whether a candidate is a place that needs supporting context ("Jordan", "Nice").

    Parameters
    ----------
    folded_span : str
        The candidate, folded with :func:`gazetteer.names.fold` (folding again is harmless).

    Returns
    -------
    bool
        True if the whole span is in :data:`AMBIGUOUS_WORDS`.

    Examples
    --------
    >>> is_ambiguous("jordan"), is_ambiguous("Nice"), is_ambiguous("Hit")
    (True, True, True)
    >>> is_ambiguous("chad"), is_ambiguous("tripoli"), is_ambiguous("march")
    (False, False, False)
    """
    return fold(folded_span) in AMBIGUOUS_WORDS
