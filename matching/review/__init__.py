"""The recruitment team's match runs and their review (blueprint ``matching_review``): starting a run and
following its progress, the ranked list (anonymous until shortlisted), decisions, CSV export, comparing
runs, the fairness check; and how a referred candidate fits, for the manager and for the candidate."""
