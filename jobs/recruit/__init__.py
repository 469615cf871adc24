"""The recruitment team's pages (blueprint ``jobs_recruit``, under ``/<lang>/recruit``): processes and their
job advertisements, applicants and their assessment and decisions, pools and their export."""
