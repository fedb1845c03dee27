"""Numbers in English news text: counts, approximations, ranges, vague amounts and fractions.

:func:`find_quantities` returns every number expression in a text as a :class:`Quantity`,
left to right, non-overlapping, the longest expression winning at each position. The
``low``/``high`` pair is the range of whole numbers the statement allows (``None`` means
unbounded on that side):

- plain "eight", "11", "1,200", "a dozen", "half a dozen", "1.5 million": ``low = high = N``.
- "about/around/roughly/approximately/some/(an) estimated N" (qualifier ``"about"``) and
  "nearly/almost/just under/close to N" (qualifier ``"nearly"``): ``low = high = N``,
  approximate. Approximations keep the stated figure; no spread is invented.
- "at least/no fewer than/no less than N": ``low = N``, ``high = None``.
- "more than/over/in excess of/upwards of N": ``low = N + 1``, ``high = None``
  ("just over N" likewise, approximate).
- "up to/as many as N": ``low = None``, ``high = N``.
- "fewer than/less than/under N": ``low = None``, ``high = N - 1``.
- "between N and M", "from N to M", "N to M", "N or M", digits "N-M"/"N–M" (both at most
  100,000, no leading zeros, not two years): ``low = N``, ``high = M``, ``value = N``,
  qualifier ``"between"``; approximate only after "about"/"some"/"nearly"... A scale on M
  alone applies to N when N is smaller than M's leading figure ("two to three thousand" is
  2000-3000). M must exceed N.
- vague amounts, approximate, qualifier the vague word: "several" 3-9, "a few" 2-5,
  "a handful" 2-6; with a multiplier both bounds scale ("several dozen" 36-108, "a few
  hundred" 200-500, "several thousand" 3000-9000); open-ended "dozens" 24+, "scores of" 40+,
  "hundreds" 200+, "thousands" 2000+, "tens of thousands" 20000+, "hundreds of thousands"
  200000+, "millions" 2000000+.
- fractions, ``fraction=True`` and ``low = high = None``: "a third", "one-third",
  "two-thirds", "half", "a quarter", "three quarters", "30 percent", "30 per cent", "30%".
  Qualifiers set ``qualifier``/``approximate`` ("about one-third", "more than half").
  "a third"/"one quarter" written with a space must be followed by "of", punctuation or a
  verb such as "were" ("a third strike" is an ordinal); "half" after "the", "first",
  "second", "other" or "latter" is not a fraction ("the first half of 2019").

``value`` is the stated figure: N for counts, the lower figure of a range, the lower bound of
a vague amount, and the fraction itself (0.3 for "30 percent") when ``fraction`` is true.
A non-integral count ("2.5") has ``low = high = None`` unless a qualifier bounds it.
``qualifier`` is canonical ("about", "nearly", "at least", "more than", "up to",
"fewer than", "between", or the vague word such as "several", "dozens", "a few").

What is *not* a quantity: money (``$110 million``, ``5 million dollars``); numbers glued to
letters or joined by hyphens (``MQ-9``, ``F-16``, ``UN1325``, ``10km``, ``24th``,
``5-year-old``, ``two-day``); times (``10:30``, ``10 am``); a bare year (four digits
1900-2099 without a thousands comma and without a quantity qualifier, e.g. "in 2016");
and a number right after one of the designators Base, Brigade, Division, Regiment,
Battalion, Squadron, Unit, Route, Highway, Road, Hill, Flight, Resolution, Article,
Section, No., Number or USD ("Air Base 201", "Route 5"). "one" is returned as 1 whatever
its use ("no one", "one of them"); the caller filters. "a" alone is never a number.
Ranges whose upper figure does not exceed the lower one are not ranges.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from geo.extraction.patterns import LazyPattern

__all__ = [
    "VAGUE_QUALIFIERS",
    "Quantity",
    "find_quantities",
    "fold_case",
    "parse_number_word",
    "starts_lookahead",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number expression found in a text.

    Attributes
    ----------
    start, end : int
        Character offsets of the expression in the text searched.
    text : str
        The matched surface text, e.g. ``"nearly 500"``.
    value : float
        The stated figure (see the module docstring).
    low, high : int or None
        The range of whole numbers the statement allows; ``None`` is unbounded.
    approximate : bool
        Whether the figure is hedged ("about", "nearly", "dozens", ...).
    qualifier : str
        Canonical qualifier, ``""`` for a plain number.
    fraction : bool
        Whether ``value`` is a proportion ("a third", "30%") rather than a count.
    """

    start: int
    end: int
    text: str
    value: float
    low: int | None
    high: int | None
    approximate: bool
    qualifier: str
    fraction: bool = False


