"""Score the claims of a database again with the current confidence model.

A database built before claims had a learned confidence (schema version 3 and older, or any
database after the model is retrained) keeps the confidence each claim had when it was
ingested: an old claim's is only its attribution's (1.0 for a plain statement), so none of
its incidents is a candidate. :func:`rescore` reads each ingested article's stored text again
as the extractor reads it (the geoparser's names, dates, sentences, the report's country),
computes each *stored* claim's features against it (a claim is counted when a stored
aggregate covers it, or, when the reading finds the same claims as stored, a list of days
names it), and stores the model's confidence:
claims, places, dates and tolls are left as they are, and linking is not redone. Candidates
follow (an incident is a candidate when its confidence is below the threshold).

Nothing is lost: the store's :meth:`~geo.store.database.IncidentStore.rescore_claims`
writes it in one transaction with an audit entry that keeps each claim's previous
confidence and reasons, and an entry for each incident whose confidence changed. An
analyst's review verdicts stand (an accepted candidate stays shown, a rejected incident
rejected). Articles imported from a file have no text: their claims keep their confidence
and are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gazetteer.serialization import JsonRecord
from geo.store.linking import CANDIDATE_THRESHOLD

if TYPE_CHECKING:
    from gazetteer.search import Gazetteer
    from geo.extraction.confidence import ConfidenceModel
    from geo.model.claims import Claim
    from geo.store.database import IncidentStore

__all__ = ["RESCORE_WHY", "RescoreResult", "rescore", "unscored"]

#: The audit entries' reason.
RESCORE_WHY = "claims rescored with the current confidence model"

_ATTRIBUTION = re.compile(r"^attribution: .* \(confidence (\d(?:\.\d+)?)\)$")
_SCORED = "how likely a claim like this is a strike of its own"


@dataclass(frozen=True, slots=True)
class RescoreResult(JsonRecord):
    """What a rescore did.

    ``articles`` rescored, ``claims`` looked at, ``changed`` (their confidence or reasons
    changed), ``without_text`` (articles imported from a file: left as they were), and the
    incidents whose confidence changed: ``now_candidates`` (fell below the threshold),
    ``no_longer_candidates`` (rose to it) and ``other_changes``.
    """

    articles: int = 0
    claims: int = 0
    changed: int = 0
    without_text: int = 0
    now_candidates: tuple[str, ...] = field(default=())
    no_longer_candidates: tuple[str, ...] = field(default=())
    other_changes: int = 0


def unscored(claim: Claim) -> Claim:
    """The claim as the extractor reads it before scoring: its attribution's confidence.

    The model's reason is dropped; the confidence is the one the attribution reason states
    ("attribution: reported (confidence 0.60)"), else 1.0.
    """
    confidence = 1.0
    reasons = []
    for reason in claim.reasons:
        if reason.startswith("confidence ") and reason.endswith(_SCORED):
            continue
        found = _ATTRIBUTION.match(reason)
        if found:
            confidence = float(found.group(1))
        reasons.append(reason)
    return replace(claim, confidence=confidence, reasons=tuple(reasons))


def rescore(
    store: IncidentStore,
    *,
    gazetteer: Gazetteer,
    model: ConfidenceModel | None = None,
    who: str | None = None,
) -> RescoreResult:
    """Score every ingested article's stored claims again; store the new confidences.

    Parameters
    ----------
    store
        The open, writable incident database.
    gazetteer
        The gazetteer the reports are read with (as ``strikemap ingest`` reads them).
    model
        The confidence model; default :func:`geo.extraction.confidence.default_model`.
    who
        Who the audit trail names.
    """
    from gazetteer.geoparse.toponyms import find_toponyms
    from geo.extraction.confidence import score_claims
    from geo.extraction.extract import read_claims, read_document
    from geo.store.database import ArticleOrigin

    counted_by: dict[int, set[int]] = {}
    for agg in store.aggregates():
        counted_by.setdefault(agg.article.id, set()).update(agg.aggregate.covers_claims)
    scored: dict[int, Claim] = {}
    articles = claims = without_text = changed = 0
    for article in store.articles():
        if article.origin is not ArticleOrigin.INGEST:
            continue
        stored = store.article_claims(article.id)
        if not stored:
            continue
        text = store.article_text(article.id)
        if not text.strip():
            without_text += 1
            continue
        toponyms = [t for t in find_toponyms(text, gazetteer=gazetteer) if t.place is not None]
        doc = read_document(text, article.published, gazetteer, toponyms)
        counted = frozenset(counted_by.get(article.id, ()))
        reading, listed = read_claims(doc)
        if [c.sentences for c in reading.claims] == [c.claim.sentences for c in stored]:
            counted = listed  # the same claims as stored: a list of days counts them too
        fresh = score_claims([unscored(c.claim) for c in stored], doc, model, counted=counted)
        for old, new in zip(stored, fresh, strict=True):
            scored[old.id] = new
            changed += (new.confidence, new.reasons) != (old.claim.confidence, old.claim.reasons)
        articles += 1
        claims += len(stored)
    changes = store.rescore_claims(scored, why=RESCORE_WHY, who=who)
    now = tuple(i for i, (old, new) in changes.items() if old >= CANDIDATE_THRESHOLD > new)
    back = tuple(i for i, (old, new) in changes.items() if new >= CANDIDATE_THRESHOLD > old)
    return RescoreResult(
        articles=articles,
        claims=claims,
        changed=changed,
        without_text=without_text,
        now_candidates=now,
        no_longer_candidates=back,
        other_changes=len(changes) - len(now) - len(back),
    )
