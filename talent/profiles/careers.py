"""Government employees and their career interests: who is a verified employee, their current position,
and who consents to share their profile with the talent-management programme; and the services that
change them (a work e-mail address confirmed by a link, career interests and consent).

The conditions here are the one definition of each rule; nominations (``jobs.services.nominations``) and
availability (``jobs.services.pools``) read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select, update
from sqlalchemy.exc import IntegrityError

from talent import audit, mail, vocab
from talent.auth import services as accounts
from talent.extensions import db
from talent.models import (
    CareerInterest,
    Classification,
    Department,
    Experience,
    PasswordResetToken,
    TokenPurpose,
    User,
    WorkEmail,
)
from talent.models._types import utcnow
from talent.service_errors import ServiceError
from talent.signals import notify_candidate_changed


def verified_employee_condition(user_id: Any) -> Any:
    """SQL: the person ``user_id`` (a column or a value) has a verified government work e-mail address
    and an active account."""
    return exists(
        select(WorkEmail.id)
        .join(User, User.id == WorkEmail.user_id)
        .where(
            WorkEmail.user_id == user_id,
            WorkEmail.verified_at.is_not(None),
            User.active.is_(True),
            User.deleted_at.is_(None),
        )
    )


def consent_condition(user_id: Any) -> Any:
    """SQL: the person ``user_id`` consents to share their profile with the programme."""
    return exists(
        select(CareerInterest.id).where(
            CareerInterest.user_id == user_id, CareerInterest.consent_at.is_not(None)
        )
    )


def is_verified_employee(user: User) -> bool:
    return bool(db.session.scalar(select(verified_employee_condition(user.id))))


def work_email(user: User) -> WorkEmail | None:
    return db.session.scalars(select(WorkEmail).where(WorkEmail.user_id == user.id)).first()


@dataclass(frozen=True)
class Position:
    """A government employee's current classification and department (either may be unknown)."""

    classification: Classification | None
    department: Department | None


def current_experience(user_id: Any) -> Select[Any]:
    """The one rule of a person's current government work experience: a work experience with a department
    or a classification and no end date, the latest started when there are several. ``user_id`` is a value
    or a column (as a correlated sub-select, e.g. ``.with_only_columns(Experience.classification_id)``)."""
    return (
        select(Experience)
        .where(
            Experience.user_id == user_id,
            Experience.kind == "work",
            Experience.end_date.is_(None),
            (Experience.department_id.is_not(None)) | (Experience.classification_id.is_not(None)),
        )
        .order_by(Experience.start_date.desc(), Experience.id.desc())
        .limit(1)
    )


def current_position(user_id: int) -> Position:
    """From the person's current government work experience (``current_experience``)."""
    experience: Experience | None = db.session.scalars(current_experience(user_id)).first()
    if experience is None:
        return Position(None, None)
    return Position(experience.classification, experience.department)


# --- Changing them ------------------------------------------------------------------------------------------


class CareerError(ServiceError):
    """A change to a person's work e-mail address or career interests that cannot be made."""


class WorkEmailLinkError(CareerError):
    """A verification link that verifies nothing; ``status`` is the page's answer (410: the link is spent,
    404: it is someone else's)."""

    def __init__(self, message: object, status: int = 410) -> None:
        super().__init__(message)
        self.status = status


TAKEN = _l(
    "This address is already verified by another account. If it is yours, contact the platform's "
    "support team."
)
LINK_SPENT = _l(
    "This verification link has expired or was already used. Send a new one from your work e-mail page."
)
LINK_UNKNOWN = _l("This verification link is not valid. Check that you copied all of it, or send a new one.")
LINK_NOT_YOURS = _l(
    "This verification link was sent for another account. Sign in as the person who asked for it, "
    "or send a link for your own address."
)
LINK_CHANGED = _l(
    "This verification link was sent for an address you have since changed or removed. Use the link sent "
    "to your current address, or send a new one."
)

