"""Embed trustops in an ingest job: load a folder of record files, report rejects and problems.

Writes the sample programme to a temporary folder, damages two records the way real exports
do, then loads the folder as an ingest job would and prints what was accepted and why the rest
was not. Run it with ``python examples/load_and_validate.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from trustops.io import read_dataset, write_dataset
from trustops.sample import generate


def damage(path: Path) -> None:
    """Break two lines of a JSONL export: a naive timestamp and an unknown interaction kind."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("+00:00", "").replace("+01:00", "").replace("+09:00", "")
    lines[5] = lines[5].replace('"kind":"', '"kind":"x-')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        written = write_dataset(generate(scale=0.05), folder)
        damage(written["interactions"])

        load = read_dataset(folder)
        for kind, counts in load.counts.items():
            print(f"{kind:13} accepted {counts.accepted:6,}  rejected {counts.rejected}")
        print()
        for reject in load.rejects:
            print(f"{Path(reject.source).name}:{reject.line}: {reject.path}: {reject.message}")
        problems = load.dataset.problems()
        print(f"\n{len(problems)} cross-record problem(s)")
        assert len(load.rejects) == 2, "the two damaged lines are the only rejects"


if __name__ == "__main__":
    main()
