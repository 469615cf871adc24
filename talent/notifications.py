"""In-app notifications, and the e-mail that goes with one.

``notify(user, kind, ..., email=...)`` records what happened for one person: the record it is about, where
following it leads, and the parameters its text needs. The text itself is never stored: it is rendered
from ``kind`` and ``params`` when the page is read, in the page's language
(``notifications/kinds/<kind>.html``, else the template of its family ``<family>.html``, where ``family``
is what comes before the first dot). With ``email``, the same news is queued in the outbox in the person's
language, with an absolute link to the page (``talent.links``).

The undo window. A decision can be corrected: ``undoable=True`` (with a ``topic``, the record the news is
about) holds the news for ``DECISION_EMAIL_DELAY_SECONDS``. A later notification on the same topic within
that window replaces it: the earlier one is deleted and its e-mail, still waiting in the outbox, is
cancelled. ``state`` is what a notification tells (``qualified``...); when the news that replaces it
brings the person back to what they knew before (a decision reverted), nothing is told at all. So a
recruiter who changes a decision seven times in ten seconds sends at most one e-mail, with the last state.

Services call these functions and flush; the view, task or command commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from flask import current_app, url_for
from sqlalchemy import CursorResult, Select, delete, func, select, update
from werkzeug.routing import BuildError

from talent import mail
from talent.extensions import db
from talent.links import absolute_url
from talent.models import Notification, OutboxMessage, Role, User
from talent.models._types import utcnow
from talent.models.outbox import OutboxStatus


@dataclass(frozen=True)
class Link:
    """Where following a notification leads: a page (``endpoint`` and its ``values``, in the reader's
    language) or, for a page that has no endpoint, a ``path`` on this site."""

    endpoint: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None

    def __post_init__(self) -> None:
        if (self.endpoint is None) == (self.path is None):
            raise ValueError("a link is an endpoint or a path")
        # Only a path of this site: "//host" and "/\\host" lead browsers to another site.
        if self.path is not None and not (self.path.startswith("/") and self.path[1:2] not in ("/", "\\")):
            raise ValueError("a link's path is a path on this site")


@dataclass(frozen=True)
class Email:
    """The e-mail that goes with a notification: ``mail/<template>.txt``, rendered in the recipient's
    language with ``user``, ``link`` (the page's absolute address) and ``context``."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


def notify(
    recipient: User,
    kind: str,
    *,
    about: tuple[str, int] | None = None,
    link: Link | None = None,
    params: Mapping[str, Any] | None = None,
    email: Email | None = None,
    topic: str | None = None,
    state: str | None = None,
    prior: str | None = None,
    undoable: bool = False,
) -> Notification | None:
    """Tell ``recipient`` that something happened (and e-mail them with ``email``).

    ``topic`` names what the news is about (one application, one referral's selection...): with
    ``undoable``, the notification and its e-mail wait ``DECISION_EMAIL_DELAY_SECONDS``, and the next one on
    the same topic within that time replaces them. ``state`` is what this news tells and ``prior`` what the
    person knew before the change; when the news would tell them what they know already (a change undone
    within the window, or told already), nothing is recorded and None is returned. Deleted accounts are
    told nothing.
    """
    if undoable and topic is None:
        raise ValueError("an undoable notification needs a topic")
    if recipient.deleted_at is not None:
        return None
    known = prior
    if topic is not None:
        latest = _latest(recipient, topic)
        if latest is not None:
            known = latest.prior_state if _withdraw(latest) else latest.state
        if state is not None and state == known:
            db.session.flush()
            return None
    delay = current_app.config["DECISION_EMAIL_DELAY_SECONDS"] if undoable else 0
    undo_until = utcnow() + timedelta(seconds=delay) if delay else None
    notification = _row(
        recipient.id,
        kind,
        about,
        link,
        params,
        topic=topic,
        state=state,
        prior_state=known,
        undo_until=undo_until,
    )
    db.session.add(notification)
    if email is not None:
        message = mail.queue_email(
            kind,
            recipient.email,
            recipient.locale,
            email.template,
            send_after=undo_until,
            user=recipient,
            link=email_link(recipient.locale, link),
            **email.context,
        )
        notification.email_id = message.id
    db.session.flush()
    return notification


def _row(
    recipient_id: int,
    kind: str,
    about: tuple[str, int] | None,
    link: Link | None,
    params: Mapping[str, Any] | None,
    **extra: Any,
) -> Notification:
    """One notification row: whom, what kind, about which record, where it leads, with what values."""
    return Notification(
        recipient_id=recipient_id,
        kind=kind,
        subject_type=about[0] if about else None,
        subject_id=about[1] if about else None,
        link_endpoint=link.endpoint if link else None,
        link_values=dict(link.values) if link else {},
        link_path=link.path if link else None,
        params=dict(params or {}),
        **extra,
    )


def notify_all(
    recipients: Iterable[User],
    kind: str,
    *,
    about: tuple[str, int] | None = None,
    link: Link | None = None,
    params: Mapping[str, Any] | None = None,
    once_key: str | None = None,
) -> list[Notification]:
    """The same in-app notification (no e-mail) for several people, in one insert. With ``once_key``, a
    person already told under that key is not told again (and the table's unique constraint holds it
    against a second run at the same moment: the flush fails, and the caller's savepoint with it)."""
    told: set[int] = set()
    if once_key is not None:
        told = set(
            db.session.scalars(select(Notification.recipient_id).where(Notification.once_key == once_key))
        )
    rows = [
        _row(user.id, kind, about, link, params, once_key=once_key)
        for user in {u.id: u for u in recipients}.values()
        if user.deleted_at is None and user.id not in told
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def retract(recipient: User, topic: str) -> bool:
    """Withdraw the news on ``topic`` if it is still in its undo window (its e-mail is cancelled): True if
    there was such news. News already out stays."""
    latest = _latest(recipient, topic)
    withdrawn = latest is not None and _withdraw(latest)
    db.session.flush()
    return withdrawn


def _latest(recipient: User, topic: str) -> Notification | None:
    return db.session.scalars(
        select(Notification)
        .where(Notification.recipient_id == recipient.id, Notification.topic == topic)
        .order_by(Notification.id.desc())
        .limit(1)
    ).first()


def _withdraw(notification: Notification) -> bool:
    """Delete a notification still in its undo window, with its e-mail: True if done. Its e-mail decides:
    one that is due already (or being sent) is not cancelled, and then the notification stays too."""
    if notification.undo_until is None or notification.undo_until <= utcnow():
        return False
    if notification.email_id is not None and not mail.cancel(notification.email_id):
        return False
    db.session.delete(notification)
    return True


def email_link(locale: str, link: Link | None) -> str | None:
    """The absolute address of a notification's page, for its e-mail."""
    if link is None:
        return None
    if link.endpoint is not None:
        return absolute_url(locale, link.endpoint, **link.values)
    return str(current_app.config["PUBLIC_BASE_URL"]).strip().rstrip("/") + str(link.path)


def recruitment_team() -> list[User]:
    """Everyone who answers talent requests: active recruiters and administrators."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.RECRUITER, Role.ADMIN)), User.active, User.deleted_at.is_(None))
            .order_by(User.id)
        )
    )


# --- Reading ------------------------------------------------------------------------------------------------


def listing(user: User) -> Select[Notification]:
    """A person's notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.recipient_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


def owned(user: User, notification_id: int) -> Notification | None:
    """The person's own notification, or None (also for someone else's id)."""
    notification = db.session.get(Notification, notification_id)
    return notification if notification is not None and notification.recipient_id == user.id else None


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many were."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return cast(CursorResult[Any], result).rowcount


def target(notification: Notification) -> str | None:
    """Where following the notification leads, in the current page's language (None: nowhere, or to a page
    that no longer exists)."""
    if notification.link_path:
        return notification.link_path
    if not notification.link_endpoint or notification.link_endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(notification.link_endpoint, **(notification.link_values or {}))
    except (BuildError, TypeError, ValueError):
        return None


def in_language(value: Any, lang: str) -> Any:
    """A parameter in ``lang``: a value with both languages ({"en": ..., "fr": ...}) gives that language's
    (else the other's); any other value is the same in both."""
    if isinstance(value, Mapping) and ("en" in value or "fr" in value):
        return value.get(lang) or value.get("en") or value.get("fr") or ""
    return value


def text_templates(notification: Notification) -> list[str]:
    """The templates that can render the text of ``notification``, the most specific first."""
    family = notification.kind.split(".", 1)[0]
    return [
        f"notifications/kinds/{notification.kind}.html",
        f"notifications/kinds/{family}.html",
        "notifications/kinds/_unknown.html",
    ]


# --- Personal data ------------------------------------------------------------------------------------------


def export(user: User) -> Iterator[dict[str, Any]]:
    """A person's notifications, for the personal-data export (what each was about, never another
    person's data: the parameters hold titles and codes), read in batches."""
    from talent.profiles.privacy import BATCH_ROWS, columns

    rows = db.session.scalars(
        select(Notification).where(Notification.recipient_id == user.id).order_by(Notification.id),
        execution_options={"yield_per": BATCH_ROWS},
    )
    for row in rows:
        yield columns(row, skip=("recipient_id", "email_id"))


def anonymise(user: User) -> None:
    """Deleting the account deletes its notifications, and cancels their e-mails still waiting."""
    waiting = select(Notification.email_id).where(
        Notification.recipient_id == user.id, Notification.email_id.is_not(None)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(waiting), OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
        .execution_options(synchronize_session="fetch")
    )
    db.session.execute(
        delete(Notification)
        .where(Notification.recipient_id == user.id)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
