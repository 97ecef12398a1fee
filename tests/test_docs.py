"""The docs run as shown: each page's visible code blocks, in order, in a fresh folder.

A reader copies the blocks of a page one after the other, in an empty folder, with nothing
else defined: so does this test. ``{doctest}`` blocks and ``>>>`` examples are run and their
output checked (as Sphinx's doctest builder does, but without its global setup), other
``python`` blocks are executed, and the ``trustops`` commands of ``sh`` and ``console``
blocks are run through the command line's test runner. No page may hide setup code from
the reader (``{testsetup}``). What cannot run here is skipped by name, with the reason:
Spark jobs (they need Java and a cluster), installation commands, and commands that read
files the reader brings.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path
from typing import Any, Final

import pytest
from click.testing import CliRunner

ROOT: Final = Path(__file__).resolve().parent.parent
PAGES: Final = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")],
    key=lambda path: str(path.relative_to(ROOT)),
)
FENCE: Final = re.compile(r"^```([^\s`]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
HIDDEN: Final = ("{testsetup}", "{testcleanup}", ":hide:")
FLAGS: Final = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1

SKIPPED_BLOCKS: Final = {
    "docs/how-to/run-on-spark.md": "a Spark job: needs Java 17+ and a cluster or local Spark",
    "docs/explanation/spark.md": "Spark: needs Java 17+",
}
"""Pages whose code is not run here, with the reason (their doctests run where Spark is)."""

COMMAND: Final = re.compile(r"^(?:\$ )?(?:\.venv/bin/)?trustops(?:\s|$)")


def blocks(page: Path) -> list[tuple[str, str]]:
    """The fenced code blocks of ``page``, in order, as (language, text)."""
    return [(match.group(1), match.group(2)) for match in FENCE.finditer(page.read_text("utf-8"))]


def commands(text: str) -> list[str]:
    """The ``trustops`` commands of a shell block: prompts, comments and line continuations
    resolved; other commands (pip, git, python) and pipelines are left out."""
    found: list[str] = []
    joined = re.sub(r"\\\n\s*", " ", text)
    for raw in joined.splitlines():
        line = raw.strip()
        if not COMMAND.match(line) or "|" in line:
            continue
        words = shlex.split(line.removeprefix("$ "), comments=True)
        found.append(" ".join(shlex.quote(word) for word in words[1:]))
    return found


def _run_doctest(text: str, names: dict[str, Any], where: str) -> None:
    test = doctest.DocTestParser().get_doctest(text, names, where, where, 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, clear_globs=False)
    names.update(test.globs)  # the test ran in a copy: the next block sees what this one made
    failed = runner.summarize(verbose=False).failed
    assert not failed, f"{where}: {failed} example(s) failed (output above)"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_runs_as_shown(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from trustops.cli import get_command

    name = str(page.relative_to(ROOT))
    text = page.read_text("utf-8")
    for hidden in HIDDEN:
        assert hidden not in text, f"{name} hides code from its reader ({hidden})"
    found = blocks(page)
    if name in SKIPPED_BLOCKS:
        pytest.skip(SKIPPED_BLOCKS[name])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    names: dict[str, Any] = {"__name__": "__docs__"}
    for position, (language, code) in enumerate(found, start=1):
        where = f"{name}, block {position}"
        if language == "{doctest}" or (language == "python" and ">>>" in code):
            _run_doctest(code, names, where)
        elif language == "python":
            exec(compile(code, where, "exec"), names)
        elif language in ("sh", "console", "bash"):
            for command in commands(code):
                result = CliRunner().invoke(get_command(), shlex.split(command))
                assert result.exception is None or isinstance(result.exception, SystemExit), (
                    f"{where}: trustops {command}: {result.exception!r}"
                )
                allowed = (0, 1) if command.startswith("validate ") else (0,)  # 1: problems
                assert result.exit_code in allowed, (
                    f"{where}: trustops {command} exited {result.exit_code}: {result.output}"
                )
    capsys.readouterr()


def test_commands_are_found_as_a_reader_types_them() -> None:
    shell = (
        "$ trustops metrics data/ --by area \\\n    --format csv  # a comment\n"
        ".venv/bin/trustops sample data/\n"
        "pip install -e '.[duckdb]'\n"
        "cat new.jsonl | trustops validate - --type interactions\n"
    )
    assert commands(shell) == ["metrics data/ --by area --format csv", "sample data/"]