_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_SMALL.update(_TENS)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DENOMS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _i, _w in enumerate("third fourth fifth sixth seventh eighth ninth tenth".split(), 3):
    _DENOMS[_w] = _DENOMS[_w + "s"] = _i

# Qualifier surface form -> (canonical qualifier, approximate, bound kind).
_QUALS: dict[str, tuple[str, bool, str]] = {}
for _canon, _approx, _kind, _forms in (
    ("about", True, "eq", "about|around|roughly|approximately|some|an estimated|estimated"),
    ("nearly", True, "eq", "nearly|almost|just under|close to|just shy of"),
    ("at least", False, "ge", "at least|no fewer than|no less than|a minimum of"),
    ("more than", False, "gt", "more than|over|in excess of|upwards of"),
    ("more than", True, "gt", "just over"),
    ("up to", False, "le", "up to|as many as|a maximum of"),
    ("fewer than", False, "lt", "fewer than|less than|under"),
):
    for _f in _forms.split("|"):
        _QUALS[_f] = (_canon, _approx, _kind)

# Vague word -> (qualifier, low, high); a trailing multiplier scales both bounds.
_VAGUE = {
    "several": ("several", 3, 9),
    "a few": ("a few", 2, 5),
    "a handful": ("a handful", 2, 6),
    "dozens": ("dozens", 24, None),
    "scores": ("scores", 40, None),
    "hundreds": ("hundreds", 200, None),
    "thousands": ("thousands", 2_000, None),
    "millions": ("millions", 2_000_000, None),
    "tens of thousands": ("tens of thousands", 20_000, None),
    "hundreds of thousands": ("hundreds of thousands", 200_000, None),
}
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1_000}
#: The qualifiers of vague amounts ("several", "dozens" ...): a range the word allows, no
#: figure anybody counted.
VAGUE_QUALIFIERS = frozenset(canon for canon, _, _ in _VAGUE.values())


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of words, longest first, each ending at a word boundary."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in ordered) + r")\b"


_UNIT = _alt(w for w, v in _SMALL.items() if 0 < v < 20)
_TEN = _alt(_TENS)
_U100 = rf"(?:{_TEN}(?:[\s-]+{_UNIT})?|{_UNIT})"
_U1000 = rf"(?:(?:a|{_U100})\s+hundred\b(?:(?:\s+and\s+|[\s-]+){_U100})?|{_U100})"
_SCALE = _alt(_SCALES)
_SCALED = rf"(?:a|{_U1000})\s+{_SCALE}"
_WORDNUM = (
    rf"(?:zero\b|{_SCALED}(?:,?\s+(?:and\s+)?{_SCALED})*(?:,?\s+(?:and\s+)?{_U1000})?|{_U1000})"
)
_DIG = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_DIGNUM = rf"{_DIG}(?:\s+(?:hundred\b|{_SCALE}))?"
_DOZ = rf"(?:half\s+a|a|{_U100}|\d{{1,2}})\s+dozen\b"
_ATOM = rf"(?>{_DOZ}|{_DIGNUM}|{_WORDNUM})"
_PRE = r"(?<![\w$£€¥#/:\-–])(?<!\d[.,])"
_POST = r"(?![\w%°]|[.,:/]\d|[\-–]\w|\s?(?:[ap]\.m\.|[ap]m\b))"
_QUAL = rf"(?:(?P<qual>{_alt(_QUALS)})\s+)"
_AQUAL = _alt(f for f, spec in _QUALS.items() if spec[2] == "eq")
_NOT_PCT = r"(?!\s*(?:%|per\s*cent\b))"
_FLAGS = re.IGNORECASE


