"""Guardrails of the answer core: input checks before retrieval, output checks on LLM answers."""

from preconsult.answers.guardrails.input import InputVerdict, check_input, looks_health_related
from preconsult.answers.guardrails.output import OutputCheck, check_output

__all__ = ["InputVerdict", "OutputCheck", "check_input", "check_output", "looks_health_related"]
