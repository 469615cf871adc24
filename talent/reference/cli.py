"""``flask --app talent seed-reference``: load the shipped classifications and departments."""

from __future__ import annotations

import click

from talent.extensions import db


@click.command("seed-reference")
@click.option(
    "--overwrite",
    is_flag=True,
    help="Also reset existing rows (names, salary ranges) to the shipped values.",
)
def seed_reference(overwrite: bool) -> None:
    """Create the classifications and departments of talent/data/reference that are missing.

    Safe to run again: nothing is duplicated, and rows administrators edited are kept unless --overwrite.
    """
    from talent.reference.services import seed_reference as seed

    try:
        result = seed(overwrite=overwrite)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    for label, counts in (("classifications", result.classifications), ("departments", result.departments)):
        click.echo(
            f"{label + ':':<17} {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged"
        )
