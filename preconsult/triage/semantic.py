"""Semantic back-off for routing: when no symptom, disease or keyword of the knowledge files is
found in a message, the departments of the knowledge phrases nearest in meaning route it.

The phrases are the symptoms' names and first synonyms (with their department weights) and the
clauses of each department's ``treats``; their e5 vectors are built once by
``preconsult knowledge build`` into ``PRECONSULT_DATA_DIR/triage/`` and reloaded while the
knowledge is unchanged (a fingerprint of the phrases names the file). A message is cut into
clauses; each clause votes with its ``NEIGHBOURS`` nearest phrases, weighted by similarity to the
power ``SHARPNESS`` (near matches count, loose ones hardly). Deterministic: the same text and the
same vectors give the same departments.

Pure core: the embedding function is passed in (``preconsult.answers.embedder`` in production,
a fake in tests).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.schemas import Department, LocalizedText, Symptom

__all__ = [
    "NEIGHBOURS",
    "SemanticRouter",
    "build_router",
    "load_or_build_router",
    "router_phrases",
]

Vectors = npt.NDArray[np.float32]
EmbedMany = Callable[[Sequence[str]], Vectors]

SYNONYMS_PER_SYMPTOM = 4  # a symptom's name, English name and first synonyms carry its meaning
NEIGHBOURS = 8  # nearest phrases that vote, per clause
SHARPNESS = 8  # similarity ** SHARPNESS: e5 similarities are bunched (0.75-0.95)
MAX_CLAUSES = 6
_CLAUSE = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True)
class Phrase:
    text: str
    label: LocalizedText  # what the reason shows: the symptom's or department's name
    weights: dict[str, float]


def router_phrases(symptoms: Sequence[Symptom], departments: dict[str, Department]) -> list[Phrase]:
    """The phrases the router compares messages with, in a stable order."""
    out: list[Phrase] = []
    for s in symptoms:
        texts = [s.name.zh_CN, s.name.en, *s.synonyms[:SYNONYMS_PER_SYMPTOM], *s.en_synonyms[:1]]
        for text in dict.fromkeys(t for t in texts if t):
            out.append(Phrase(text, s.name, dict(s.departments)))
    for code, dept in departments.items():
        for clause in re.split(r"[、，,；;]", dept.treats or ""):
            clause = clause.strip()
            if len(clause) >= 2:
                out.append(Phrase(clause, dept.name, {code: 1.0}))
    return out


def fingerprint(phrases: Sequence[Phrase], model: str) -> str:
    payload = json.dumps(
        [model, [(p.text, sorted(p.weights.items())) for p in phrases]], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class SemanticRouter:
    """Nearest knowledge phrases -> department weights for one message."""

    def __init__(self, phrases: Sequence[Phrase], vectors: Vectors, embed: EmbedMany) -> None:
        if len(phrases) != len(vectors):
            raise ValueError(f"{len(phrases)} phrases but {len(vectors)} vectors")
        self.phrases = list(phrases)
        self.vectors = vectors
        self._embed = embed

    def route(self, text: str) -> tuple[dict[str, float], LocalizedText] | None:
        """Department weights and the label of the single nearest phrase, or None."""
        clauses = [c.strip() for c in _CLAUSE.split(text) if len(c.strip()) >= 2][:MAX_CLAUSES]
        if not clauses or not self.phrases:
            return None
        queries = np.asarray(self._embed(clauses), dtype=np.float32).reshape(len(clauses), -1)
        similarity = queries @ self.vectors.T
        scores: dict[str, float] = defaultdict(float)
        best = (-1.0, 0)
        for row in similarity:
            # stable order: ties keep the knowledge order
            nearest = np.argsort(-row, kind="stable")[:NEIGHBOURS]
            for i in nearest:
                sim = float(row[i])
                best = max(best, (sim, -int(i)))
                weights = self.phrases[i].weights
                total = sum(weights.values())
                for code, weight in weights.items():
                    scores[code] += max(sim, 0.0) ** SHARPNESS * weight / total
        if not scores:
            return None
        return dict(scores), self.phrases[-best[1]].label


def build_router(
    phrases: Sequence[Phrase], embed_passages: EmbedMany, embed: EmbedMany
) -> SemanticRouter:
    vectors = np.asarray(embed_passages([p.text for p in phrases]), dtype=np.float32)
    return SemanticRouter(phrases, vectors.reshape(len(phrases), -1), embed)


def load_or_build_router(
    phrases: Sequence[Phrase],
    cache_dir: Path,
    model: str,
    embed: EmbedMany,
    embed_passages: EmbedMany | None = None,
) -> SemanticRouter | None:
    """The router from ``cache_dir`` when its vectors match these phrases and model; else built
    and saved when ``embed_passages`` is given, else None (routing works without it)."""
    path = cache_dir / f"phrases-{fingerprint(phrases, model)}.npy"
    if path.exists():
        return SemanticRouter(phrases, np.load(path), embed)
    if embed_passages is None:
        return None
    router = build_router(phrases, embed_passages, embed)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, router.vectors)
    tmp.replace(path)
    return router
