"""Pharmacy core: drug label knowledge, medication Q&A, interaction checks, pharmacist handoff.

``get_pharmacist()`` is the cached entry point used by ``preconsult.router``; nothing is loaded
at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from preconsult.pharmacy.engine import Pharmacist
    from preconsult.pharmacy.loader import DrugBook

__all__ = ["get_drug_book", "get_pharmacist"]


@lru_cache(maxsize=1)
def get_drug_book() -> DrugBook:
    """All of ``knowledge/drugs``, validated and cross-checked (loaded once)."""
    from preconsult.pharmacy.loader import load_drug_book

    return load_drug_book()


@lru_cache(maxsize=1)
def get_pharmacist() -> Pharmacist:
    """The process-wide pharmacist over :func:`get_drug_book`, screening with the triage engine."""
    from preconsult.pharmacy.engine import Pharmacist

    return Pharmacist(get_drug_book())
