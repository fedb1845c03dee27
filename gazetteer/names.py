"""Place-name keys: every press spelling of a place must find it.

The gazetteer stores each name under two keys and folds a query the same way:

* :func:`fold` — the *exact* key (high score): accents, case, apostrophes and punctuation
  removed, nothing else changed. ``"Ra's Lanuf"``, ``"RAS LANUF"`` and ``"Ras Lanuf"`` all
  give ``'ras lanuf'``.
* :func:`loose_key` — the *loose* key (lower score): a consonant skeleton that makes the
  Arabic-, French-, Italian- and English-based romanisations of one name collide
  (Darnah / Derna / Darna, Sirte / Surt, Ajdabiya / Ejdabia / Agedabia, Oualid / Walid).

Rules of :func:`loose_key`
--------------------------
It works on ``fold(name)``, token by token; tokens that are not plain ``a-z`` (digits,
Arabic, Cyrillic, CJK ...) pass through unchanged.

1. **Articles.** An Arabic article token (``al el ul as ash ad adh at ath az ar an es ez ed
   er et en``) is dropped when another token follows it, wherever it stands (``Al-Kufra``
   and ``Kufra`` collide; so do ``Deir ez-Zor`` and ``Dayr az Zawr``). The last token is
   always kept, so ``"Al"`` alone stays ``'al'``.
2. **Letters.** ``dj``→j (French ج, Djerba), ``tch``→ch, ``ch``/``sh``→s (French and English
   ش), ``ph``→f, ``th``→t, ``dh``→d, ``gh``/``kh``→k; ``c``→s before e/i/y, else k; ``x``→ks,
   ``z``→s. **All velars and j are one letter**: ``g j k q c``→k. Arabic qaf is *g* in Libyan
   and Gulf speech and jim is *g* in Egypt, so the press writes Gaddafi / Qaddafi / Kadhafi,
   Mogadishu / Muqdisho and Agedabia / Ajdabiya; Soundex makes the same choice.
3. **Semivowels.** ``w`` (and French ``ou``) before a vowel is the consonant w (Walid,
   Oualid, Zuwara, Zouara); elsewhere ``w`` is part of a vowel (Awbari = Ubari,
   Zawr = Zor). ``y`` is a consonant at the start of a token before a vowel (Yafran) and
   before a, o or u unless it follows i or e (Kenya, Kismayo); elsewhere it is a vowel
   (Ajdabiya = Ajdabia, Dayr = Deir, Kyiv = Kiev).
4. **Endings.** A final ``h`` after a vowel is dropped (Darnah = Darna, Sabhah = Sabha);
   a final ``e`` after a consonant is dropped as silent (Sirte = Sirt). Doubled letters are
   then collapsed, after rule 2 (Raqqa = Rakka = Raqa, ck = k, Amman = Aman).
5. **Vowels.** Each run of vowels becomes a class: ``u`` if it holds o, u or a vocalic w
   (o = u, ou, aw), otherwise ``a`` (a = e = i = y). The first letter and a final vowel
   run are always kept as their class; inner vowel runs are dropped — except in tokens
   with at most two consonants, where every run is kept as its class.

Rule 5 stands in for "keep the vowels of tokens of three letters or fewer". Bare
skeletons of short names collide far too often (Hit, Hat, Hut and Hot would be one key),
so short tokens keep their vowel *classes*, which still merge Bani/Beni, Deir/Dayr,
Zor/Zawr, Ubari/Awbari, Tell/Tall and Ain/Ayn/Ein. Two consonants is the largest limit
that keeps Surt/Sirt, Ajdabiya/Agedabia and Zuwara/Zouara together. The class of the
final vowel keeps Niger and Nigeria apart, and that of the initial vowel keeps Oman and
Amman apart. Loose keys are a fallback ranked below exact keys: a few collisions remain
(Ghat/Gat, which is wanted, but also Angola/Anguilla).

Examples of keys: ``Darnah``→``'drna'``, ``Sirte``→``'srt'``, ``Murzuq``→``'mrsk'``,
``Bani Walid``→``'bana wld'``, ``Deir ez-Zor``→``'dar sur'``.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from functools import lru_cache

from gazetteer.errors import InvalidQueryError

__all__ = [
    "US_STATES",
    "US_STATE_ABBREVIATIONS",
    "clean_query",
    "expand_abbreviations",
    "fold",
    "loose_key",
]

# --------------------------------------------------------------------------------------
# fold
# --------------------------------------------------------------------------------------

# Apostrophes and Arabic-transliteration marks (hamza ʾ, ayn ʿ, okina ʻ): deleted, not spaced.
# The Arabic tatweel (a stretching stroke) goes with them.
_DELETED = "'’‘`´ʼʻʿʾ\u0640"
# Deleted *before* normalisation too: NFKD turns "´" into a space plus a combining accent.
_PRE_DELETE = {ord(ch): None for ch in _DELETED}

# Lowercase letters that do not decompose under NFKD. The first eight are the required
# ones; the rest are frequent in West African (Bambara, Hausa), Maltese and Azeri names.
_SPECIAL_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ı": "i",
    "þ": "th",
    "œ": "oe",
    "ð": "d",
    "ħ": "h",
    "ŧ": "t",
    "ə": "e",
    "ɛ": "e",
    "ɔ": "o",
    "ɲ": "ny",
    "ŋ": "ng",
}


def _drops_mark(ccc: int) -> bool:
    """Whether a combining mark of this canonical combining class is an optional diacritic.

    Dropped: overlays (1-6), Hebrew/Arabic/Syriac vowel points (10-36) and the positional
    accents of Latin, Greek and Cyrillic (200+). Kept: nukta, kana voicing and virama (7-9)
    and the Telugu/Thai/Lao/Tibetan vowel signs (84-132), which are letters, not accents.
    """
    return 0 < ccc < 7 or 10 <= ccc <= 36 or ccc >= 200


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table for non-ASCII text, filled one code point at a time."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value: str | None
        if ch in _SPECIAL_LETTERS:
            value = _SPECIAL_LETTERS[ch]
        elif ch in _DELETED or _drops_mark(unicodedata.combining(ch)):
            value = None
        elif ch == "&":
            value = " and "
        else:
            category = unicodedata.category(ch)
            if category == "Cf":  # soft hyphen, bidi marks, zero-width joiners
                value = None
            elif category[0] in "PSZC":  # punctuation, symbols, separators, controls
                value = " "
            else:
                value = ch
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def _ascii_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(128):
        ch = chr(code)
        if ch in _DELETED:
            table[code] = None
        elif ch == "&":
            table[code] = " and "
        elif not ch.isalnum():
            table[code] = " "
    return table


_ASCII_TABLE = _ascii_table()


def fold(name: str) -> str:
    """Exact-match key of a place name: no accents, case, apostrophes or punctuation.

    Unicode compatibility-decomposes (NFKD, which equals NFKC then NFKD) and drops accents,
    casefolds, spells out letters that do not decompose (ß→ss, æ→ae, ø→o, ł→l, đ→d, ı→i,
    þ→th, œ→oe), deletes apostrophes and transliteration marks (``' ’ ‘ ` ´ ʼ ʻ ʿ ʾ``)
    without leaving a space, turns ``&`` into ``and`` and any other punctuation or symbol
    into a space, and collapses whitespace. Arabic, Cyrillic, CJK and other scripts keep
    their letters (Arabic vowel points are dropped, so vocalised and plain spellings meet).

    Parameters
    ----------
    name : str
        A place name, in any script.

    Returns
    -------
    str
        The folded key; ``''`` when the name holds no letter or digit.

    Raises
    ------
    TypeError
        If `name` is not a string.

    Examples
    --------
    >>> fold("Agadès"), fold("Şabḩā"), fold("Trípoli"), fold("  Ténéré ")
    ('agades', 'sabha', 'tripoli', 'tenere')
    >>> fold("Ra's Lanuf"), fold("Al-Kufra"), fold("N.Y."), fold("Trinidad & Tobago")
    ('ras lanuf', 'al kufra', 'n y', 'trinidad and tobago')
    >>> fold("Straße"), fold("Łódź"), fold("Ærøskøbing"), fold("Bani Walid (Libya)")
    ('strasse', 'lodz', 'aeroskobing', 'bani walid libya')
    >>> fold("درنة"), fold("Дерна"), fold("東京")
    ('درنة', 'дерна', '東京')
    >>> fold(""), fold(" -- ")
    ('', '')
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {name!r}")
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_TABLE).split())
    text = unicodedata.normalize("NFKD", name.translate(_PRE_DELETE))
    text = " ".join(text.casefold().translate(_FOLD_TABLE).split())
    # Recompose what is left (Hangul, kana with voicing marks) so keys stay readable.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------
