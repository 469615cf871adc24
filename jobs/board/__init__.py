"""The public job board: open job advertisements with their filters, and each advertisement's page.
Readable without an account, in English and in French."""
