"""Files written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path"]


def _default_mode() -> int:
    """The permissions a new file gets from ``open`` under the process's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write the file to, put in its place at the end.

    When the ``with`` block ends normally the temporary file is renamed over ``path`` (one
    atomic step on the same file system, with the permissions a new file would get); when it
    raises, the temporary file is removed and ``path`` is left as it was. Readers therefore
    see the old file or the new one, never half of one. A folder that does not exist raises
    :class:`FileNotFoundError` before anything is written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from trustops.io import atomic_path
    >>> folder = tempfile.TemporaryDirectory()
    >>> target = Path(folder.name, "report.csv")
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("area,n\\nriverside,12\\n")
    >>> target.read_text()
    'area,n\\nriverside,12\\n'
    >>> try:
    ...     with atomic_path(target) as temporary:
    ...         _ = temporary.write_text("half a fi")
    ...         raise OSError("disk full")
    ... except OSError:
    ...     pass
    >>> target.read_text(), sorted(p.name for p in Path(folder.name).iterdir())
    ('area,n\\nriverside,12\\n', ['report.csv'])
    >>> folder.cleanup()
    """
    target = Path(path)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _default_mode())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
