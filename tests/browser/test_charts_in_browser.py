"""Charts in a real browser under the app's Content-Security-Policy: Chart.js (vendored) and
talent/static/js/charts.js draw the programme page's two charts from their `data-chart` JSON, with no
script error and nothing refused by the CSP; the charts stay hidden from assistive technologies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobs.models import Referral, TalentRequest
from talent.models._types import utcnow

# A canvas pixel is drawn when its alpha is not 0: how many are, for each chart on the page.
DRAWN_PIXELS = """
() => [...document.querySelectorAll('.chart canvas')].map((canvas) => {
  if (!canvas.width || !canvas.height) { return 0; }  // not laid out yet
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { drawn += 1; } }
  return drawn;
})
"""


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_programme_charts_are_drawn_under_the_csp(live_server, page, committed):
    from talent.models import Role, User

    session = committed.session
    manager = User(email="manager@example.com", role=Role.MANAGER, password_hash="x", first_name="M")
    candidate = User(email="candidate@example.com", role=Role.CANDIDATE, password_hash="x", first_name="C")
    session.add_all([manager, candidate])
    session.flush()
    now = utcnow()
    index = now.year * 12 + now.month - 2  # last month
    start = datetime(index // 12, index % 12 + 1, 2, 12, tzinfo=UTC)
    for i in range(6):
        request = TalentRequest(
            requester_id=manager.id, job_title="Role", created_at=start + timedelta(hours=i)
        )
        session.add(request)
        session.flush()
        session.add(
            Referral(
                request_id=request.id,
                user_id=candidate.id,
                referred=True,
                decided_at=start + timedelta(days=i),
            )
        )
    session.commit()

    page.goto(f"{live_server}/fr/programme")
    # (Not wait_for_function: its polling evaluates a string in the page, which the CSP refuses.)
    page.locator(".chart canvas").nth(1).wait_for(state="attached")
    assert page.locator(".chart canvas").count() == 2
    assert page.locator(".chart[aria-hidden='true']").count() == 2
    # Attached is not laid out: on a busy machine Chart.js sizes the canvas a moment later. Ask again for
    # up to 5 s (from Python, see above) before judging.
    for _ in range(50):
        drawn = page.evaluate(DRAWN_PIXELS)
        if len(drawn) == 2 and all(n > 100 for n in drawn):
            break
        page.wait_for_timeout(100)
    assert len(drawn) == 2 and all(n > 100 for n in drawn), drawn  # bars, axes and labels were painted
    assert page.locator("table th[scope='row']").count() == 12  # the table: one row per month
    problems = [m for m in page.console_messages if m.startswith("pageerror") or "violates" in m]
    assert not problems, problems  # no script error, nothing refused by the CSP
