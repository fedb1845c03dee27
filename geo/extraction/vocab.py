"""The words reports use for who strikes, whom, with what, and on whose word.

Each table maps surface forms (matched case-insensitively on word boundaries, longest first)
to one canonical label, so that "Daesh", "ISIS" and "Islamic State" are one group and
"AFRICOM" and "U.S. Africa Command" one actor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "ACTORS",
    "ATTRIBUTIONS",
    "GROUPS",
    "PLATFORMS",
    "Term",
    "find_terms",
]

US_AFRICOM = "US military (AFRICOM)"
US_CENTCOM = "US military (CENTCOM)"
US = "US military"

ACTORS: Mapping[str, str] = {
    "africom": US_AFRICOM,
    "africa command": US_AFRICOM,
    "u.s. africa command": US_AFRICOM,
    "us africa command": US_AFRICOM,
    "united states africa command": US_AFRICOM,
    "centcom": US_CENTCOM,
    "central command": US_CENTCOM,
    "u.s. central command": US_CENTCOM,
    "us central command": US_CENTCOM,
    "pentagon": US,
    "u.s. military": US,
    "us military": US,
    "american military": US,
    "u.s. forces": US,
    "us forces": US,
    "american forces": US,
    "u.s.-led coalition": "US-led coalition",
    "us-led coalition": "US-led coalition",
    "coalition": "US-led coalition",
    "cia": "CIA",
    "central intelligence agency": "CIA",
    "barkhane": "French military (Barkhane)",
    "operation barkhane": "French military (Barkhane)",
    "french forces": "French military (Barkhane)",
    "french military": "French military (Barkhane)",
    "french army": "French military (Barkhane)",
    "french air force": "French military (Barkhane)",
    "french jets": "French military (Barkhane)",
    "malian army": "Malian armed forces (FAMa)",
    "malian armed forces": "Malian armed forces (FAMa)",
    "fama": "Malian armed forces (FAMa)",
    "malian military": "Malian armed forces (FAMa)",
    "somali national army": "Somali National Army",
    "somali army": "Somali National Army",
    "somali forces": "Somali National Army",
    "kenyan defence forces": "Kenya Defence Forces",
    "kenyan forces": "Kenya Defence Forces",
    "saudi-led coalition": "Saudi-led coalition",
    "saudi-led forces": "Saudi-led coalition",
    "russian forces": "Russian military",
    "russian jets": "Russian military",
    "russian military": "Russian military",
    "syrian government": "Syrian government forces",
    "syrian army": "Syrian government forces",
    "syrian regime": "Syrian government forces",
    "turkish military": "Turkish military",
    "turkish forces": "Turkish military",
    "turkish drone": "Turkish military",
    "lna": "Libyan National Army (LNA)",
    "libyan national army": "Libyan National Army (LNA)",
    "haftar": "Libyan National Army (LNA)",
}

ISIS = "Islamic State (ISIS)"
GROUPS: Mapping[str, str] = {
    "isis": ISIS,
    "isil": ISIS,
    "is": ISIS,
    "daesh": ISIS,
    "da'esh": ISIS,
    "islamic state": ISIS,
    "isis-libya": "Islamic State (ISIS) in Libya",
    "isis libya": "Islamic State (ISIS) in Libya",
    "is-libya": "Islamic State (ISIS) in Libya",
    "islamic state in libya": "Islamic State (ISIS) in Libya",
    "isis-somalia": "Islamic State (ISIS) in Somalia",
    "isis somalia": "Islamic State (ISIS) in Somalia",
    "islamic state in somalia": "Islamic State (ISIS) in Somalia",
    "islamic state in the greater sahara": "Islamic State in the Greater Sahara (ISGS)",
    "isgs": "Islamic State in the Greater Sahara (ISGS)",
    "islamic state sahel province": "Islamic State in the Greater Sahara (ISGS)",
    "al-qaeda": "al-Qaeda",
    "al qaeda": "al-Qaeda",
    "al-qaida": "al-Qaeda",
    "al qaida": "al-Qaeda",
    "alqaeda": "al-Qaeda",
    "aqim": "al-Qaeda in the Islamic Maghreb (AQIM)",
    "al-qaeda in the islamic maghreb": "al-Qaeda in the Islamic Maghreb (AQIM)",
    "al qaeda in the islamic maghreb": "al-Qaeda in the Islamic Maghreb (AQIM)",
    "al qaida in the islamic maghreb": "al-Qaeda in the Islamic Maghreb (AQIM)",
    "al-qaida in the islamic maghreb": "al-Qaeda in the Islamic Maghreb (AQIM)",
    "aqap": "al-Qaeda in the Arabian Peninsula (AQAP)",
    "al-qaeda in the arabian peninsula": "al-Qaeda in the Arabian Peninsula (AQAP)",
    "al qaeda in the arabian peninsula": "al-Qaeda in the Arabian Peninsula (AQAP)",
    "al-qaida in the arabian peninsula": "al-Qaeda in the Arabian Peninsula (AQAP)",
    "al qaida in the arabian peninsula": "al-Qaeda in the Arabian Peninsula (AQAP)",
    "al-shabaab": "al-Shabaab",
    "al-shabab": "al-Shabaab",
    "al shabaab": "al-Shabaab",
    "al shabab": "al-Shabaab",
    "shabaab": "al-Shabaab",
    "shabab": "al-Shabaab",
    "jnim": "Jama'at Nasr al-Islam wal Muslimin (JNIM)",
    "jama'at nasr al-islam wal muslimin": "Jama'at Nasr al-Islam wal Muslimin (JNIM)",
    "group for the support of islam and muslims": "Jama'at Nasr al-Islam wal Muslimin (JNIM)",
    "hurras al-din": "Hurras al-Din",
    "hurras al din": "Hurras al-Din",
    "hurras ad-din": "Hurras al-Din",
    "hayat tahrir al-sham": "Hayat Tahrir al-Sham (HTS)",
    "hts": "Hayat Tahrir al-Sham (HTS)",
    "houthis": "Houthis (Ansar Allah)",
    "houthi": "Houthis (Ansar Allah)",
    "ansar allah": "Houthis (Ansar Allah)",
    "boko haram": "Boko Haram",
    "iswap": "Islamic State West Africa Province (ISWAP)",
}

PLATFORMS: Mapping[str, str] = {
    "mq-9 reaper": "MQ-9 Reaper",
    "mq-9": "MQ-9 Reaper",
    "reaper": "MQ-9 Reaper",
    "reapers": "MQ-9 Reaper",
    "mq-1 predator": "MQ-1 Predator",
    "predator": "MQ-1 Predator",
    "mq-1c": "MQ-1C Gray Eagle",
    "gray eagle": "MQ-1C Gray Eagle",
    "bayraktar": "Bayraktar TB2",
    "tb2": "Bayraktar TB2",
    "wing loong": "Wing Loong",
    "drone": "drone",
    "drones": "drone",
    "unmanned aircraft": "drone",
    "f-16": "F-16",
    "f-15e": "F-15E",
    "f-35": "F-35",
    "b-52": "B-52",
    "ac-130": "AC-130 gunship",
    "mirage 2000": "Mirage 2000",
    "mirage": "Mirage 2000",
    "rafale": "Rafale",
    "tiger helicopter": "Tiger helicopter",
    "helicopter": "helicopter",
    "helicopters": "helicopter",
    "fighter jets": "fighter aircraft",
    "warplanes": "fighter aircraft",
    "warplane": "fighter aircraft",
    "jets": "fighter aircraft",
    "cruise missile": "cruise missile",
    "cruise missiles": "cruise missile",
}

DRONE_PLATFORMS = frozenset(
    {"MQ-9 Reaper", "MQ-1 Predator", "MQ-1C Gray Eagle", "Bayraktar TB2", "Wing Loong", "drone"}
)

#: Attribution cues: (label, confidence of a claim made on that word).
ATTRIBUTIONS: Mapping[str, tuple[str, float]] = {
    "social media": ("social media reports", 0.5),
    "unconfirmed": ("unconfirmed reports", 0.5),
    "would not confirm": ("unconfirmed by officials", 0.55),
    "declined to confirm": ("unconfirmed by officials", 0.55),
    "could not be independently verified": ("not independently verified", 0.6),
    "could not be verified": ("not independently verified", 0.6),
    "reportedly": ("reported", 0.65),
    "allegedly": ("alleged", 0.6),
    "residents said": ("local residents", 0.7),
    "residents told": ("local residents", 0.7),
    "local sources": ("local sources", 0.7),
    "witnesses": ("witnesses", 0.7),
    "according to residents": ("local residents", 0.7),
    "local officials": ("local officials", 0.8),
    "officials said": ("officials", 0.85),
    "official said": ("officials", 0.85),
    "spokesman": ("official spokesperson", 0.9),
    "spokeswoman": ("official spokesperson", 0.9),
    "spokesperson": ("official spokesperson", 0.9),
    "in a statement": ("official statement", 0.9),
    "press release": ("official statement", 0.9),
    "said in a news release": ("official statement", 0.9),
    "according to africom": ("official statement", 0.9),
    "africom said": ("official statement", 0.9),
    "centcom said": ("official statement", 0.9),
    "command said": ("official statement", 0.9),
    "ministry said": ("official statement", 0.9),
}


@dataclass(frozen=True, slots=True)
class Term:
    """A vocabulary term found in a text."""

    start: int
    end: int
    text: str
    label: str


_PATTERNS: dict[int, re.Pattern[str]] = {}


def _pattern(table: Mapping[str, object]) -> re.Pattern[str]:
    key = id(table)
    if key not in _PATTERNS:
        forms = sorted(table, key=len, reverse=True)
        alternation = "|".join(re.escape(f) for f in forms)
        _PATTERNS[key] = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    return _PATTERNS[key]


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
