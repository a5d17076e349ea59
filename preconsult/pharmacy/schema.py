"""Pydantic models of the drug label entries in ``knowledge/drugs/*.yml``.

Every fact a pharmacy answer shows comes from one of these entries; code never adds its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "Cautions",
    "ClassWord",
    "Complaint",
    "Drug",
    "DrugClass",
    "Ingredient",
    "Interaction",
    "LocalName",
    "Usage",
]

DrugClass = Literal["otc_a", "otc_b", "rx"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class LocalName(_Model):
    """A name shown to users, in every locale."""

    zh_cn: str = Field(alias="zh-CN")
    zh_tw: str = Field(alias="zh-TW")
    en: str

    def get(self, locale: str) -> str:
        return {"zh-TW": self.zh_tw, "en": self.en}.get(locale, self.zh_cn)


class Ingredient(_Model):
    """An active ingredient (id shared across products) with its amount per unit, if known."""

    id: str
    name: str
    amount: str | None = None


class Usage(_Model):
    """Usage and dose exactly as the label words it."""

    adult: str
    child: str | None = None
    min_age_years: float | None = Field(
        default=None,
        description="Youngest age the label gives a self-medication dose for; None = no limit stated",
    )
    max_days: str | None = None


class Cautions(_Model):
    pregnancy: str | None = None
    lactation: str | None = None
    children: str | None = None
    elderly: str | None = None
    liver: str | None = None
    kidney: str | None = None
    driving: str | None = None
    alcohol: str | None = None


class Interaction(_Model):
    """Another drug id, or ``class:<tag>``, and why the combination matters (label wording)."""

    with_: list[str] = Field(alias="with", min_length=1)
    why: str
    severity: Literal["avoid", "caution"] = "caution"


class Drug(_Model):
    """One drug label entry."""

    id: str
    name: LocalName
    aliases: list[str] = []
    drug_class: DrugClass = Field(alias="class")
    tags: list[str] = []
    forms: list[str] = Field(min_length=1)
    ingredients: list[Ingredient] = []
    indications: str
    usage: Usage
    contraindications: list[str] = []
    cautions: Cautions = Cautions()
    side_effects: list[str] = []
    interactions: list[Interaction] = []
    storage: str | None = None
    source: str

    @field_validator("id")
    @classmethod
    def _snake_id(cls, value: str) -> str:
        if not value.replace("_", "").isalnum() or value.lower() != value:
            raise ValueError(f"drug id {value!r} must be lower snake_case ASCII")
        return value

    @property
    def ingredient_ids(self) -> list[str]:
        """Active ingredient ids; a single-ingredient product is its own ingredient."""
        return [i.id for i in self.ingredients] or [self.id]

    def ingredient_name(self, ingredient_id: str) -> str:
        for ing in self.ingredients:
            if ing.id == ingredient_id:
                return ing.name
        return self.name.zh_cn


class Complaint(_Model):
    """A minor complaint customers ask an OTC for, and which label entries list it."""

    id: str
    name: LocalName
    keywords: list[str] = Field(min_length=1)
    drugs: list[str] = Field(min_length=1)
    note: str | None = None
    source: str


class ClassWord(_Model):
    """How customers name a group of drugs ("降压药"), mapped to the ``tags`` of its members."""

    id: str
    name: LocalName
    keywords: list[str] = Field(min_length=1)
