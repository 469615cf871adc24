"""The skills library's commands: ``flask --app talent import-skills`` loads or refreshes it from the shipped
data; ``flask --app talent skills-coverage`` measures how much of it has French names."""

from __future__ import annotations

import csv
import sys

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
        f"  one skill per concept: {result.same_concept_pairs} ESCO skills are the same concept as a GC "
        f"skill ({result.merged} merged now)"
    )
    click.echo(
        f"  French names: {result.with_french} of {result.offered_in_data} skills "
        f"({result.french_coverage:.1f} %)"
    )


def _line(label: str, part: int, whole: int) -> str:
    percent = 100.0 * part / whole if whole else 0.0
    return f"  {label:<34} {part:>5} of {whole:>5} skills ({percent:.1f} %)"


@click.command("skills-coverage")
@click.option("--missing", is_flag=True, help="List the skills offered without a French name (CSV).")
@click.option("--no-database", is_flag=True, help="Measure the shipped data only.")
def skills_coverage(missing: bool, no_database: bool) -> None:
    """How many skills have a French name: in the sources alone, as the import loads them (one skill per
    concept, with the team's names from talent/data/skills_curated), and in this database."""
    from sqlalchemy.exc import SQLAlchemyError

    from talent import skills_data
    from talent.skills.services import library_stats

    sources = skills_data.load_skills()
    curated = skills_data.curated_skills()
    before = skills_data.french_coverage(sources)
    after = skills_data.french_coverage(curated)
    pairs = skills_data.load_concepts()
    reviewed = skills_data.load_reviewed_french()
    statuses = {
        status: sum(1 for n in reviewed.values() if n.status == status) for status in ("proposed", "reviewed")
    }
    click.echo("French names of the skills library")
    click.echo(_line("sources alone (ESCO + GC):", before.with_french, before.skills))
    click.echo(_line("as imported (one per concept):", after.with_french, after.skills))
    same_name = sum(1 for p in pairs if p.match == "same-name")
    click.echo(
        f"    {len(pairs)} ESCO skills merged into the GC skill of the same concept "
        f"({same_name} same name, {len(pairs) - same_name} reviewed)"
    )
    names = {"esco": "ESCO", "gc": "GC", "team": "the team's list", "same-concept": "the same concept"}
    sources_line = ", ".join(
        f"{names.get(source, source)} {count}" for source, count in after.by_source.items()
    )
    click.echo(f"    French names from: {sources_line}")
    click.echo(
        f"    the team's names: {statuses['reviewed']} reviewed, {statuses['proposed']} proposed "
        "(awaiting a language reviewer)"
    )
    if not no_database:
        try:
            stats = library_stats()
        except SQLAlchemyError as exc:
            db.session.rollback()
            click.echo(f"  in this database: not available ({type(exc).__name__})")
        else:
            click.echo(_line("in this database (offered):", stats.active_with_french, stats.active))
    if missing:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["key", "name_en"])
        for rec in curated:
            if rec.merge_into is None and not rec.name_fr:
                writer.writerow([rec.key, rec.name_en])
