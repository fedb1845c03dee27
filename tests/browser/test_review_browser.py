"""The review queue in a real browser: one candidate accepted, one contested incident rejected.

The app runs on a database prepared here: the founding case, a candidate at Sabha from an
outlet whose name is hostile markup, and a contested strike at Murzuq.
"""

import pytest

from geo.store.database import IncidentStore
from tests.app.test_review import CANDIDATE, CONTESTED, fill
from tests.browser.conftest import ARTIFACTS

HOSTILE = '"><img src=x onerror=alert(2)><script>alert(1)</script>'


@pytest.fixture(scope="module")
def app_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "incidents.sqlite"
    with IncidentStore.open(path, seed=True) as store:
        fill(store, outlet=HOSTILE, sentence=HOSTILE)
    return path


def _record(page, verdict, why, done):
    page.get_by_test_id("stRadio").get_by_text(verdict, exact=True).click()
    why_box = page.get_by_label("Why (kept in the audit trail)")
    why_box.fill(why)
    why_box.press("Tab")
    page.get_by_role("button", name="Record verdict").click()
    page.get_by_text(done, exact=True).wait_for(timeout=30_000)


def test_accept_one_candidate_and_reject_one_contested(page, app_url, app_database):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.get_by_role("heading", name="Strike map").wait_for(timeout=60_000)
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("heading", name="Waiting for review (2)").wait_for(timeout=60_000)

    _record(page, "accept", "the command confirmed it", f"accepted {CANDIDATE}")
    page.get_by_role("heading", name="Waiting for review (1)").wait_for(timeout=30_000)
    _record(page, "reject", "a rumour repeated", f"rejected {CONTESTED}")
    page.get_by_role("heading", name="Waiting for review (0)").wait_for(timeout=30_000)
    page.get_by_text("Nothing waits for review").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app-review.png"), full_page=True)

    with IncidentStore.open(app_database, readonly=True) as store:
        assert store.incident(CANDIDATE).status.value == "single source"
        assert store.incident(CONTESTED).status.value == "rejected"
        trail = [(e.action, e.incident_id, e.why) for e in store.audit()][-2:]
    assert trail == [
        ("accept", CANDIDATE, "the command confirmed it"),
        ("reject", CONTESTED, "a rumour repeated"),
    ]
    assert dialogs == []
    assert page.errors.messages == []
