"""The team's report on talent requests, charted: a chart per section of figures (hidden from assistive
technologies) with its table, a CSV of each section, formula-safe, in both languages."""

from __future__ import annotations

import json
import re
from html import unescape

from talent.models import Department
from tests.conftest import login
from tests.jobs.test_request_views import make_request

PAGE = "/en/recruit/reports"


def charts_of(html):
    """Each chart's spec on the page, by the id of its section's heading."""
    found = {}
    for match in re.finditer(r'aria-labelledby="report-([a-z_]+)".*?(?=<section|\Z)', html, re.S):
        spec = re.search(r"data-chart='([^']*)'", match.group(0))
        found[match.group(1)] = json.loads(unescape(spec.group(1))) if spec else None
    return found


def test_each_section_has_its_chart_its_table_and_its_csv(db, client, make_user, library):
    recruiter = make_user("recruiter")
    tricky = Department(number=9003, name_en='=HYPERLINK("http://x")', name_fr='=HYPERLINK("http://x")')
    db.session.add(tricky)
    db.session.flush()
    make_request(make_user("manager"), library, department_id=tricky.id)
    make_request(make_user("manager"), library, department_id=tricky.id)
    make_request(make_user("manager"), library)
    db.session.commit()
    login(client, recruiter.email)
    html = client.get(PAGE).get_data(as_text=True)
    charts = charts_of(html)
    assert set(charts) == {"total", "per_month", "by_status", "by_department", "referrals", "selections"}
    assert charts["total"] is None  # one number: a table, no chart
    assert charts["by_status"]["labels"] == ["New", "In progress", "Completed"]
    assert charts["by_status"]["series"][0]["values"] == [3, 0, 0]
    assert charts["by_department"]["horizontal"] is True
    assert charts["by_department"]["labels"][0] == '=HYPERLINK("http://x")'  # text in JSON, never a formula
    assert charts["by_department"]["series"][0]["values"] == [2, 1]
    assert html.count('class="chart" data-chart=') == 5 and html.count('aria-hidden="true"></div>') >= 5
    assert re.search(r'<th scope="row">New</th><td class="number">3</td>', html)
    assert 'href="/en/recruit/reports.csv?section=by_department"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html and "css/charts.css" in html


def test_a_csv_of_one_section_is_that_section_only_and_formula_safe(db, client, make_user, library):
    tricky = Department(number=9004, name_en="@SUM(A1)", name_fr="@SUM(A1)")
    db.session.add(tricky)
    db.session.flush()
    make_request(make_user("manager"), library, department_id=tricky.id)
    db.session.commit()
    login(client, make_user("recruiter").email)
    response = client.get("/en/recruit/reports.csv?section=by_department")
    assert response.status_code == 200
    assert "talent-requests-report-by-department-" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "\ufeffSection,Item,Value"
    assert lines[1:3] == ["Period,From,", "Period,To,"]
    assert lines[3:] == ["Requests by department,'@SUM(A1),1"]
    whole = client.get("/en/recruit/reports.csv").get_data(as_text=True)
    assert "Requests by status,New,1" in whole and "Requests by department,'@SUM(A1),1" in whole
    assert client.get("/en/recruit/reports.csv?section=nope").status_code == 404
    assert client.get("/en/recruit/reports.csv?section=").status_code == 404


def test_the_report_renders_in_french_with_its_charts(db, client, make_user, library):
    make_request(make_user("manager"), library)
    db.session.commit()
    login(client, make_user("recruiter").email)
    html = client.get("/fr/recruit/reports").get_data(as_text=True)
    charts = charts_of(html)
    assert charts["by_status"]["labels"] == ["Nouvelle", "En cours", "Terminée"]
    assert "Télécharger ces chiffres (CSV)" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"\sstyle=", html)
