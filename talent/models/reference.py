"""Reference data kept by administrators: classifications and departments."""

from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talent.extensions import Model
from talent.i18n import rendering_language


def classification_code(group: str | None, level: int | None) -> str | None:
    """``IT-03`` for group ``IT`` and level 3 (None without a group): for rows read as columns."""
    return f"{group}-{level:02d}" if group and level is not None else None


class Classification(Model):
    """A group and level of the public service's occupational classification (IT-03, EC-05...)."""

    __tablename__ = "classifications"
    __table_args__ = (UniqueConstraint("group", "level", name="uq_classifications_group_level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(8))
    level: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(255))
    name_fr: Mapped[str] = mapped_column(String(255))
    min_salary: Mapped[int | None] = mapped_column(Integer)
    max_salary: Mapped[int | None] = mapped_column(Integer)

    @property
    def code(self) -> str:
        return f"{self.group}-{self.level:02d}"  # classification_code, for a loaded row

    def name(self, locale: str | None = None) -> str:
        """The name in ``locale``, by default the page's language (never the account's)."""
        return self.name_fr if (locale or rendering_language()) == "fr" else self.name_en


class Department(Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name_en: Mapped[str] = mapped_column(String(255))
    name_fr: Mapped[str] = mapped_column(String(255))

    def name(self, locale: str | None = None) -> str:
        """The name in ``locale``, by default the page's language (never the account's)."""
        return self.name_fr if (locale or rendering_language()) == "fr" else self.name_en