def starts_lookahead(forms: Iterable[str]) -> str:
    r"""A lookahead: the text starts as one of ``forms`` does (three characters), or a digit.

    A space in a form stands for any whitespace, as the patterns take it. Put before a
    pattern whose every match starts with one of the forms or a digit, it changes none of
    its matches; it only spares trying the whole pattern at the words that start otherwise.

    Examples
    --------
    >>> starts_lookahead(["about", "a dozen", "two"])
    '(?=\\d|a(?:\\sd|bo)|t(?:wo))'
    """
    rests: dict[str, set[str]] = {}
    for form in forms:
        rests.setdefault(form[0], set()).add(form[1:3])

    def escaped(chars: str) -> str:
        return "".join(r"\s" if ch == " " else re.escape(ch) for ch in chars)

    heads = [r"\d"]
    for first, after in sorted(rests.items()):
        if "" in after:
            heads.append(escaped(first))
        else:
            heads.append(escaped(first) + "(?:" + "|".join(map(escaped, sorted(after))) + ")")
    return "(?=" + "|".join(heads) + ")"


# How a number (:data:`_ATOM`) or its qualifier starts: "about", "a dozen", "half a", "two"
_NUMBER_HEADS = starts_lookahead([*_QUALS, "a ", "half a", *_SMALL])
# the rules' patterns (most needed only by texts holding a word: _NEEDS, below) and the
# spelled-out number compile on first use: 20-70 ms each at import, for every process
_NUMBER_RE = LazyPattern(rf"{_PRE}{_NUMBER_HEADS}{_QUAL}?(?P<a>{_ATOM}){_POST}", _FLAGS)
_PERCENT_RE = LazyPattern(rf"{_PRE}{_QUAL}?(?P<a>{_ATOM})\s*(?:%|per\s*cent\b)", _FLAGS)
_FRACTION_RE = LazyPattern(
    rf"{_PRE}{_QUAL}?(?P<frac>(?P<num>{_alt(['a', *list(_SMALL)[1:10]])})(?P<sep>\s+|-)"
    rf"(?P<den>{_alt(_DENOMS)})|(?P<half>half\b))(?![\w]|-[a-z])",
    _FLAGS,
)
_RANGE_RES = [
    LazyPattern(rf"{_PRE}(?:(?P<qual>{_AQUAL})\s+)?{body}{_POST}{_NOT_PCT}", _FLAGS)
    for body in (
        rf"between\s+(?P<a>{_ATOM})\s+and\s+(?P<b>{_ATOM})",
        rf"from\s+(?P<a>{_ATOM})\s+to\s+(?P<b>{_ATOM})",
        rf"(?P<a>{_ATOM})\s+(?:to|or)\s+(?P<b>{_ATOM})",
        rf"(?P<a>{_DIG})(?:[\-–]|\s+[\-–]\s+)(?P<b>{_DIG})(?P<dash>)",
    )
]
_VAGUE_RE = LazyPattern(
    rf"{_PRE}(?P<v>tens\s+of\s+thousands|hundreds\s+of\s+thousands"
    rf"|(?:several|a\s+few)\s+(?:dozen|hundred|thousand)|scores(?=\s+of\b)"
    rf"|dozens|hundreds|thousands|millions|several|a\s+few|a\s+handful)\b(?!-)",
    _FLAGS,
)
_SKIP_BEFORE = re.compile(
    r"\b(?:base|brigade|division|regiment|battalion|squadron|unit|route|highway|road|hill"
    r"|flight|resolution|article|section|number|no\.|usd)\s*$",
    _FLAGS,
)
_CURRENCY_AFTER = re.compile(
    r"\s+(?:(?:us\s+)?dollars?|euros?|pounds?(?:\s+sterling)?|dinars?|riyals?|rials?|lira|yuan"
    r"|rupees?)\b",
    _FLAGS,
)
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_SINGULAR_FOLLOW = re.compile(
    r"\s+of\b|\s*[,.;:)!?]|\s*$|\s+(?:were|was|are|is|had|have|killed|died)\b", _FLAGS
)
_HALF_BEFORE = re.compile(r"\b(?:the|first|second|other|latter)\s+$", _FLAGS)
_ATOM_RE = LazyPattern(_ATOM, _FLAGS)


