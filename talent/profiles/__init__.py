"""Candidate profiles: every section on its own page, skills with levels, experiences that prove them,
completeness, the equity self-declaration, and the candidate's privacy rights (export, deletion)."""
