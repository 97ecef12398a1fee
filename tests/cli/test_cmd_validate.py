"""trustops validate: summary, rejects, exit status 0/1/2, files, folders and stdin."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustops.cli import get_command
from trustops.cli._cmd_validate import EXAMPLES

AREA = '{"id": "a", "name": "A", "timezone": "UTC"}\n'
BAD_AREA = '{"id": "b", "name": "B", "timezone": "UTC", "population": "lots"}\n'
INTERACTION = (
    '{"id": "i1", "occurred_at": "2026-03-01T10:00:00Z", "area_id": "%s", '
    '"kind": "conversation", "initiator": "staff", "channel": "phone"}\n'
)


def test_clean_folder(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["validate", str(sample_dir)])
    assert result.exit_code == 0, result.output
    assert "0 rejected" in result.output
    assert "0 problem(s) between records" in result.output


def test_bad_record_exits_1_and_lists_it(runner: CliRunner, tmp_path: Path) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_text(AREA + "\n" + BAD_AREA + "{oops\n", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(get_command(), ["validate", str(areas), "--rejects", str(rejects)])
    assert result.exit_code == 1
    out = result.output
    assert "1 record(s) accepted, 2 rejected, 1 blank line(s) skipped" in out
    assert "Rejected by reason:" in out
    assert "$.population: expected a whole number" in out
    assert f"{areas}:3: $.population: expected a whole number >= 0, got 'lots'" in out
    assert f"{areas}:4: $: invalid JSON" in out
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["path"]) for r in lines] == [(3, "$.population"), (4, "$")]
    assert lines[0]["raw"] == BAD_AREA.strip()
    assert "Traceback" not in out


def test_problems_between_records_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "areas.jsonl").write_text(AREA, encoding="utf-8")
    (tmp_path / "interactions.jsonl").write_text(INTERACTION % "zz", encoding="utf-8")
    result = runner.invoke(get_command(), ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "Problems between records, by kind:" in result.output
    assert "Interaction 'i1': area_id: refers to area 'zz'" in result.output


def test_problems_between_records_are_grouped_by_kind_with_few_examples(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "areas.jsonl").write_text(AREA, encoding="utf-8")
    text = "".join((INTERACTION % f"z{n}").replace('"i1"', f'"i{n}"', 1) for n in range(50))
    (tmp_path / "interactions.jsonl").write_text(text, encoding="utf-8")
    result = runner.invoke(get_command(), ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "50 problem(s) between records" in result.output
    assert "    50  Interaction: area_id: refers to area '…'" in result.output
    assert result.output.count("refers to area 'z") == EXAMPLES
    assert f"... and {50 - EXAMPLES} more" in result.output


def test_stdin_with_type(runner: CliRunner) -> None:
    result = runner.invoke(
        get_command(), ["validate", "-", "--type", "areas"], input=AREA + BAD_AREA
    )
    assert result.exit_code == 1
    assert "<stdin>:2: $.population: expected a whole number" in result.output
    ok = runner.invoke(get_command(), ["validate", "-", "--type", "areas"], input=AREA)
    assert ok.exit_code == 0


def test_stdin_without_type_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(get_command(), ["validate", "-"], input=AREA)
    assert result.exit_code == 2
    assert "needs --type" in result.output


def test_missing_file_exits_2_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(get_command(), ["validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_unknown_file_name_and_suffix(runner: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "things.jsonl"
    odd.write_text(AREA, encoding="utf-8")
    result = runner.invoke(get_command(), ["validate", str(odd)])
    assert result.exit_code == 2
    assert "cannot tell the record type" in result.output
    assert runner.invoke(get_command(), ["validate", str(odd), "--type", "areas"]).exit_code == 0
    text = tmp_path / "areas.txt"
    text.write_text(AREA, encoding="utf-8")
    result = runner.invoke(get_command(), ["validate", str(text)])
    assert result.exit_code == 2
    assert "unknown format" in result.output


def test_type_with_a_folder_is_a_usage_error(runner: CliRunner, sample_dir: Path) -> None:
    result = runner.invoke(get_command(), ["validate", str(sample_dir), "--type", "areas"])
    assert result.exit_code == 2
    assert "--type applies to record files" in result.output


def test_folder_with_two_files_of_a_kind(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "areas.jsonl").write_text(AREA, encoding="utf-8")
    (tmp_path / "areas.csv").write_text("id,name,timezone\na,A,UTC\n", encoding="utf-8")
    result = runner.invoke(get_command(), ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "more than one file for areas" in result.output


def test_unreadable_utf8_is_a_reject_not_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_bytes(b'{"id": "\xff"}\n')
    result = runner.invoke(get_command(), ["validate", str(areas)])
    assert result.exit_code == 1
    assert "invalid UTF-8" in result.output


def test_quiet_and_rejects_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_text(BAD_AREA, encoding="utf-8")
    quiet = runner.invoke(get_command(), ["-q", "validate", str(areas)])
    assert (quiet.exit_code, quiet.output) == (1, "")
    piped = runner.invoke(get_command(), ["validate", str(areas), "--rejects", "-"])
    assert piped.exit_code == 1
    assert json.loads(piped.stdout.splitlines()[0])["path"] == "$.population"
    assert "Rejected by reason:" in piped.stderr


def test_rejects_path_unwritable_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    areas = tmp_path / "areas.jsonl"
    areas.write_text(AREA, encoding="utf-8")
    target = tmp_path / "no" / "such" / "dir.jsonl"
    result = runner.invoke(get_command(), ["validate", str(areas), "--rejects", str(target)])
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_a_parquet_file_is_validated_with_the_supported_ranges(
    runner: CliRunner, tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    populations = pa.array([900, 10**11], pa.int64())
    table = pa.table({"id": ["a", "b"], "name": ["A", "B"], "timezone": ["UTC", "UTC"],
                      "population": populations})  # fmt: skip
    pq.write_table(table, tmp_path / "areas.parquet")
    result = runner.invoke(get_command(), ["validate", str(tmp_path / "areas.parquet")])
    assert result.exit_code == 1
    assert "1 record(s) accepted, 1 rejected" in result.output
    assert "areas.parquet:2: $.population: expected a population of at most" in result.output


def _lines(count: int, area: str = "zz") -> str:
    return "".join((INTERACTION % area).replace('"i1"', f'"i{n}"', 1) for n in range(count))


def test_one_record_kind_from_stdin_is_checked_for_shape_alone(runner: CliRunner) -> None:
    """The README's `cat new.jsonl | trustops validate - --type interactions`: 100 good lines
    whose areas are elsewhere are clean; what could not be checked is said."""
    result = runner.invoke(
        get_command(), ["validate", "-", "--type", "interactions"], input=_lines(100)
    )
    assert result.exit_code == 0, result.output
    assert "100 record(s) accepted, 0 rejected" in result.output
    assert "References to areas were not checked: the input holds interactions only" in (
        " ".join(result.output.split())
    )
    repeated = runner.invoke(
        get_command(), ["validate", "-", "--type", "interactions"], input=_lines(2) + _lines(1)
    )
    assert repeated.exit_code == 1
    assert "Interaction 'i0': id: duplicate id" in repeated.output


def test_one_record_file_is_checked_for_shape_alone(runner: CliRunner, tmp_path: Path) -> None:
    interactions = tmp_path / "interactions.jsonl"
    interactions.write_text(_lines(3), encoding="utf-8")
    assert runner.invoke(get_command(), ["validate", str(interactions)]).exit_code == 0
    (tmp_path / "areas.jsonl").write_text(AREA, encoding="utf-8")
    both = runner.invoke(get_command(), ["validate", str(tmp_path)])
    assert both.exit_code == 1  # two kinds: the references are checked
    assert "refers to area 'zz'" in both.output


def test_references_are_checked_against_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    known = tmp_path / "data"
    known.mkdir()
    (known / "areas.jsonl").write_text(AREA, encoding="utf-8")
    (known / "interactions.jsonl").write_text(INTERACTION.replace("i1", "old") % "gone")
    args = ["validate", "-", "--type", "interactions", "--references", str(known)]
    good = runner.invoke(get_command(), args, input=_lines(5, "a"))
    assert good.exit_code == 0, good.output
    assert "5 record(s) accepted" in good.output
    assert "not checked" not in good.output
    bad = runner.invoke(get_command(), args, input=_lines(2, "zz"))
    assert bad.exit_code == 1
    assert "Interaction 'i0': area_id: refers to area 'zz'" in bad.output
    assert "'old'" not in bad.output  # the references' own problems are not reported
    again = INTERACTION.replace("i1", "old") % "a"
    repeated = runner.invoke(get_command(), args, input=again)
    assert repeated.exit_code == 1
    assert "Interaction 'old': id: duplicate id" in repeated.output


def test_terminal_sequences_in_records_are_rejects_and_never_printed_raw(
    runner: CliRunner, tmp_path: Path
) -> None:
    areas = tmp_path / "areas.jsonl"
    osc8 = "\\u001b]8;;https://example.org\\u0007River\\u001b]8;;\\u0007side"
    areas.write_text(
        '{"id": "a1", "name": "' + osc8 + '", "timezone": "UTC", "population": 10}\n'
        '{"id": "a2", "name": "B", "timezone": "UTC", "population": 10, "\\u001b[2J": 1}\n'
        '{"id": "a3", "name": "C\\u0007", "timezone": "UTC", "population": 10}\n',
        encoding="utf-8",
    )
    result = runner.invoke(get_command(), ["validate", str(areas)], color=True)
    assert result.exit_code == 1
    assert "0 record(s) accepted, 3 rejected" in result.output
    assert f"{areas}:1: $.name: expected text without control characters" in result.output
    assert f"{areas}:2: $.\\x1b[2J: unknown field" in result.output
    assert "\x1b" not in result.output
    assert "\x07" not in result.output


def test_a_folder_name_that_is_not_utf8_is_shown_with_a_replacement(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / os.fsdecode(b"dir\xff")
    folder.mkdir()
    (folder / "areas.jsonl").write_text(AREA + "\n" + BAD_AREA, encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    rejects.write_text("", encoding="utf-8")
    rejects.chmod(0o600)
    result = runner.invoke(get_command(), ["validate", str(folder), "--rejects", str(rejects)])
    assert result.exit_code == 1, result.output
    [line] = rejects.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["source"] == str(tmp_path / "dir\ufffd" / "areas.jsonl")
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600  # --rejects keeps the file's mode
    to_stdout = runner.invoke(get_command(), ["validate", str(folder), "--rejects", "-"])
    assert to_stdout.exit_code == 1
    assert "dir\ufffd" in to_stdout.stdout
