"""Regenerate the report's pictures in the README and the docs from the README's command.

Runs ``trustops report --out report.html`` (the README's first command, on the bundled
programme) with ``--data``, takes headless Chromium screenshots of its first screen at
1280 × 900 (``docs/_static/report-laptop.png``) and of its first two screens at 390 px
(``docs/_static/report-phone.png``), and writes the headline figures the pictures show to
``docs/_static/report-headline.json``. ``tests/test_pictures.py`` fails when those differ from
what the command writes today: rerun this script after a change that moves them.

Needs Chromium (``apt-get install -y chromium``) and the ``report`` extra.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "docs" / "_static"
COMMAND = ("report", "--out", "report.html")
"""The README's command, after ``.venv/bin/trustops``."""
HEADLINE = STATIC / "report-headline.json"


def headline(figures: list[dict[str, object]]) -> dict[str, object]:
    """The figures a reader sees in the pictures: the programme-wide index and its change,
    and each initiative kind's line of "what works here" (as the page writes them)."""
    found: dict[str, object] = {"command": "trustops " + " ".join(COMMAND)}
    for record in figures:
        if record["section"] == "summary" and record["figure"] == "trust_index":
            found["index"] = record["text"]
            found["period"] = record["period"]
        elif record["section"] == "why" and record["figure"] == "trust_index_change":
            found["change"] = record["text"]
    found["what_works"] = [
        f"{record['subject']}: {record['text']}"
        for record in figures
        if record["section"] == "summary" and str(record["figure"]).startswith("effect_on_")
    ]
    return found


def _browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("needs Chromium: apt-get install -y chromium")
    return found


def _shoot(page: Path, shot: Path, window: tuple[int, int], profile: Path) -> None:
    subprocess.run(
        [
            _browser(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars",
            f"--window-size={window[0]},{window[1]}", f"--screenshot={shot}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


def main() -> None:
    from PIL import Image

    trustops = Path(sys.executable).with_name("trustops")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        subprocess.run(
            [str(trustops), *COMMAND, "--data", "figures.json"], cwd=work, check=True, timeout=600
        )
        page = work / "report.html"
        figures = json.loads((work / "figures.json").read_text(encoding="utf-8"))["figures"]
        _shoot(page, STATIC / "report-laptop.png", (1280, 900), work / "profile")
        # a headless window is never narrower than 500 px: the phone is a 390 px frame in it
        framed = work / "phone.html"
        framed.write_text(
            '<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:390px;'
            'height:1800px" srcdoc="'
            + html.escape(page.read_text(encoding="utf-8"), quote=True)
            + '"></iframe></body></html>',
            encoding="utf-8",
        )
        raw = work / "phone.png"
        _shoot(framed, raw, (520, 1800), work / "profile")
        with Image.open(raw) as image:
            image.crop((0, 0, 390, 1800)).save(STATIC / "report-phone.png", optimize=True)
    HEADLINE.write_text(
        json.dumps(headline(figures), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {STATIC / 'report-laptop.png'}, {STATIC / 'report-phone.png'} and {HEADLINE}")


if __name__ == "__main__":
    main()