# loose_key
# --------------------------------------------------------------------------------------

_ARTICLES = frozenset(
    "al el ul as ash ad adh at ath az ar an es ez ed er et en".split(),
)

# Rule 2 of the module docstring. Digraphs go first, in this order, with str.replace
# (fast in C); every one but "dj" holds an "h", which lets most tokens skip the loop.
_DIGRAPHS = (
    ("dj", "j"),
    ("tch", "ch"),
    ("ch", "s"),
    ("sh", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "k"),
    ("kh", "k"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
# Consonantal semivowels are upper-cased so that the vowel patterns skip them.
_CONSONANT_W = re.compile(r"ou(?=[aeiy])|w(?=[aeiouy])")
_CONSONANT_Y = re.compile(r"^y(?=[aeiou])|(?<![ie])y(?=[aou])")
_VOWEL_LETTERS = "aeiouwy"
# The last steps work on ASCII bytes: bytes.translate is several times faster than
# str.translate, and loose_key runs over every name in the index.
_VELARS_AND_Z = bytes.maketrans(b"cgjqz", b"kkkks")
_DOUBLED = re.compile(rb"(.)\1+")
_first_group = operator.itemgetter(1)
_VOWELS = b"aeiouwy"
_LOWER_SEMIVOWELS = bytes.maketrans(b"WY", b"wy")
# Vowels to their class (a e i y -> a, o u w -> u), consonantal W/Y lower-cased; a run of
# classes then becomes "u" if it holds a "u", else "a".
_VOWEL_CLASSES = bytes.maketrans(b"aeiyouwWY", b"aaaauuuwy")
_U_RUN = re.compile(rb"[au]*u[au]*")
_A_RUN = re.compile(rb"a+")


def _vowel_class(run: bytes) -> bytes:
    # A run holds only vowels, so it holds o, u or w exactly when stripping a/e/i/y leaves
    # something.
    return b"u" if run.strip(b"aeiy") else b"a"


# Common tokens (wadi, jabal, saint, north...) repeat across names. 16k entries take about
# 3.5 MB; a cache eight times larger was no faster over 380,000 GeoNames city names.
@lru_cache(maxsize=1 << 14)
def _loose_token(token: str) -> str:
    if not (token.isascii() and token.isalpha()):
        return token
    if "h" in token or "dj" in token:
        for old, new in _DIGRAPHS:
            if old in token:
                token = token.replace(old, new)
    if "c" in token:
        token = _SOFT_C.sub("s", token)
    if "x" in token:
        token = token.replace("x", "ks")
    if "w" in token or "ou" in token:
        token = _CONSONANT_W.sub("W", token)
    if "y" in token:
        token = _CONSONANT_Y.sub("Y", token)
    if len(token) > 2 and token[-1] == "h" and token[-2] in _VOWEL_LETTERS:
        token = token[:-1]
    if len(token) > 3 and token[-1] == "e" and token[-2] not in _VOWEL_LETTERS:
        token = token[:-1]

    word = token.encode("ascii").translate(_VELARS_AND_Z)
    if _DOUBLED.search(word):
        word = _DOUBLED.sub(_first_group, word)
    consonants = word.translate(_LOWER_SEMIVOWELS, _VOWELS)
    if len(consonants) <= 2:  # short skeletons collide: keep the class of every vowel run
        classes = word.translate(_VOWEL_CLASSES)
        return _A_RUN.sub(b"a", _U_RUN.sub(b"u", classes)).decode("ascii")
    if word[0] in _VOWELS:
        consonants = _vowel_class(word[: len(word) - len(word.lstrip(_VOWELS))]) + consonants
    if word[-1] in _VOWELS:
        consonants += _vowel_class(word[len(word.rstrip(_VOWELS)) :])
    return consonants.decode("ascii")


def loose_key(name: str) -> str:
    """Transliteration-insensitive key of a place name.

    A consonant skeleton of :func:`fold`, token by token, that makes the Arabic-, French-
    and English-based spellings of a name collide while keeping short, distinct names
    apart; the rules are listed in the module docstring. Tokens that are not plain
    ``a-z`` letters (digits, non-Latin scripts) are kept as folded.

    Parameters
    ----------
    name : str
        A place name, in any script (it need not be folded).

    Returns
    -------
    str
        Space-separated token keys; ``''`` when the name folds to ``''``.

    Examples
    --------
    >>> loose_key("Darnah"), loose_key("Derna"), loose_key("Dernah")
    ('drna', 'drna', 'drna')
    >>> loose_key("Al-Kufra"), loose_key("al Kufrah"), loose_key("El Kufra")
    ('kfra', 'kfra', 'kfra')
    >>> loose_key("Bani Walid") == loose_key("Beni Oualid") == loose_key("Bani Waleed")
    True
    >>> loose_key("Deir ez-Zor"), loose_key("Dayr az Zawr")
    ('dar sur', 'dar sur')
    >>> loose_key("Niger"), loose_key("Nigeria"), loose_key("Oman"), loose_key("Amman")
    ('nkr', 'nkra', 'uman', 'aman')
    >>> loose_key("Al"), loose_key("Route 66"), loose_key("درنة"), loose_key("")
    ('al', 'rut 66', 'درنة', '')
    """
    tokens = fold(name).split()
    if len(tokens) > 1 and not _ARTICLES.isdisjoint(tokens[:-1]):
        tokens = [tok for tok in tokens[:-1] if tok not in _ARTICLES] + tokens[-1:]
    return " ".join(map(_loose_token, tokens))


# --------------------------------------------------------------------------------------
# Abbreviations
# --------------------------------------------------------------------------------------

US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}
"""USPS code → state name, for the 50 states and the District of Columbia."""

# AP-style abbreviations (and a few older newspaper forms), already folded.
_AP_ABBREVIATIONS = {
    "ala": "AL",
    "ariz": "AZ",
    "ark": "AR",
    "calif": "CA",
    "colo": "CO",
    "conn": "CT",
    "del": "DE",
    "d c": "DC",
    "fla": "FL",
    "ga": "GA",
    "ill": "IL",
    "ind": "IN",
    "kan": "KS",
    "kans": "KS",
    "ky": "KY",
    "la": "LA",
    "md": "MD",
    "mass": "MA",
    "mich": "MI",
    "minn": "MN",
    "miss": "MS",
    "mo": "MO",
    "mont": "MT",
    "neb": "NE",
    "nebr": "NE",
    "nev": "NV",
    "n h": "NH",
    "n j": "NJ",
    "n m": "NM",
    "n mex": "NM",
    "n y": "NY",
    "n c": "NC",
    "n d": "ND",
    "n dak": "ND",
    "okla": "OK",
    "ore": "OR",
    "oreg": "OR",
    "pa": "PA",
    "penn": "PA",
    "r i": "RI",
    "s c": "SC",
    "s d": "SD",
    "s dak": "SD",
    "tenn": "TN",
    "tex": "TX",
    "vt": "VT",
    "va": "VA",
    "wash": "WA",
    "w va": "WV",
    "wis": "WI",
    "wisc": "WI",
    "wyo": "WY",
}

US_STATE_ABBREVIATIONS: dict[str, str] = {
    **{code.lower(): code for code in US_STATES},
    **_AP_ABBREVIATIONS,
    **{fold(state): code for code, state in US_STATES.items()},
}
"""Folded abbreviation or state name → USPS code (``"calif"``, ``"california"`` → ``"CA"``)."""

_TOKEN_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "st": ("saint",),
    "ste": ("sainte",),
    "ft": ("fort",),
    "mt": ("mount",),
    "pt": ("point", "port"),
}
_DIRECTIONS: dict[str, tuple[str, ...]] = {
    "n": ("north",),
    "s": ("south",),
    "e": ("east",),
    "w": ("west",),
}


