"""The talent-management programme's pages (blueprint ``jobs_talent``, under ``/<lang>/talent-management``):
nomination events run by talent coordinators, nominations made and received by verified government
employees, the coordinators' decisions on each nominee's group, and the programme's report."""