def _words_value(s: str) -> int | None:
    """Value of a grammatical run of number words, ``None`` if scales do not descend."""
    total, group, last_scale = 0, 0, 0
    for tok in re.findall(r"[a-z]+", s.lower()):
        if tok == "a":
            group = 1
        elif tok in _SMALL:
            group += _SMALL[tok]
        elif tok == "hundred":
            group = (group or 1) * 100
        elif tok in _SCALES:
            scale = _SCALES[tok]
            if last_scale and scale >= last_scale:
                return None
            total, group, last_scale = total + (group or 1) * scale, 0, scale
    return total + group


def _atom_value(s: str) -> float | None:
    """Numeric value of an atom matched by ``_ATOM``."""
    s = " ".join(s.lower().split())
    if s.endswith(" dozen"):
        head = s[: -len(" dozen")]
        mult = {"a": 1.0, "half a": 0.5}.get(head)
        inner = mult if mult is not None else _atom_value(head)
        return None if inner is None else inner * 12
    if s[0].isdigit():
        num, _, scale = s.partition(" ")
        figure = float(num.replace(",", "")) * (
            100 if scale == "hundred" else _SCALES.get(scale, 1)
        )
        return figure if math.isfinite(figure) else None  # 309 digits and more: no number
    value = _words_value(s)
    return None if value is None else float(value)


def parse_number_word(text: str) -> int | None:
    """Parse one whole number written in digits or English words.

    Parameters
    ----------
    text : str
        The number alone, e.g. ``"twenty-three"`` or ``"1,200"``; case-insensitive, surrounding
        whitespace ignored.

    Returns
    -------
    int or None
        The value, or ``None`` if *text* is not a single whole number.

    Examples
    --------
    >>> parse_number_word("Twenty-three"), parse_number_word("one hundred and fifty")
    (23, 150)
    >>> parse_number_word("1,200"), parse_number_word("a dozen"), parse_number_word("a")
    (1200, 12, None)
    """
    text = text.strip()
    if not _ATOM_RE.fullmatch(text):
        return None
    value = _atom_value(text)
    return int(value) if value is not None and value.is_integer() else None


def _bounds(value: float, kind: str) -> tuple[int | None, int | None]:
    if kind == "ge":
        return math.ceil(value), None
    if kind == "gt":
        return math.floor(value) + 1, None
    if kind == "le":
        return None, math.floor(value)
    if kind == "lt":
        return None, math.ceil(value) - 1
    return (int(value), int(value)) if value.is_integer() else (None, None)


def _qual(m: re.Match[str]) -> tuple[str, bool, str]:
    q = m.group("qual")
    return _QUALS[" ".join(q.lower().split())] if q else ("", False, "eq")


def _make(
    m: re.Match[str],
    value: float,
    bounds: tuple[int | None, int | None],
    approximate: bool,
    qualifier: str,
    fraction: bool = False,
) -> Quantity:
    low, high = bounds
    return Quantity(
        m.start(), m.end(), m.group(), value, low, high, approximate, qualifier, fraction
    )


def _skipped(m: re.Match[str]) -> bool:
    """Whether a designator ("Base", "Route", ...) precedes the match."""
    return bool(_SKIP_BEFORE.search(m.string, max(0, m.start() - 20), m.start()))


def _number(m: re.Match[str]) -> Quantity | None:
    atom = m.group("a")
    value = _atom_value(atom)
    if value is None or _skipped(m) or _CURRENCY_AFTER.match(m.string, m.end()):
        return None
    if not m.group("qual") and _YEARLIKE.fullmatch(atom):
        return None
    canon, approx, kind = _qual(m)
    return _make(m, value, _bounds(value, kind), approx, canon)


def _percent(m: re.Match[str]) -> Quantity | None:
    value = _atom_value(m.group("a"))
    if value is None:
        return None
    canon, approx, _ = _qual(m)
    return _make(m, value / 100, (None, None), approx, canon, fraction=True)


