"""The words reports use for who strikes, whom, with what, and on whose word.

Each table maps surface forms (matched case-insensitively on word boundaries, longest first)
to one canonical label, so that "Daesh", "ISIS" and "Islamic State" are one group and
"AFRICOM" and "U.S. Africa Command" one actor. The tables are read from ``data/lexicon/``
(``actors.tsv``, ``groups.tsv``, ``platforms.tsv``, ``drone_platforms.tsv``,
``attributions.tsv``) by :mod:`gazetteer.wordlists`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gazetteer.wordlists import alternation, read_table, read_words

__all__ = [
    "ACTORS",
    "ATTRIBUTIONS",
    "DRONE_PLATFORMS",
    "GROUPS",
    "PLATFORMS",
    "Term",
    "find_terms",
]


def _table(name: str, value: str) -> Mapping[str, str]:
    """Spelling → canonical label, from a shipped list, in file order."""
    table = read_table(name)
    return MappingProxyType(
        dict(zip(table.column(table.columns[0]), table.column(value), strict=True))
    )


#: Who strikes: spelling → actor (``data/lexicon/actors.tsv``).
ACTORS: Mapping[str, str] = _table("actors", "actor")

#: Armed groups: spelling → group (``data/lexicon/groups.tsv``; the geoparser reads the same
#: rows as organisation names).
GROUPS: Mapping[str, str] = _table("groups", "group")

#: Aircraft, drones and weapons: spelling → platform (``data/lexicon/platforms.tsv``).
PLATFORMS: Mapping[str, str] = _table("platforms", "platform")

#: The platforms that are drones (``data/lexicon/drone_platforms.tsv``).
DRONE_PLATFORMS: frozenset[str] = frozenset(read_words("drone_platforms"))

_ATTRIBUTIONS = read_table("attributions")
#: Attribution cues: (label, confidence of a claim made on that word)
#: (``data/lexicon/attributions.tsv``).
ATTRIBUTIONS: Mapping[str, tuple[str, float]] = MappingProxyType(
    {
        cue: (label, float(confidence or 0.0))
        for cue, label, confidence in zip(
            _ATTRIBUTIONS.column("cue"),
            _ATTRIBUTIONS.column("label"),
            _ATTRIBUTIONS.numbers("confidence", low=0.0, high=1.0),
            strict=True,
        )
    }
)


@dataclass(frozen=True, slots=True)
class Term:
    """A vocabulary term found in a text."""

    start: int
    end: int
    text: str
    label: str


_PATTERNS: dict[int, re.Pattern[str]] = {}
#: Words that begin alike, by their next character ("" where a word ends).
_Trie = dict[str, "_Trie"]


def _pattern(table: Mapping[str, object]) -> re.Pattern[str]:
    key = id(table)
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(
            rf"(?<![\w-])(?:{_alternatives(table)})(?![\w-])", re.IGNORECASE
        )
    return _PATTERNS[key]


def _alternatives(words: Iterable[str]) -> str:
    r"""The words as a case-blind alternation: a trie of them when it finds the same.

    At each position a flat alternation, longest first (:func:`gazetteer.wordlists.alternation`),
    tries every word; the trie follows the text's letters through the words that begin
    alike. Both find, at each position, the longest word there that the pattern's end
    accepts: the words that fit the text at a position are each a beginning of the next
    longer one, the trie tries the longer first, and no character of the text takes two
    letters of the trie's branches for its own, ASCII letters, their case and the
    characters without case (a word with another letter keeps the flat alternation).

    Examples
    --------
    >>> _alternatives(["is", "isis", "isis-k", "al-shabaab"])
    '(?:is(?:is(?:\\-k)?)?|al\\-shabaab)'
    """
    words = list(words)
    if any(ch.isalpha() and not ch.isascii() for w in words for ch in w):
        return alternation(words)
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: _Trie) -> str:
        nexts = [re.escape(ch) + branch(child) for ch, child in node.items() if ch]
        if not nexts:
            return ""
        body = nexts[0] if len(nexts) == 1 else "(?:" + "|".join(nexts) + ")"
        # a word that ends here is tried after the longer ones through it
        return f"(?:{body})?" if "" in node else body

    return branch(root)


def find_terms(text: str, table: Mapping[str, object]) -> list[Term]:
    """Every term of ``table`` in ``text``, left to right, longest first at each position.

    "IS" (the Islamic State) only counts in capitals, so the verb "is" is not a group.

    Examples
    --------
    >>> [t.label for t in find_terms("Daesh and ISIS-Libya; AQIM", GROUPS)][:2]
    ['Islamic State (ISIS)', 'Islamic State (ISIS) in Libya']
    >>> find_terms("It is said", GROUPS)
    []
    """
    out = []
    for m in _pattern(table).finditer(text):
        surface = m.group(0)
        if surface.lower() == "is" and surface != "IS":
            continue
        value = table[surface.lower()]
        label = value[0] if isinstance(value, tuple) else str(value)
        out.append(Term(m.start(), m.end(), surface, label))
    return out
