"""The report on a phone: at 390 px nothing is wider than the screen (a headless browser)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from trustops.report import build_report, render_html
from trustops.sample import generate

BROWSER = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="needs a headless Chromium")

_MEASURE = """<script>
window.addEventListener("load", () => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll("figure, svg, p, h1, h2, h3, ul, dl, nav, .table-wrap")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .map((e) => e.tagName + "." + e.className);
  const note = parent.document.createElement("p");
  note.id = "measured";
  note.setAttribute("data-viewport", String(width));
  note.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
  note.setAttribute("data-wide", wide.join(" "));
  parent.document.body.appendChild(note);
});
</script>"""


def _framed(html: str, width: int, height: int) -> str:
    """The report in a frame ``width`` CSS pixels wide: a phone's screen, since a headless
    browser's own window is never narrower than 500 px."""
    return (
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe style="border:0;width:{width}px;height:{height}px" srcdoc="'
        + escape(html.replace("</body>", _MEASURE + "</body>"), quote=True)
        + '"></iframe></body></html>'
    )


def _browser(*arguments: str) -> str:
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, "--headless=new", "--no-sandbox", "--disable-gpu", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(build_report(generate(scale=0.2), period="month"))


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_is_wider_than_the_screen(html: str, width: int, tmp_path: Path) -> None:
    page = tmp_path / "framed.html"
    page.write_text(_framed(html, width, 2000), encoding="utf-8")
    dom = _browser(
        f"--window-size={max(width, 500) + 20},2100",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page.as_uri(),
    )
    measured = re.search(r'<p id="measured"[^>]*>', dom)
    assert measured is not None, dom[-500:]
    found = dict(re.findall(r'data-(viewport|scroll-width|wide)="([^"]*)"', measured.group()))
    assert found["viewport"] == str(width)
    assert int(found["scroll-width"]) <= width, found
    assert found["wide"] == ""


def test_a_phone_screenshot(html: str, tmp_path: Path) -> None:
    page = tmp_path / "framed.html"
    page.write_text(_framed(html, 390, 3000), encoding="utf-8")
    shot = tmp_path / "phone.png"
    _browser("--window-size=520,3000", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000