def expand_abbreviations(folded: str) -> list[str]:
    """Spell out the abbreviations in a folded name.

    ``st``→saint, ``ste``→sainte, ``ft``→fort, ``mt``→mount and ``pt``→point *and* port
    are expanded wherever another token follows them (a final ``st`` is more often a
    street than a saint, so it is left alone); a first token ``n``, ``s``, ``e`` or ``w``
    followed by a word becomes north, south, east or west, unless the name is a US state
    abbreviation (``"n c"``, ``"w va"``). Every expandable token is expanded; when one
    has two readings, every combination is returned.

    Parameters
    ----------
    folded : str
        A name already passed through :func:`fold`.

    Returns
    -------
    list of str
        The expanded forms in a stable order, without `folded` itself; ``[]`` when
        nothing expands.

    Examples
    --------
    >>> expand_abbreviations("mt kenya"), expand_abbreviations("n korea")
    (['mount kenya'], ['north korea'])
    >>> expand_abbreviations("pt st lucie")
    ['point saint lucie', 'port saint lucie']
    >>> expand_abbreviations("main st"), expand_abbreviations("n c"), expand_abbreviations("")
    ([], [], [])
    """
    tokens = folded.split()
    if len(tokens) < 2:
        return []
    # "n c", "w va" and "s dak" are states, not North C, West Va and South Dak.
    directions = len(tokens[1]) > 1 and folded not in US_STATE_ABBREVIATIONS
    choices: list[tuple[str, ...]] = []
    expanded = False
    for i, token in enumerate(tokens[:-1]):
        options = _DIRECTIONS.get(token) if i == 0 and directions else None
        options = options or _TOKEN_EXPANSIONS.get(token)
        expanded = expanded or options is not None
        choices.append(options or (token,))
    if not expanded:
        return []
    choices.append((tokens[-1],))
    return [" ".join(combination) for combination in itertools.product(*choices)]


