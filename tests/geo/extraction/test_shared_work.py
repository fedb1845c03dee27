"""Work done once per report: what the text alone gives is shared, and gives the same answers.

The extractor asks the same questions of a report's text from several steps (which words of
a sentence may tell of a strike, where its clauses break); the answers are worked out once
and must be exactly what asking again would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from geo.extraction.document import Document, TextFacts
from geo.extraction.extract import read_document
from geo.extraction.mentions import TRIGGER, sentence_triggers
from geo.extraction.sentences import CLAUSE_MARK, Marks, paragraph_breaks, sentences

FRIDAY = dt.date(2019, 9, 27)

TEXT = (
    "MOGADISHU, Somalia - A US drone strike hit a militant camp near Jilib on Thursday, "
    "killing four fighters, the command said.\n\n"
    "Officials said the strike was the third this month. Residents reported no hunger "
    "strike.\n\nA second raid, on Sept. 19, struck a vehicle 40 km from Kismayo; "
    "jets bombed a compound and the target was engaged."
)


def _document(text: str, gaz) -> Document:
    return read_document(text, FRIDAY, gaz, [])


def test_text_facts_are_shared_with_the_document_of_other_names(gaz):
    doc = _document(TEXT, gaz)
    other = doc.with_toponyms([])
    assert other.text_facts is doc.text_facts
    assert other.sentence_starts == [q.start for q in doc.sentences]
    assert other.sentence_numbers == {q.start: n for n, q in enumerate(doc.sentences)}
    # what the document of the names alone answered is not carried over
    doc.cached(("probe",), lambda: 1)
    assert other.cached(("probe",), lambda: 2) == 2
    assert doc.cached(("probe",), lambda: 3) == 1


def test_text_facts_of_another_text_are_rebuilt(gaz):
    doc = _document(TEXT, gaz)
    text = "Jets struck a camp, and a raid hit a house."
    changed = replace(doc, text=text, sentences=sentences(text))
    assert changed.text_facts is not doc.text_facts
    assert changed.text_facts is not None and changed.text_facts.text is text
    assert changed.sentence_ends == [q.end for q in sentences(text)]
    assert changed.clause_marks.between(0, 19) is Marks(text, CLAUSE_MARK).between(0, 19)


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "No strike today.",
        "",
        "Jets struck, and a raid\nhit the camp; a strike force stood by.",
    ],
)
def test_text_facts_are_what_the_text_gives(text):
    quotes = sentences(text) if text else []
    facts = TextFacts(text, quotes)
    assert facts.sentence_starts == [q.start for q in quotes]
    assert facts.sentence_ends == [q.end for q in quotes]
    assert facts.paragraph_breaks == paragraph_breaks(text)
    marks = Marks(text, CLAUSE_MARK)
    for lo in range(0, len(text), 3):
        for hi in range(lo, len(text) + 1, 5):
            assert facts.clause_marks.between(lo, hi) == marks.between(lo, hi)


def test_sentence_triggers_are_the_trigger_matches(gaz):
    doc = _document(TEXT, gaz)
    for sentence in doc.sentences:
        found = sentence_triggers(doc, sentence)
        expected = list(TRIGGER.finditer(sentence.text))
        assert [(m.span(), m.group(0)) for m in found] == [(m.span(), m.group(0)) for m in expected]
        assert sentence_triggers(doc.with_toponyms([]), sentence) is found  # worked out once
    spans = [m.group(0) for q in doc.sentences for m in sentence_triggers(doc, q)]
    assert spans == [
        "drone strike",
        "strike",
        "strike",
        "raid",
        "struck",
        "bombed",
        "target was engaged",
    ]


def test_sentences_without_a_trigger_word_have_no_trigger():
    """The words a sentence is first checked for are in every trigger match."""
    import random

    from geo.extraction import mentions
    from geo.extraction.textnum import fold_case

    rng = random.Random(4)
    pieces = ["a", "the", "drone", "Drones", "air", "strike", "STRIKES", "raid", "bombing",
              "bombardment", "air operations", "attack", "missile", "struck", "bombed",
              "raided", "targeted with a drone", "was", "were", "engaged", "by the air",
              "neutralized", "target was engaged", "car", "vehicle", "convoy", "camp", "hit",
              "jets", "Warplanes", "killed", "destroyed", "tore", "fell", "slammed", "landed",
              "exploded", "pounded", "fired", "launched", "dropped", "bombs", "by", "aircraft",
              "helicopter", "airstrikes", "from", "the United States", ".", ",", ";", "ſtruck",
              "HİT", "\u212a", "militants", "fighters", "two", "on", "near", "were hit",
              "gunships", "rockets", "reapers", "were neutralized,", "convoy was targeted",
              "by two jets", "rockets landed", "Gunships POUNDED", "reapers tore", "targeted",
              "were neutralised from the air"]  # fmt: skip
    seen = 0
    for _ in range(6000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 7)))
        if mentions.TRIGGER.search(text):
            seen += 1
            folded = fold_case(text)
            assert any(w in folded for w in mentions._TRIGGER_WORDS), text
    assert seen > 2000


@pytest.mark.parametrize(
    "text",
    ["40 km from Kismayo", "some 150 miles outside the town", "ten kilometres (6 mi) away from",
     "20km from", "no distance here", "far from the town", "5 KM FROM X"],
)  # fmt: skip
def test_a_clause_without_a_distance_tail_has_no_ring(text):
    from geo.extraction import distances

    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1):
            if distances._UNDIRECTED.search(text, lo, hi):
                assert distances._HAS_UNDIRECTED.search(text, lo, hi), (text, lo, hi)


def test_sentences_without_a_strike_word_have_no_stretch_without_event():
    """The words a sentence with a trigger is checked for are in every _NOT_EVENT match."""
    import random

    from geo.extraction import mentions
    from geo.extraction.textnum import fold_case

    rng = random.Random(6)
    pieces = ["hunger", "general", "labour", "workers'", "lucky", "pre-emptive", "counter",
              "strike", "STRIKES", "truck", "car", "suicide", "bombing", "Bomber", "on", "force",
              "group", "package", "could", "would", "vow", "plans to", "ready to", "raid",
              "raids", "bomb", "attacks", "to", "when", "if", "each time", "an", "any", "every",
              "no", "future", "possible", "air", "further", "two", "not", "a", "drone",
              "ſtrike", "ATTACK", "the", "were", "carried", "out", "-"]  # fmt: skip
    seen = 0
    for _ in range(6000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        if mentions._NOT_EVENT.search(text):
            seen += 1
            folded = fold_case(text)
            assert any(w in folded for w in mentions._NOT_EVENT_WORDS), text
    assert seen > 500


def test_a_sentence_without_and_a_digit_lists_no_days():
    """Every list of days ("Sept. 19, 24, 26 and 29") holds "and" and a digit after it."""
    import random

    from geo.extraction import drafts
    from geo.extraction.textnum import fold_case

    rng = random.Random(9)
    pieces = ["on", "Sept.", "September", "March", "mar", "19", "24", ",", "and", "AND", "ſept",
              "26", "29", "3", "strikes", "the", "\n", "or", "4th", "between", "Dec",
              "Sept. 19, 24 and 26", "19 and 24 March", "MAY 3 AND\n4", "2,\tand 5 June"]  # fmt: skip
    seen = 0
    for _ in range(5000):
        sep = rng.choice([" ", "", "  "])
        text = sep.join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if drafts._DAY_LIST.search(text):
            seen += 1
            assert drafts._AND_DIGIT.search(fold_case(text)), text
    assert seen > 300


def _trigger_pieces() -> list[str]:
    """Words and phrases of every kind of trigger, in several cases, and words around them."""
    words = ["drone", "Drones", "air", "AIR", "aerial", "missile", "precision", "U.S.", "US",
             "us", "American", "French", "coalition", "strike", "strikes", "airstrike",
             "air raids", "raid", "bombing", "bombardments", "air operation", "attack",
             "attacks", "struck", "bombed", "raided", "targeted with a drone", "was", "were",
             "engaged", "neutralised", "by the air", "from the air", "target was engaged",
             "car", "vehicles", "truck", "pickup", "convoy", "house", "compound", "building",
             "camp", "checkpoint", "position", "hideout", "motorcycle", "farmhouse", "farm",
             "tanker", "fighters", "militants", "gathering", "group", "hit", "targeted",
             "armed drones", "aircraft", "fighter jets", "jets", "warplanes", "helicopter",
             "bombers", "gunships", "reapers", "missiles", "bombs", "rockets", "operations",
             "fired", "launched", "released", "dropped", "by", "from", "killed", "destroyed",
             "tore", "fell", "slammed", "landed", "exploded", "attacked", "pounded", "a", "the",
             "two", "Hellfire", "ballistic", "had", ".", ",", ";", "-", "\u212a", "ſtrike",
             "the United States", "people", "on", "near"]  # fmt: skip
    targets = ["car", "vehicle", "truck", "pickup", "convoy", "house", "compound", "building",
               "camp", "checkpoint", "position", "hideout", "motorcycle", "farmhouse", "farm",
               "tanker", "fighters", "militants", "gathering", "group"]  # fmt: skip
    words += [f"{w} was hit" for w in targets] + [f"{w}s there were struck" for w in targets]
    words += [
        "was engaged by the air",
        "were bombed,",
        "WAS NEUTRALIZED FROM THE AIR",
        "were struck from the air",
        "Were engaged;",
    ]
    return words


def test_the_trigger_lookahead_changes_no_match():
    """TRIGGER finds what it found without the look at how a trigger starts."""
    import random
    import re

    from geo.extraction import mentions

    plain = re.compile(
        mentions.TRIGGER.pattern.replace(mentions._TRIGGER_STARTS, "", 1), mentions.TRIGGER.flags
    )
    assert plain.pattern != mentions.TRIGGER.pattern
    rng = random.Random(21)
    pieces = _trigger_pieces()
    found = 0
    for _ in range(6000):
        sep = rng.choice([" ", "  ", "-", "\n"])
        text = sep.join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        got = [(m.span(), m.groupdict()) for m in mentions.TRIGGER.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
        found += len(got)
    assert found > 4000
