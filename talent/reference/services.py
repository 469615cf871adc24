"""Reference data write logic. Functions validate, change, flush, audit and return; the caller commits."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talent import audit
from talent.extensions import db
from talent.models import Classification, Department, User
from talent.service_errors import ServiceError

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
CLASSIFICATIONS_FILE = DATA_DIR / "classifications.csv"
DEPARTMENTS_FILE = DATA_DIR / "departments.csv"

MAX_NAME = 255
MAX_SALARY = 1_000_000
_GROUP = re.compile(r"^[A-Z]{2,5}$")


class ReferenceDataError(ServiceError):
    """A change to reference data that cannot be made."""


@dataclass(frozen=True)
class ClassificationInput:
    group: str
    level: int
    name_en: str
    name_fr: str
    min_salary: int | None = None
    max_salary: int | None = None


@dataclass(frozen=True)
class DepartmentInput:
    number: int
    name_en: str
    name_fr: str


def _name(value: str, field: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ReferenceDataError(str(_l("This field is required.")), field)
    if len(text) > MAX_NAME:
        raise ReferenceDataError(gettext("Use at most %(max)d characters.", max=MAX_NAME), field)
    return text


def _classification_values(
    data: ClassificationInput,
    current: Classification | None,
    table: Mapping[tuple[str, int], Classification] | None = None,
) -> dict[str, Any]:
    """The checked values; ``table``: every classification by (group, level), to look for a twin in."""
    group = (data.group or "").strip().upper()
    if not _GROUP.match(group):
        raise ReferenceDataError(str(_l("Enter the group as 2 to 5 letters, for example IT or EC.")), "group")
    if not 1 <= data.level <= 99:
        raise ReferenceDataError(str(_l("Enter a level from 1 to 99.")), "level")
    for value, field in ((data.min_salary, "min_salary"), (data.max_salary, "max_salary")):
        if value is not None and not 0 <= value <= MAX_SALARY:
            raise ReferenceDataError(str(_l("Enter a yearly salary from 0 to 1,000,000 dollars.")), field)
    if data.min_salary is not None and data.max_salary is not None and data.min_salary > data.max_salary:
        raise ReferenceDataError(
            str(_l("The maximum salary cannot be lower than the minimum.")), "max_salary"
        )
    if table is not None:
        twin = table.get((group, data.level))
    else:
        twin = db.session.scalars(
            select(Classification).where(Classification.group == group, Classification.level == data.level)
        ).first()
    if twin is not None and twin is not current:
        raise ReferenceDataError(gettext("%(code)s already exists.", code=twin.code), "level")
    return {
        "group": group,
        "level": data.level,
        "name_en": _name(data.name_en, "name_en"),
        "name_fr": _name(data.name_fr, "name_fr"),
        "min_salary": data.min_salary,
        "max_salary": data.max_salary,
    }


def _department_values(
    data: DepartmentInput, current: Department | None, table: Mapping[int, Department] | None = None
) -> dict[str, Any]:
    """The checked values; ``table``: every department by number, to look for a twin in."""
    if not 1 <= data.number <= 99999:
        raise ReferenceDataError(str(_l("Enter a department number from 1 to 99999.")), "number")
    if table is not None:
        twin = table.get(data.number)
    else:
        twin = db.session.scalars(select(Department).where(Department.number == data.number)).first()
    if twin is not None and twin is not current:
        raise ReferenceDataError(
            gettext(
                "Department number %(number)d is already used by %(name)s.",
                number=data.number,
                name=twin.name_en,
            ),
            "number",
        )
    return {
        "number": data.number,
        "name_en": _name(data.name_en, "name_en"),
        "name_fr": _name(data.name_fr, "name_fr"),
    }


def create_classification(data: ClassificationInput, *, actor: User | None = None) -> Classification:
    item = Classification(**_classification_values(data, None))
    db.session.add(item)
    db.session.flush()
    audit.record(
        "classification.created", actor=actor, target_type="classification", target_id=item.id, code=item.code
    )
    return item


def update_classification(
    item: Classification, data: ClassificationInput, *, actor: User | None = None
) -> dict[str, list[Any]]:
    """Apply an edit; returns what changed (nothing changed: no audit event)."""
    changes = audit.apply_changes(item, _classification_values(data, item))
    if changes:
        db.session.flush()
        audit.record(
            "classification.updated",
            actor=actor,
            target_type="classification",
            target_id=item.id,
            code=item.code,
            changes=changes,
        )
    return changes


def create_department(data: DepartmentInput, *, actor: User | None = None) -> Department:
    item = Department(**_department_values(data, None))
    db.session.add(item)
    db.session.flush()
    audit.record(
        "department.created", actor=actor, target_type="department", target_id=item.id, number=item.number
    )
    return item


def update_department(
    item: Department, data: DepartmentInput, *, actor: User | None = None
) -> dict[str, list[Any]]:
    changes = audit.apply_changes(item, _department_values(data, item))
    if changes:
        db.session.flush()
        audit.record(
            "department.updated",
            actor=actor,
            target_type="department",
            target_id=item.id,
            number=item.number,
            changes=changes,
        )
    return changes


# --- Seeding from the shipped CSV files -----------------------------------------------------------------


def _int_or_none(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def shipped_classifications(path: Path = CLASSIFICATIONS_FILE) -> list[ClassificationInput]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ClassificationInput(
                group=row["group"].strip(),
                level=int(row["level"]),
                name_en=row["name_en"],
                name_fr=row["name_fr"],
                min_salary=_int_or_none(row["min_salary"]),
                max_salary=_int_or_none(row["max_salary"]),
            )
            for row in csv.DictReader(handle)
        ]


def shipped_departments(path: Path = DEPARTMENTS_FILE) -> list[DepartmentInput]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            DepartmentInput(number=int(row["number"]), name_en=row["name_en"], name_fr=row["name_fr"])
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class SeedCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # already there and equal to the file, or kept as the administrators left it


@dataclass(frozen=True)
class SeedResult:
    classifications: SeedCounts
    departments: SeedCounts


def _seed(
    model: type[Any],
    table: dict[Any, Any],
    rows: Iterable[Any],
    key: Callable[[Any], Any],
    values_of: Callable[[Any, Any, Any], dict[str, Any]],
    overwrite: bool,
) -> list[int]:
    """Create the ``rows`` missing from ``table`` (every row of ``model``, by ``key``); with ``overwrite``,
    reset the others to the file's values. Returns the counts created, updated, unchanged."""
    counts = [0, 0, 0]
    for row in rows:
        item = table.get(key(row))
        values = values_of(row, item, table)
        if item is None:
            item = model(**values)
            db.session.add(item)
            table[key(row)] = item
            counts[0] += 1
        elif overwrite and audit.apply_changes(item, values):
            counts[1] += 1
        else:
            counts[2] += 1
    db.session.flush()
    return counts


def seed_reference(*, overwrite: bool = False, actor: User | None = None) -> SeedResult:
    """Create the shipped classifications and departments that are missing.

    Existing rows are left as they are (administrators may have corrected them) unless ``overwrite``,
    which resets their names and salaries to the shipped values. Safe to run again.
    """
    cls_counts = _seed(
        Classification,
        {(c.group, c.level): c for c in db.session.scalars(select(Classification))},
        shipped_classifications(),
        lambda row: (row.group.strip().upper(), row.level),
        _classification_values,
        overwrite,
    )
    dep_counts = _seed(
        Department,
        {d.number: d for d in db.session.scalars(select(Department))},
        shipped_departments(),
        lambda row: row.number,
        _department_values,
        overwrite,
    )
    result = SeedResult(SeedCounts(*cls_counts), SeedCounts(*dep_counts))
    audit.record(
        "reference.seeded",
        actor=actor,
        target_type="reference",
        overwrite=overwrite,
        classifications=cls_counts,
        departments=dep_counts,
    )
    return result
