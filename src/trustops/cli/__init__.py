"""The ``trustops`` command: sample data, validate records, compute metrics and scores, and
write the HTML report.

Needs the optional ``cli`` extra (click and rich): from a clone, ``pip install -e '.[cli]'``. Without
it, running ``trustops`` prints what to install (:class:`~trustops.MissingExtraError`).
Run ``trustops --help`` for the commands, or see the CLI reference.
"""

from __future__ import annotations

from ._main import get_command, main

__all__ = ["get_command", "main"]
