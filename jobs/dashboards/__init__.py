"""The recruitment side of the dashboards, and the public programme figures.

- ``candidates``: a candidate's open applications and the referrals they may decline;
- ``team``: the recruitment team's work: applications to assess, follow-ups due, qualifications about to
  expire, requests by status, and the pipeline of each process;
- ``managers``: a hiring manager's requests and the candidates referred to them;
- ``programme``: the public page's monthly figures, aggregates only, small numbers suppressed;
- ``coordinators``: the nomination events a talent coordinator runs;
- ``employees``: the nomination events a government employee can nominate in, and the nominations they
  received.

Each section reads with a fixed number of statements whatever the number of records: counts are
aggregated in SQL and lists are bounded (``talent.main.dashboard.LIST_LIMIT``), with the count of the
rest computed in the same statement. ``register`` adds the sections to the dashboard ``talent`` shows.
"""

from __future__ import annotations

from flask.sansio.app import App

from talent.main import dashboard
from talent.models import Role

STAFF = frozenset({Role.RECRUITER, Role.ADMIN})


def register(app: App) -> None:
    from jobs.dashboards import candidates, coordinators, employees, managers, team

    candidate, manager = frozenset({Role.CANDIDATE}), frozenset({Role.MANAGER})
    dashboard.register(
        app,
        [
            dashboard.Section(
                "applications",
                20,
                candidate,
                "jobs/dashboard/_applications.html",
                candidates.open_applications,
            ),
            dashboard.Section(
                "referrals", 30, candidate, "jobs/dashboard/_referrals.html", candidates.referrals_to_answer
            ),
            dashboard.Section("to_assess", 10, STAFF, "jobs/dashboard/_to_assess.html", team.to_assess),
            dashboard.Section("follow_ups", 20, STAFF, "jobs/dashboard/_follow_ups.html", team.follow_ups),
            dashboard.Section("expiring", 30, STAFF, "jobs/dashboard/_expiring.html", team.expiring),
            dashboard.Section(
                "requests_by_status",
                40,
                STAFF,
                "jobs/dashboard/_requests_by_status.html",
                team.requests_by_status,
                charts=True,
            ),
            dashboard.Section(
                "pipeline", 50, STAFF, "jobs/dashboard/_pipeline.html", team.pipeline, charts=True
            ),
            dashboard.Section(
                "my_requests", 10, manager, "jobs/dashboard/_my_requests.html", managers.my_requests
            ),
            dashboard.Section(
                "referrals_received",
                20,
                manager,
                "jobs/dashboard/_referrals_received.html",
                managers.referrals_received,
            ),
            dashboard.Section(
                "nomination_events",
                10,
                frozenset({Role.COORDINATOR}),
                "talent_management/events_dashboard.html",
                coordinators.events_run,
            ),
            dashboard.Section(
                "nominations",
                40,
                frozenset({Role.CANDIDATE, Role.MANAGER}),
                "talent_management/nominations_dashboard.html",
                employees.nominations,
            ),
        ],
    )