def _fraction(m: re.Match[str]) -> Quantity | None:
    text = m.string
    if m.group("half"):
        if _HALF_BEFORE.search(text, max(0, m.start("half") - 12), m.start("half")):
            return None
        value = 0.5
    else:
        num, den = m.group("num").lower(), m.group("den").lower()
        singular = not den.endswith(("s", "halves"))
        if num in ("a", "one") and not singular or num not in ("a", "one") and singular:
            return None
        if num in ("a", "one") and m.group("sep") != "-" and den != "half":
            if not _SINGULAR_FOLLOW.match(text, m.end()):  # "a third strike" is an ordinal
                return None
        value = (1 if num == "a" else _SMALL[num]) / _DENOMS[den]
    canon, approx, _ = _qual(m)
    return _make(m, value, (None, None), approx, canon, fraction=True)


def _range(m: re.Match[str]) -> Quantity | None:
    a_text, b_text = m.group("a"), m.group("b")
    a, b = _atom_value(a_text), _atom_value(b_text)
    if a is None or b is None or _skipped(m) or _CURRENCY_AFTER.match(m.string, m.end()):
        return None
    scale = re.search(r"\b(hundred|thousand|million|billion)$", b_text.lower())
    if scale and not re.search(r"hundred|thousand|million|billion", a_text.lower()):
        factor = 100 if scale.group(1) == "hundred" else _SCALES[scale.group(1)]
        if a < b / factor:  # "two to three thousand" means 2000-3000
            a *= factor
    if not (a.is_integer() and b.is_integer() and b > a):
        return None
    if _YEARLIKE.fullmatch(a_text) and _YEARLIKE.fullmatch(b_text):
        return None
    if "dash" in m.re.groupindex:
        if b > 100_000 or re.match(r"0\d", a_text) or re.match(r"0\d", b_text):
            return None
    return _make(m, a, (int(a), int(b)), bool(m.group("qual")), "between")


def _vague(m: re.Match[str]) -> Quantity | None:
    words = " ".join(m.group("v").lower().split())
    head, _, mult = words.rpartition(" ")
    if mult not in _MULTIPLIERS or head not in _VAGUE:
        head, mult = words, ""
    canon, low, high = _VAGUE[head]
    factor = _MULTIPLIERS.get(mult, 1)
    low *= factor
    high = None if high is None else high * factor
    return _make(m, float(low), (low, high), True, canon)


_RULES: list[tuple[LazyPattern, Callable[[re.Match[str]], Quantity | None]]] = [
    (_NUMBER_RE, _number),
    (_PERCENT_RE, _percent),
    (_FRACTION_RE, _fraction),
    (_VAGUE_RE, _vague),
    *((r, _range) for r in _RANGE_RES),
]
# A number (_ATOM) begins with a digit, "a", "half" or one of these words, and ends with a
# digit or one of them (a word after a space or a hyphen): a range needs one next to its
# "between", "from", "to" or "or" (for "to"/"or": _ATOM_LAST, below).
_NUMBER_WORDS = "|".join(sorted({*_SMALL, *_SCALES, "hundred", "dozen"}, key=len, reverse=True))
_BEGINS = rf"(?:\d|a\s|half|{_NUMBER_WORDS})"
# What each rule's every match contains. A pattern is tried at every word of the text, a
# megabyte of attempts; a text without these words cannot match it, and a look for them in
# the case-folded text (a substring test, or a scan whose first characters the regex engine
# can skip to) says so. Each test is given the text and its folded form (:func:`fold_case`).
_VAGUE_WORDS = ("tens", "hundreds", "thousands", "millions", "several", "few", "handful",
                "dozen", "scores")  # fmt: skip
