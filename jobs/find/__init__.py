"""Finding talent (blueprint ``jobs_find``): the public page where anyone filters the pools of
prequalified people and sees how many are available (counts only, never a name), its htmx fragment, and
the JSON count API. The counting rules are ``jobs.services.talent_search``'s."""
