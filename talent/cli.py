"""Command-line tasks: ``flask --app talent <command>``."""

from __future__ import annotations

import secrets

import click
from flask import Flask
from flask.cli import AppGroup

from talent.extensions import db
from talent.models._types import utcnow
from talent.reference.cli import seed_reference
from talent.skills.cli import import_skills


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(import_skills)
    app.cli.add_command(seed_reference)


@click.command("create-admin")
@click.option("--email", prompt=True, help="The administrator's e-mail address.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 12 characters, not a common password.",
)
@click.option("--first-name", default="", help="First name.")
@click.option("--last-name", default="", help="Last name.")
def create_admin(email: str, password: str, first_name: str, last_name: str) -> None:
    """Create an administrator (the first account of a new installation)."""
    from talent.auth.services import AccountError, create_user
    from talent.models import Role

    try:
        user = create_user(email, password, Role.ADMIN, first_name=first_name, last_name=last_name)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    user.email_verified_at = utcnow()  # whoever runs this command vouches for the address
    db.session.commit()
    click.echo(f"Administrator {user.email} created. Two-factor sign-in is set up at the first sign-in.")


DEMO_USERS = (
    ("admin", "Alex", "Admin", "en"),
    ("recruiter", "Rosalie", "Recruteuse", "fr"),
    ("coordinator", "Chris", "Coordinator", "en"),
    ("manager", "Morgan", "Manager", "en"),
    ("candidate", "Camille", "Candidate", "fr"),
)


@click.command("seed-demo")
@click.option("--password", default=None, help="One password for every demo account (default: random).")
def seed_demo(password: str | None) -> None:
    """Load demo data: one user per role. Prints their e-mail addresses and passwords.

    Safe to run again: existing demo accounts get the new password, nothing is duplicated.
    """
    from talent.auth.services import find_by_email
    from talent.models import Role, User
    from talent.passwords import hash_password, policy_errors

    rows = []
    for role_name, first, last, locale in DEMO_USERS:
        email = f"{role_name}@demo.example.com"
        pw = password or f"demo-{role_name}-{secrets.token_urlsafe(9)}"
        if policy_errors(pw):
            raise click.ClickException(
                "The demo password does not meet the password policy: " + " ".join(policy_errors(pw))
            )
        user = find_by_email(email)
        if user is None:
            user = User(
                email=email,
                role=Role(role_name),
                first_name=first,
                last_name=last,
                locale=locale,
                password_hash=hash_password(pw),
                email_verified_at=utcnow(),
            )
            db.session.add(user)
        else:
            user.password_hash = hash_password(pw)
            user.session_version += 1
        rows.append((role_name, email, pw))
    db.session.commit()
    click.echo("Demo accounts (role, e-mail, password):")
    for role_name, email, pw in rows:
        click.echo(f"  {role_name:<10} {email:<32} {pw}")
    click.echo(
        "The admin, the recruiter and the coordinator set up two-factor sign-in at their first sign-in:\n"
        "scan the QR code it shows with an authenticator app (FreeOTP, Google or Microsoft\n"
        "Authenticator), or type its key in."
    )


outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("sweep")
def outbox_sweep() -> None:
    """Send every message still pending (for installations without a beat scheduler)."""
    from datetime import timedelta

    from flask import current_app

    from talent import mail
    from talent.dispatch import send_now

    ids = mail.stale_pending_ids(timedelta(0))
    sent = sum(send_now(current_app._get_current_object(), mail.SEND_TASK, (i,)) for i in ids)  # type: ignore[attr-defined]
    click.echo(f"{sent} of {len(ids)} pending messages handed to the workers.")