_NUMERATORS = ["a", *list(_SMALL)[1:10]]
#: A fraction written with a numerator ("one-third", "a quarter"), in folded text.
_NUMERATOR_FRACTION = re.compile(
    rf"(?:{'|'.join(_NUMERATORS)})(?:\s+|-)(?:{'|'.join(sorted(_DENOMS, key=len, reverse=True))})"
)
#: "to" or "or" after spaces, as a count's range has them ("three to five", "2 or 3").
_TO_OR = re.compile(r"\s+(?:to|or)(?=\s)", _FLAGS)
#: What a count can end with (:data:`_ATOM`): a digit or a number's last word.
_ATOM_LAST = re.compile(rf"(?:\d|{_NUMBER_WORDS})\Z", _FLAGS)
#: How far back from "to"/"or" a count's last word can start (the longest is "seventeen").
_ATOM_LAST_CHARS = 12


def fold_case(text: str) -> str:
    """``text`` case-folded, so that a word a case-blind pattern finds is in it in lower case.

    Every character such a pattern takes for an ASCII letter folds to that letter, but the
    Turkish "ı" and "İ" (folded to "i" and a combining dot): they are made a plain "i".

    Examples
    --------
    >>> fold_case("THIRD Kılıç İdlib ſeveral")
    'third kiliç idlib several'
    """
    return text.casefold().replace("ı", "i").replace("\u0307", "")


def _may_be_fraction(folded: str) -> bool:
    """Whether a folded text has a word every fraction has ("half", "one-third")."""
    if "half" in folded:
        return True
    return any(d in folded for d in _DENOMS) and bool(_NUMERATOR_FRACTION.search(folded))


def _may_be_range_to(text: str) -> bool:
    """Whether a text has a count's last word just before "to" or "or" ("three to five")."""
    return any(
        _ATOM_LAST.search(text, max(0, m.start() - _ATOM_LAST_CHARS), m.start())
        for m in _TO_OR.finditer(text)
    )


_PER_CENT = re.compile(r"per\s*cent")
_BETWEEN_NUMBER = re.compile(rf"between\s+{_BEGINS}", _FLAGS)
_FROM_NUMBER = re.compile(rf"from\s+{_BEGINS}", _FLAGS)
_DASHED_RANGE = re.compile(r"\d(?:[\-–]|\s+[\-–]\s+)\d")
_NEEDS: dict[LazyPattern, Callable[[str, str], bool]] = {
    _PERCENT_RE: lambda text, folded: "%" in text or bool(_PER_CENT.search(folded)),
    _FRACTION_RE: lambda text, folded: _may_be_fraction(folded),
    _VAGUE_RE: lambda text, folded: any(w in folded for w in _VAGUE_WORDS),
    _RANGE_RES[0]: lambda text, folded: "between" in folded and bool(_BETWEEN_NUMBER.search(text)),
    _RANGE_RES[1]: lambda text, folded: "from" in folded and bool(_FROM_NUMBER.search(text)),
    _RANGE_RES[2]: lambda text, folded: _may_be_range_to(text),
    _RANGE_RES[3]: lambda text, folded: bool(_DASHED_RANGE.search(text)),
}


def find_quantities(text: str) -> list[Quantity]:
    """Find every number expression in *text*.

    Parameters
    ----------
    text : str
        Any English text.

    Returns
    -------
    list of Quantity
        Left to right, non-overlapping; where expressions overlap the one starting first wins,
        and of those starting together the longest. See the module docstring for the rules.

    Examples
    --------
    >>> [(q.text, q.low, q.high) for q in find_quantities("At least 12 people and dozens more")]
    [('At least 12', 12, None), ('dozens', 24, None)]
    >>> q = find_quantities("nearly 500 fighters, about one-third of them foreign")
    >>> [(x.text, x.value, x.approximate, x.fraction) for x in q][0]
    ('nearly 500', 500.0, True, False)
    >>> round(q[1].value, 3), q[1].qualifier
    (0.333, 'about')
    >>> find_quantities("an MQ-9 from Air Base 201 was hit in 2016 at 10:30")
    []
    """
    folded = fold_case(text)
    found = [
        q
        for pattern, build in _RULES
        if pattern not in _NEEDS or _NEEDS[pattern](text, folded)
        for m in pattern.finditer(text)
        if (q := build(m))
    ]
    found.sort(key=lambda q: (q.start, -q.end))
    out: list[Quantity] = []
    for q in found:
        if not out or q.start >= out[-1].end:
            out.append(q)
    return out
