"""Talent requests on the web: hiring managers' (and guests') request form and their requests with the
referred candidates (blueprint ``jobs_requests``), candidates' referrals, and the recruitment team's
request queue, referrals and reports (blueprint ``jobs_request_team``, under ``/<lang>/recruit``).
The rules are ``jobs.services.requests``'s; these views parse, call and commit."""