# An address: a local part without spaces, then a domain name of dot-separated labels (in lower case).
_ADDRESS = re.compile(r"[^@\s]{1,64}@(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def work_domains() -> tuple[str, ...]:
    """The domains of government work addresses (``WORK_EMAIL_DOMAINS``)."""
    return tuple(current_app.config["WORK_EMAIL_DOMAINS"])


def is_work_address(email: str, domains: Iterable[str] | None = None) -> bool:
    """Whether ``email`` is at one of ``domains`` (default ``WORK_EMAIL_DOMAINS``) or at a subdomain of
    one: ``name@tbs-sct.gc.ca`` is at ``gc.ca``; ``name@evilgc.ca`` and ``name@gc.ca.example.com`` are not.

    >>> is_work_address("Pat.Doe@TBS-SCT.gc.ca", ["gc.ca"])
    True
    >>> is_work_address("pat@evilgc.ca", ["gc.ca"])
    False
    """
    address = accounts.normalise_email(email)
    if not _ADDRESS.fullmatch(address):
        return False
    domain = address.rpartition("@")[2]
    return any(
        domain == d or domain.endswith("." + d) for d in (work_domains() if domains is None else domains)
    )


def verify_link(locale: str, token: str) -> str:
    """The absolute address of the page a verification link opens, for the e-mail."""
    return accounts.page_link(locale, "profile.work_email_verify", token=token)


def _verified_by_other(address: str, user: User) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    WorkEmail.email == address,
                    WorkEmail.verified_at.is_not(None),
                    WorkEmail.user_id != user.id,
                )
            )
        )
    )


def _void_links(user: User, now: datetime) -> None:
    """Every verification link sent to the person so far stops working."""
    db.session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.user_id == user.id,
            PasswordResetToken.purpose == TokenPurpose.WORK_EMAIL.value,
            PasswordResetToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )


def set_work_email(
    user: User, email: str | None, link_for: Callable[[str, str], str] = verify_link
) -> WorkEmail:
    """Add or change the person's work e-mail address: stored in lower case, unverified, and a link that
    verifies it e-mailed to it (the same address again, still unverified: a new link). A new address voids
    the links sent before. An address another person verified is refused, without saying who."""
    address = accounts.normalise_email(email or "")
    if not address:
        raise CareerError(_l("Enter your work e-mail address."), "email")
    if len(address) > 254 or not _ADDRESS.fullmatch(address):
        raise CareerError(_l("Enter an e-mail address like name@example.com."), "email")
    if not is_work_address(address):
        raise CareerError(
            _l(
                "Enter a Government of Canada work address: at %(domains)s, or at a subdomain of one.",
                domains=", ".join(work_domains()),
            ),
            "email",
        )
    if _verified_by_other(address, user):
        raise CareerError(TAKEN, "email")
    record = work_email(user)
    if record is not None and record.email == address:
        if record.verified:
            raise CareerError(_l("This address is already verified."), "email")
        send_verification(user, record, link_for)
        return record
    now = utcnow()
    replaced = record is not None
    was_verified = record is not None and record.verified
    if record is None:
        record = WorkEmail(user_id=user.id, email=address, created_at=now)
        db.session.add(record)
    else:
        # A new address starts again: ``created_at`` is when the current address was entered, so a link
        # sent for the old one is recognised as such.
        record.email, record.verified_at, record.created_at = address, None, now
    _void_links(user, now)
    db.session.flush()
    audit.record(
        "work_email.added",
        actor=user,
        target_type="user",
        target_id=user.id,
        email=address,
        replaced=replaced,
    )
    send_verification(user, record, link_for)
    if was_verified:
        notify_candidate_changed(user.id, "work_email")
    return record


def send_verification(
    user: User, record: WorkEmail | None = None, link_for: Callable[[str, str], str] = verify_link
) -> None:
    """E-mail a single-use link that verifies the person's (unverified) work address, valid as long as an
    account's confirmation link (``EMAIL_CONFIRM_HOURS``)."""
    record = record or work_email(user)
    if record is None:
        raise CareerError(_l("Add your work e-mail address first."))
    if record.verified:
        raise CareerError(_l("Your work e-mail address is already verified."))
    hours = current_app.config["EMAIL_CONFIRM_HOURS"]
    token = accounts._new_token(user, TokenPurpose.WORK_EMAIL, hours * 60)
    audit.record(
        "work_email.verification_sent", actor=user, target_type="user", target_id=user.id, email=record.email
    )
    mail.queue_email(
        "work_email",
        record.email,
        user.locale,
        "work_email",
        user=user,
        address=record.email,
        link=link_for(user.locale, token),
        hours=hours,
    )


def link_record(token: str) -> PasswordResetToken | None:
    """The verification link ``token`` was sent as, spent or not (None: it never was one)."""
    return db.session.scalars(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == accounts._digest(token),
            PasswordResetToken.purpose == TokenPurpose.WORK_EMAIL.value,
        )
    ).first()


