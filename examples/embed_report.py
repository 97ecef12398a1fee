"""Embed trustops in another tool: compute a trust report from records and write it as HTML.

Run: python examples/embed_report.py  (needs the ``report`` extra: pip install 'trustops[report]')

The computation (``build_report``) and the rendering (``render_html``) are separate, so a
tool can use the figures directly (here: print each area's latest index and what made it) and
also hand people the self-contained HTML file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from trustops.privacy import DEFAULT_POLICY
from trustops.report import build_report, write_html
from trustops.sample import generate


def main() -> None:
    dataset = generate(seed=7, scale=0.2)  # stands in for records from your own system
    report = build_report(dataset, policy=DEFAULT_POLICY, period="quarter", title="Weekly digest")
    for result in report.index.latest:
        where = f"{result.area} {result.period}"
        if result.index is None:
            print(f"{where}: withheld ({result.withheld})")
            continue
        parts = ", ".join(
            f"{part.name} {part.contribution:.1f}"
            for part in result.components
            if part.contribution is not None
        )
        print(f"{where}: {result.index:.1f} = {parts}")
    print(f"model {report.methods.model.name} {report.methods.model.version}")
    with tempfile.TemporaryDirectory() as folder:
        path = write_html(report, Path(folder) / "digest.html")
        size = path.stat().st_size
        assert "<script" not in path.read_text(encoding="utf-8")
    print(f"wrote a self-contained report of {size:,} bytes")


if __name__ == "__main__":
    main()
