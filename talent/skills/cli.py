"""``flask --app talent import-skills``: load or refresh the skills library from the shipped data."""

from __future__ import annotations

import click

from talent.extensions import db


@click.command("import-skills")
def import_skills() -> None:
    """Create or update the skills library from talent/data/skills (ESCO and GC digital talent).

    Safe to run again: nothing is duplicated, unchanged skills are not written, skills added or edited
    by administrators and retirements are left alone.
    """
    from tqdm import tqdm

    from talent.skills.services import import_library

    # On the terminal only (``disable=None``: no bar when stderr is not a TTY, as in CI logs).
    with tqdm(desc="Importing skills", unit=" skills", disable=None, leave=False) as bar:

        def show(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            result = import_library(progress=show)
        except Exception:
            db.session.rollback()
            raise
    db.session.commit()
    click.echo(f"Skills library imported (data version {result.data_version}).")
    click.echo(
        f"  skills:   {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        + (f", {result.local_kept} kept as edited by administrators" if result.local_kept else "")
    )
    click.echo(
        f"  families: {result.families_created} created, {result.families_updated} updated, "
        f"{result.families_unchanged} unchanged"
    )
    click.echo(
        f"  French names: {result.with_french} of {result.skills_in_data} skills "
        f"({result.french_coverage:.1f} %)"
    )
