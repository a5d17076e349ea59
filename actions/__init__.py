"""Rasa SDK action server: thin adapters between the Rasa dialogue and the `preconsult` core.

Start it with ``python -m rasa_sdk --actions actions``: rasa_sdk imports every module of this
package and registers its actions. Nothing heavy (triage engine, answer router) is built at
import time.
"""

__all__: list[str] = []
