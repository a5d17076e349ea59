"""The start-up heap is collected, then frozen out of the collector's reach."""

from __future__ import annotations

import gc
import weakref

from preconsult.heap import freeze_startup_heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_garbage_is_collected_first_and_the_rest_frozen() -> None:
    a, b = _Node(), _Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    dead = weakref.ref(a)
    del a, b
    kept = [_Node() for _ in range(100)]
    try:
        frozen = freeze_startup_heap()
        assert dead() is None  # collected before freezing, not frozen forever
        assert frozen == gc.get_freeze_count() >= len(kept)
        assert not any(o is k for o in gc.get_objects(generation=2) for k in kept[:1])
    finally:
        gc.unfreeze()


def test_freezing_can_be_turned_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from preconsult.heap import freeze_wanted

    monkeypatch.delenv("PRECONSULT_FREEZE_HEAP", raising=False)
    assert freeze_wanted()
    for off in ("false", "0", "OFF"):
        monkeypatch.setenv("PRECONSULT_FREEZE_HEAP", off)
        assert not freeze_wanted()
