"""Files written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

__all__ = ["atomic_path", "without_surrogates", "write_text"]


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
    see the old file or the new one, never half of one. A file that exists keeps its
    permissions (a ``0600`` file stays ``0600``); a symbolic link is followed and the file it
    points to is replaced, the link kept; a path that is not a regular file (a FIFO, a device
    such as ``/dev/null`` or ``/dev/stdout``) is written through directly, never replaced. A
    folder that does not exist raises :class:`FileNotFoundError` before anything is
    written.

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
    target = Path(os.path.realpath(path))  # a symlink's target is replaced, not the link
    try:
        status = target.stat()
    except FileNotFoundError:
        mode = _default_mode()
    else:
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device: write through it
            yield target
            return
        mode = stat.S_IMODE(status.st_mode)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


_SURROGATE: Final = re.compile("[\\ud800-\\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (�), so it can be written as UTF-8.

    Python keeps the bytes of a file name or an argument that are not UTF-8 as lone
    surrogates (``dir\\xff`` is ``'dir\\udcff'``); written out, they are shown as the
    replacement character rather than failing the write.

    >>> from trustops.io import without_surrogates
    >>> without_surrogates("T\\udcff report")
    'T\\ufffd report'
    """
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def write_text(path: str | os.PathLike[str], text: str, *, newline: str | None = None) -> Path:
    """Write ``text`` to ``path`` as UTF-8, whole or not at all (see :func:`atomic_path`);
    lone surrogates are written as U+FFFD (see :func:`without_surrogates`). ``newline`` is
    as for the built-in ``open``. Returns the path written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from trustops.io import write_text
    >>> folder = tempfile.TemporaryDirectory()
    >>> write_text(Path(folder.name, "t.txt"), "T\\udcff").read_text(encoding="utf-8")
    'T\\ufffd'
    >>> folder.cleanup()
    """
    with atomic_path(path) as temporary:
        temporary.write_text(without_surrogates(text), encoding="utf-8", newline=newline)
    return Path(path)
