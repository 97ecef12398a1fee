"""Regenerate the bundled sample data (src/trustops/sample/data/*.jsonl.gz).

Run after changing the sample generator; tests/sample/test_bundled.py fails until you do.
The gzip files carry no timestamp, so the same generator always writes the same bytes.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from trustops.io import RECORD_TYPES, write_jsonl
from trustops.sample import BUNDLED_SCALE, BUNDLED_SEED, generate

TARGET = Path(__file__).resolve().parent.parent / "src" / "trustops" / "sample" / "data"


def main() -> None:
    dataset = generate(seed=BUNDLED_SEED, scale=BUNDLED_SCALE)
    for kind in RECORD_TYPES:
        records = getattr(dataset, kind)
        path = TARGET / f"{kind}.jsonl.gz"
        if not records:
            path.unlink(missing_ok=True)
            continue
        text = io.StringIO()
        write_jsonl(records, text)
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as stream,
        ):
            stream.write(text.getvalue().encode("utf-8"))
        print(f"{path.name}: {len(records):,} records, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
