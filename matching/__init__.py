"""Matching: ranks prequalified candidates against talent requests and explains each match.

``matching.engine`` is the pure core (numpy, scipy, scikit-learn; no IO). ``python -m matching`` is its
command line. The adapter, Celery tasks and match-list screens live beside it and are the only parts that
know about the database.
"""
