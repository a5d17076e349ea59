"""The drug label knowledge base is complete enough to answer from and internally consistent."""

from __future__ import annotations

import re

from preconsult.pharmacy import get_drug_book
from preconsult.pharmacy.matcher import normalize

_NUMBER_AND_UNIT = re.compile(r"\d")


def test_at_least_150_drugs_with_sources() -> None:
    book = get_drug_book()
    assert len(book.drugs) >= 150
    assert all(d.source.strip() for d in book.drugs.values())


def test_every_class_file_is_present() -> None:
    files = set(get_drug_book().files.values())
    for name in (
        "analgesics_antipyretics.yml",
        "cold_cough.yml",
        "antihistamines.yml",
        "digestive.yml",
        "topical_skin.yml",
        "eye_ear.yml",
        "vitamins_minerals.yml",
        "womens.yml",
        "antihypertensives.yml",
        "diabetes.yml",
        "lipids.yml",
        "antiplatelet_anticoag.yml",
        "antibiotics_rx.yml",
        "respiratory_rx.yml",
        "tcm_otc.yml",
    ):
        assert name in files


def test_no_name_or_alias_points_at_two_drugs() -> None:
    owners: dict[str, set[str]] = {}
    for drug in get_drug_book().drugs.values():
        for form in (drug.name.zh_cn, drug.name.zh_tw, drug.name.en, *drug.aliases):
            owners.setdefault(normalize(form), set()).add(drug.id)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def test_prescription_drugs_say_follow_the_doctor() -> None:
    for drug in get_drug_book().drugs.values():
        if drug.drug_class == "rx":
            assert "遵医嘱" in drug.usage.adult or "按说明书" in drug.usage.adult, drug.id


def test_common_cold_products_declare_paracetamol() -> None:
    book = get_drug_book()
    for drug_id in (
        "paracetamol_amantadine",
        "ganmaoling_granules",
        "vc_yinqiao_tablets",
        "paracetamol_pseudoephedrine_dextromethorphan_chlorphenamine",
    ):
        assert "paracetamol" in book.drugs[drug_id].ingredient_ids


def test_compound_ingredient_amounts_carry_units() -> None:
    for drug in get_drug_book().drugs.values():
        for ingredient in drug.ingredients:
            if ingredient.amount and _NUMBER_AND_UNIT.search(ingredient.amount):
                assert re.search(r"\d(?:\.\d+)?\s*(mg|g|ml|单位)", ingredient.amount), (
                    drug.id,
                    ingredient,
                )
