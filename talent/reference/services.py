"""Reference data write logic. Functions validate, change, flush, audit and return; the caller commits."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talent import audit
from talent.extensions import db
from talent.models import Classification, Department, User

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
CLASSIFICATIONS_FILE = DATA_DIR / "classifications.csv"
DEPARTMENTS_FILE = DATA_DIR / "departments.csv"

MAX_NAME = 255
MAX_SALARY = 1_000_000
_GROUP = re.compile(r"^[A-Z]{2,5}$")


class ReferenceDataError(ValueError):
    """A change to reference data that cannot be made; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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


def _classification_values(data: ClassificationInput, current: Classification | None) -> dict[str, Any]:
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


def _department_values(data: DepartmentInput, current: Department | None) -> dict[str, Any]:
    if not 1 <= data.number <= 99999:
        raise ReferenceDataError(str(_l("Enter a department number from 1 to 99999.")), "number")
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


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``values``; return ``{field: [old, new]}`` for what changed."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [old, value]
            setattr(obj, name, value)
    return changes


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
    changes = _changes(item, _classification_values(data, item))
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
    changes = _changes(item, _department_values(data, item))
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


def seed_reference(*, overwrite: bool = False, actor: User | None = None) -> SeedResult:
    """Create the shipped classifications and departments that are missing.

    Existing rows are left as they are (administrators may have corrected them) unless ``overwrite``,
    which resets their names and salaries to the shipped values. Safe to run again.
    """
    cls_counts = [0, 0, 0]
    existing_cls = {(c.group, c.level): c for c in db.session.scalars(select(Classification))}
    for row in shipped_classifications():
        values = _classification_values(row, existing_cls.get((row.group.upper(), row.level)))
        item = existing_cls.get((values["group"], values["level"]))
        if item is None:
            item = Classification(**values)
            db.session.add(item)
            existing_cls[(item.group, item.level)] = item
            cls_counts[0] += 1
        elif overwrite and _changes(item, values):
            cls_counts[1] += 1
        else:
            cls_counts[2] += 1
    db.session.flush()

    dep_counts = [0, 0, 0]
    existing_dep = {d.number: d for d in db.session.scalars(select(Department))}
    for dep in shipped_departments():
        current = existing_dep.get(dep.number)
        values = _department_values(dep, current)
        if current is None:
            current = Department(**values)
            db.session.add(current)
            existing_dep[current.number] = current
            dep_counts[0] += 1
        elif overwrite and _changes(current, values):
            dep_counts[1] += 1
        else:
            dep_counts[2] += 1
    db.session.flush()

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