# --------------------------------------------------------------------------------------
# Query validation
# --------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # exactly Unicode category Cc


def clean_query(text: object, *, argument: str = "name", max_length: int = 200) -> str:
    r"""Check that a user query is a searchable place name and return it stripped.

    Parameters
    ----------
    text : object
        What the user typed.
    argument : str, default "name"
        The argument's name, used in error messages.
    max_length : int, default 200
        Longest accepted query, in characters after stripping.

    Returns
    -------
    str
        `text` without leading and trailing whitespace.

    Raises
    ------
    InvalidQueryError
        If `text` is not a string, is empty or blank, is longer than `max_length`, or
        contains a control character (tabs and newlines included).
    ValueError
        If `max_length` is less than 1.

    Examples
    --------
    >>> clean_query("  Murzuq ")
    'Murzuq'
    >>> clean_query("   ")
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: name must not be empty, got '   '
    >>> clean_query("Sirte\tLibya", argument="query")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gazetteer.errors.InvalidQueryError: query contains control character '\t' at position 5; ...
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length!r}")
    if not isinstance(text, str):
        raise InvalidQueryError(f"{argument} must be a string, got {text!r}")
    stripped = text.strip()
    if not stripped:
        raise InvalidQueryError(f"{argument} must not be empty, got {text!r}")
    if len(stripped) > max_length:
        raise InvalidQueryError(
            f"{argument} is too long ({len(stripped)} characters, at most {max_length}): "
            "pass a place name, not a document"
        )
    control = _CONTROL.search(stripped)
    if control is not None:
        raise InvalidQueryError(
            f"{argument} contains control character {control.group()!r} at position "
            f"{control.start()}; remove it"
        )
    return stripped
