"""A process's pool: its qualified members with their availability, filters, and the CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from jobs import csv_export
from jobs.models import Application
from jobs.recruit._common import PAGE_SIZE, bp, process_or_404, staff_only
from jobs.recruit.forms import PoolFilterForm
from jobs.services import pools, recruiting
from talent import audit
from talent.extensions import db
from talent.forms_util import page_arg
from talent.i18n import current_language
from talent.models._types import utcnow
from talent.security import current_account

FILTER_FIELDS = ("available", "expiry", "flag", "placement")


def _filters() -> tuple[PoolFilterForm, dict[str, Any]]:
    form = PoolFilterForm(request.args)
    if not form.validate():
        return form, {}
    return form, {
        "available_only": form.available.data == "yes",
        "expiry": form.expiry.data or None,
        "flag": form.flag.data or None,
        "placement": form.placement.data or None,
    }


@bp.route("/processes/<id:process_id>/pool")
@staff_only
def pool(process_id: int) -> ResponseReturnValue:
    process = process_or_404(process_id)
    form, filters = _filters()
    now = utcnow()
    today = now.astimezone(pools.TIMEZONE).date()
    stmt = recruiting.pool_query(process.id, today=today, now=now, **filters).options(
        selectinload(Application.user), selectinload(Application.placed_department)
    )
    pagination = db.paginate(stmt, page=page_arg(), per_page=PAGE_SIZE, error_out=False)
    rows = [(a, pools.is_available(a, today, now)) for a in pagination.items]
    return render_template(
        "jobs/recruit/pool.html",
        process=process,
        form=form,
        pagination=pagination,
        rows=rows,
        today=today,
        now=now,
        export_args={name: form[name].data for name in FILTER_FIELDS if filters and form[name].data},
    )


@bp.route("/processes/<id:process_id>/pool.csv")
@staff_only
def pool_export(process_id: int) -> Response:
    """The pool list (with the page's filters) as CSV, streamed: members are read ``BATCH_ROWS`` at a time
    (a server-side cursor on PostgreSQL) and written as they come. Audited before the first byte: it takes
    personal data off the platform."""
    process = process_or_404(process_id)
    _form, filters = _filters()
    now = utcnow()
    today = now.astimezone(pools.TIMEZONE).date()
    stmt = recruiting.pool_query(process.id, today=today, now=now, **filters)
    count = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    audit.record(
        "pool.exported",
        actor=current_account(),
        target_type="process",
        target_id=process.id,
        count=count,
        filters={k: v for k, v in filters.items() if v},
    )
    filename = f"pool-process-{process.id}-{today.isoformat()}.csv"
    db.session.commit()
    lang = current_language()

    def rows() -> Iterator[list[Any]]:
        # Many-to-one joins, not a query per batch: one statement whatever the pool's size.
        members = db.session.scalars(
            stmt.options(joinedload(Application.user), joinedload(Application.placed_department)),
            execution_options={"yield_per": csv_export.BATCH_ROWS},
        )
        yield from csv_export.pool_rows(members, lang, today, now)

    return csv_export.csv_response(csv_export.csv_chunks(csv_export.pool_header(), rows()), filename)
