"""Start the action server after loading the engines, so /health means "ready to answer".

`python -m actions.serve --port 5055` accepts every option of `python -m rasa_sdk`.
"""

from __future__ import annotations

import logging
import time

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from preconsult.heap import freeze_startup_heap, freeze_wanted

__all__ = ["main"]

log = logging.getLogger(__name__)


def preload() -> None:
    """Load the triage engine and the answer router (knowledge, indexes) once, before serving."""
    started = time.monotonic()
    from preconsult.router import get_assistant
    from preconsult.triage import get_engine

    get_engine()
    _ = get_assistant().engine  # the answer index and embedding model
    log.info("engines loaded in %.1fs", time.monotonic() - started)


def main() -> None:
    args = create_argument_parser().parse_args()
    if not args.actions:
        args.actions = "actions"
    logging.basicConfig(level=logging.INFO)
    preload()
    if freeze_wanted():
        freeze_startup_heap()  # the engines are permanent: full collections skip them
    main_from_args(args)


if __name__ == "__main__":
    main()
