"""Rasa's own CLI (``rasa run ...``, run with .venv-rasa's Python) with one upstream slowness fixed.

Rasa 3.6 checks every action-server response with ``jsonschema.validate``, which validates the
*schema* again before the response on every call: ~20 ms of CPU per custom action here, more than
the rest of a turn. This starts the same CLI with a validator built once from the same schema, so a
response is checked exactly as before and a bad one fails with the same error.

    .venv-rasa/bin/python bot/serve.py run --enable-api --model models/preconsult.tar.gz
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

__all__ = ["install", "main"]


def install() -> None:
    """Replace ``RemoteAction._validate_action_result`` with a precompiled-schema equivalent."""
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    spec = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(spec)
    cls.check_schema(spec)  # what jsonschema.validate does on every call, done once
    validator = cls(spec)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:  # same message as Rasa's own
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    # bot/ holds data folders (data/, domain/, tests/) that must not shadow importable packages
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    main()
