"""Triage core: symptom extraction, red flags, urgency, department routing and the pre-consultation summary.

```python
from preconsult.triage import get_engine, TriageRequest
result = get_engine().assess(TriageRequest(text="胸口疼两个小时，出冷汗", age=58, sex="male"))
```
Nothing is loaded at import time; ``get_engine()`` builds the engine once.
"""

from preconsult.triage.engine import TriageEngine, get_engine
from preconsult.triage.models import (
    DepartmentScore,
    PreconsultSummary,
    RedFlagHit,
    SymptomMention,
    TriageRequest,
    TriageResult,
)

__all__ = [
    "DepartmentScore",
    "PreconsultSummary",
    "RedFlagHit",
    "SymptomMention",
    "TriageEngine",
    "TriageRequest",
    "TriageResult",
    "get_engine",
]
