"""
Operations Command Center - Field Declarations

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``Field``: one setting of an integration type (or one parameter of
    an action), declared once and read by validation, masking, the CLI, the
    settings form and the README table.

CHANGELOG:
- 1.0.0 (2026-12-01): Split out of base.py
"""

from dataclasses import dataclass

MASK = "********"


@dataclass(frozen=True)
class Field:
    """One setting of an integration type, declared once.

    Validation, masking, the CLI, the settings form and the README table all
    read this declaration. ``kind`` is str, url (http or https with a host),
    int, float, bool, list (of strings) or map (str -> str, e.g. WAN name ->
    gateway name). ``min``/``max`` bound numbers; ``max_len`` bounds text.
    No text field takes a control character.
    """

    name: str
    kind: str = "str"
    required: bool = False
    default: object = None
    secret: bool = False
    help: str = ""
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    max_len: int = 2048
