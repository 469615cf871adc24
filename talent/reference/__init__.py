"""Reference data kept by administrators: classifications (group, level, salary range) and departments.

Seeded from ``talent/data/reference/*.csv`` by ``flask --app talent seed-reference``; listed, added and
edited on the administrators' "Reference data" pages; every change audited.
"""
