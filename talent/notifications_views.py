"""The notifications pages: the list (newest first), following one (which marks it read), marking one or
all read; and the unread count the header shows on every page.

Every signed-in account has notifications. Someone else's notification is a 404, whether asked for or
marked. Registering the blueprint also declares the notifications as the person's data (exported, deleted
with the account: ``talent.profiles.privacy``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talent import notifications
from talent.extensions import db
from talent.forms_util import page_arg
from talent.i18n import rendering_language
from talent.models import Notification
from talent.security import current_account

bp = Blueprint("notifications", __name__, url_prefix="/<lang:lang_code>")

PAGE_SIZE = 25


def _register_personal_data(_state: BlueprintSetupState) -> None:
    from talent.profiles import privacy

    privacy.register(
        "notifications",
        export=notifications.export,
        anonymise=notifications.anonymise,
        tables=("notifications",),
    )


bp.record_once(_register_personal_data)


def _unread() -> int:
    """The signed-in person's unread count, counted once per request (the header and the list share it)."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = notifications.unread_count(current_account())
    return int(g.unread_notifications)


@bp.app_context_processor
def notification_helpers() -> dict[str, Any]:
    return {
        "unread_notifications": _unread,
        "notification_templates": notifications.text_templates,
        "notification_value": lambda value: notifications.in_language(value, rendering_language()),
    }


def _own_or_404(notification_id: int) -> Notification:
    found = notifications.owned(current_account(), notification_id)
    if found is None:
        abort(404)
    return found


@bp.route("/notifications")
@login_required
def index() -> ResponseReturnValue:
    pagination = db.paginate(
        notifications.listing(current_account()), page=page_arg(), per_page=PAGE_SIZE, error_out=False
    )
    return render_template("notifications/index.html", pagination=pagination, unread=_unread())


@bp.route("/notifications/<id:notification_id>")
@login_required
def follow(notification_id: int) -> ResponseReturnValue:
    """Go where the notification leads (its list, when it leads nowhere), marking it read."""
    notification = _own_or_404(notification_id)
    notifications.mark_read(notification)
    db.session.commit()
    return redirect(notifications.target(notification) or url_for("notifications.index"))


@bp.route("/notifications/<id:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int) -> ResponseReturnValue:
    notifications.mark_read(_own_or_404(notification_id))
    db.session.commit()
    return redirect(url_for("notifications.index", page=page_arg()))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_all_read() -> ResponseReturnValue:
    notifications.mark_all_read(current_account())
    db.session.commit()
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.index"))
