"""Candidates' application pages: start or resume a draft, answer the questions, review and submit,
then follow, withdraw or pause their applications. Candidates only; each sees only their own."""
