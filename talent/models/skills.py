"""The skills library: skills grouped in families, each bilingual, technical or behavioural."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talent.extensions import Model, db
from talent.i18n import rendering_language
from talent.models._types import UTCDateTime, utcnow

skill_families = Table(
    "skill_families",
    db.metadata,
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
)


class SkillFamily(Model):
    """A family of skills: an ESCO skill group (with its parent) or a GC Digital Talent family."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="local")  # esco, gc or local
    name_en: Mapped[str] = mapped_column(String(255))
    name_fr: Mapped[str | None] = mapped_column(String(255))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="SET NULL"), index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[SkillFamily | None] = relationship(remote_side=[id])
    skills: Mapped[list[Skill]] = relationship(secondary=skill_families, back_populates="families")

    def name(self, locale: str | None = None) -> str:
        """The name in ``locale``, by default the page's language (never the account's)."""
        lang = locale or rendering_language()
        return (self.name_fr if lang == "fr" and self.name_fr else self.name_en) or self.key


class Skill(Model):
    """One skill. Retired skills stay on old profiles but cannot be newly chosen; a merged skill points
    to the skill that replaced it."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(16), default="local")
    uri: Mapped[str | None] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    name_fr: Mapped[str | None] = mapped_column(String(255))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    keywords_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords_fr: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(16), default="technical", index=True)
    # The ESCO hierarchy path (top group to deepest), used by the matching engine for relatedness.
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lower-case, accent-free names and keywords of both languages, for search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    families: Mapped[list[SkillFamily]] = relationship(secondary=skill_families, back_populates="skills")
    merged_into: Mapped[Skill | None] = relationship(remote_side=[id])

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def name(self, locale: str | None = None) -> str:
        """The name in ``locale``, by default the page's language (never the account's: a French-speaking
        candidate on an English page reads English names); English when there is no French name (see
        ``name_is_fallback``)."""
        lang = locale or rendering_language()
        return self.name_fr if lang == "fr" and self.name_fr else self.name_en

    def name_is_fallback(self, locale: str | None = None) -> bool:
        return (locale or rendering_language()) == "fr" and not self.name_fr

    def description(self, locale: str | None = None) -> str | None:
        lang = locale or rendering_language()
        return self.description_fr if lang == "fr" and self.description_fr else self.description_en

    def keywords(self, locale: str | None = None) -> list[str]:
        return list(self.keywords_fr if (locale or rendering_language()) == "fr" else self.keywords_en)

    def __repr__(self) -> str:
        return f"<Skill {self.key}>"