def check_link(user: User, token: str, now: datetime | None = None) -> WorkEmail:
    """The address ``token`` verifies for ``user``, or a ``WorkEmailLinkError`` saying why it verifies
    nothing: never sent, sent for another account, for an address since changed or removed, used, expired
    (at ``expires_at`` exactly, it is), or for an address verified already."""
    now = now or utcnow()
    link = link_record(token)
    if link is None:
        raise WorkEmailLinkError(LINK_UNKNOWN)
    if link.user_id != user.id:
        raise WorkEmailLinkError(LINK_NOT_YOURS, 404)
    record = work_email(user)
    if record is None or link.created_at < record.created_at:
        raise WorkEmailLinkError(LINK_CHANGED)
    if link.used_at is not None or link.expires_at <= now or record.verified:
        raise WorkEmailLinkError(LINK_SPENT)
    return record


def verify_work_email(user: User, token: str, now: datetime | None = None) -> WorkEmail:
    """Follow a verification link, signed in as ``user``: the address is verified and every link sent for
    it is spent. Anything else changes nothing (``check_link``; an address another person verified
    meanwhile, ``TAKEN``)."""
    now = now or utcnow()
    record = check_link(user, token, now)
    if _verified_by_other(record.email, user):
        raise CareerError(TAKEN)
    try:
        with db.session.begin_nested():
            record.verified_at = now
            _void_links(user, now)
            db.session.flush()
    except IntegrityError:
        # Another person verified the same address between the check and now (uq_work_emails_verified_email).
        raise CareerError(TAKEN) from None
    audit.record("work_email.verified", actor=user, target_type="user", target_id=user.id, email=record.email)
    notify_candidate_changed(user.id, "work_email")
    return record


def remove_work_email(user: User) -> None:
    """Forget the person's work address (they are no longer a verified employee) and void its links."""
    record = work_email(user)
    if record is None:
        return
    was_verified = record.verified
    db.session.delete(record)
    _void_links(user, utcnow())
    db.session.flush()
    audit.record("work_email.removed", actor=user, target_type="user", target_id=user.id)
    if was_verified:
        notify_candidate_changed(user.id, "work_email")


def career_interests(user: User) -> CareerInterest | None:
    return db.session.scalars(select(CareerInterest).where(CareerInterest.user_id == user.id)).first()


def _codes(vocabulary: Mapping[str, Any], values: Sequence[str] | None, field: str) -> list[str]:
    given = set(values or ())
    if given - set(vocabulary):
        raise CareerError(_l("Choose options from the list."), field)
    return [code for code in vocabulary if code in given]  # the vocabulary's order, each once


def save_career_interests(
    user: User,
    *,
    wants_advancement: bool,
    advancement_timeframe: str | None = None,
    wants_lateral: bool,
    lateral_moves: Sequence[str] | None = None,
    development_programmes: Sequence[str] | None = None,
    mentoring: Sequence[str] | None = None,
    consent: bool,
    now: datetime | None = None,
) -> CareerInterest:
    """Save what the person would like next and whether they consent to share their profile with the
    programme. A timeframe only with moving up, kinds of lateral move only with moving laterally; codes
    from ``talent.vocab``. ``consent_at`` is set when consent is given and cleared when it is withdrawn
    (which takes effect at once: the programme's pages and the availability rule read it)."""
    timeframe = advancement_timeframe or None
    if timeframe is not None and timeframe not in vocab.CAREER_TIMEFRAMES:
        raise CareerError(_l("Choose a timeframe from the list."), "advancement_timeframe")
    if timeframe is not None and not wants_advancement:
        raise CareerError(
            _l("Choose a timeframe only if you are interested in moving up."), "advancement_timeframe"
        )
    moves = _codes(vocab.LATERAL_MOVES, lateral_moves, "lateral_moves")
    if moves and not wants_lateral:
        raise CareerError(
            _l("Choose kinds of lateral move only if you are interested in moving laterally."),
            "lateral_moves",
        )
    programmes = _codes(vocab.DEVELOPMENT_PROGRAMMES, development_programmes, "development_programmes")
    roles = _codes(vocab.MENTORING_ROLES, mentoring, "mentoring")
    now = now or utcnow()
    record = career_interests(user)
    if record is None:
        record = CareerInterest(user_id=user.id)
        db.session.add(record)
    record.wants_advancement = bool(wants_advancement)
    record.advancement_timeframe = timeframe
    record.wants_lateral = bool(wants_lateral)
    record.lateral_moves = moves
    record.development_programmes = programmes
    record.mentoring = roles
    consent_changed = bool(consent) != record.consents
    if consent_changed:
        record.consent_at = now if consent else None
    db.session.flush()
    audit.record("career_interests.updated", actor=user, target_type="user", target_id=user.id)
    if consent_changed:
        audit.record(
            "career_interests.consent_given" if consent else "career_interests.consent_withdrawn",
            actor=user,
            target_type="user",
            target_id=user.id,
        )
        notify_candidate_changed(user.id, "consent")
    return record
