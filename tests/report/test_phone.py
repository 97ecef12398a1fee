"""The report on a phone and a laptop, measured in a headless browser: at 390 px nothing is
wider than the screen, no text (charts included) is below 11 CSS px, every table wider than
the screen says so and keeps its key column in view, and the decision summary fits two
screens; at 1280 px it fits one, and the page before any detail is opened about eight."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from trustops.report import build_report, render_html
from trustops.sample import bundled, generate

BROWSER = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="needs a headless Chromium")

_MEASURE = """<script>
window.addEventListener("load", () => {
  const width = window.innerWidth;
  const height = document.documentElement.scrollHeight;  // before any detail is opened
  const summary = document.getElementById("summary").getBoundingClientRect();
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const shown = (e) => e.getClientRects().length > 0;
  const wide = [...document.querySelectorAll("figure, svg, p, h1, h2, h3, ul, dl, nav, .table-wrap")]
    .filter((e) => shown(e) && e.getBoundingClientRect().right > width + 0.5)
    .map((e) => e.tagName + "." + e.className);
  // then, every detail open: the rendered size of every visible text: HTML text by its computed size, SVG text by its
  // size times the scale the SVG is drawn at
  const small = [];
  let smallest = 1000;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || !shown(element)) continue;
    if (element.closest("style, script, title")) continue;
    let size = parseFloat(getComputedStyle(element).fontSize);
    const svgText = element.closest("text");
    if (svgText) {
      const m = svgText.getScreenCTM();
      size = size * Math.hypot(m.a, m.b);
    }
    if (size < smallest) smallest = size;
    if (size < 11) small.push(node.textContent.trim().slice(0, 30) + "@" + size.toFixed(1));
  }
  // tables wider than their frame: a visible cue before them, and a key column that stays
  const uncued = [...document.querySelectorAll(".table-wrap")]
    .filter((w) => shown(w) && w.scrollWidth > w.clientWidth + 1)
    .filter((w) => {
      const cue = w.previousElementSibling;
      const cued = cue && cue.classList.contains("scroll-cue") && shown(cue);
      const key = w.querySelector("tbody tr > :first-child");
      const sticky = key && getComputedStyle(key).position === "sticky";
      return !(cued && sticky);
    })
    .map((w) => (w.querySelector("caption") || w).textContent.slice(0, 40));
  small.sort((a, b) => parseFloat(a.split("@").pop()) - parseFloat(b.split("@").pop()));
  const note = parent.document.createElement("p");
  note.id = "measured";
  note.setAttribute("data-viewport", String(width));
  note.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
  note.setAttribute("data-height", String(height));
  note.setAttribute("data-summary-bottom", String(Math.round(summary.bottom + window.scrollY)));
  note.setAttribute("data-smallest", smallest.toFixed(2));
  note.setAttribute("data-small", small.slice(0, 12).join(" | "));
  note.setAttribute("data-uncued", uncued.join(" | "));
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


@pytest.fixture(scope="module")
def default_html() -> str:
    """The default report: the bundled programme, by quarter."""
    return render_html(build_report(bundled()))


def measure(html: str, width: int, folder: Path, height: int = 900) -> dict[str, str]:
    """Load ``html`` in a frame ``width`` CSS px wide and ``height`` tall; what it measured."""
    page = folder / f"framed-{width}.html"
    page.write_text(_framed(html, width, height), encoding="utf-8")
    dom = _browser(
        f"--window-size={max(width, 500) + 20},{height + 100}",
        "--virtual-time-budget=10000",
        "--dump-dom",
        page.as_uri(),
    )
    measured = re.search(r'<p id="measured"[^>]*>', dom)
    assert measured is not None, dom[-500:]
    found = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', measured.group()))
    assert found["viewport"] == str(width)
    return found


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_is_wider_than_the_screen(html: str, width: int, tmp_path: Path) -> None:
    found = measure(html, width, tmp_path, 2000)
    assert int(found["scroll-width"]) <= width, found
    assert found["wide"] == ""


@pytest.mark.parametrize("which", ["html", "default_html"])
def test_on_a_phone_no_text_is_below_11_px_and_wide_tables_say_so(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    found = measure(request.getfixturevalue(which), 390, tmp_path)
    assert float(found["smallest"]) >= 11.0, found["small"]
    assert found["uncued"] == ""
    assert int(found["scroll-width"]) <= 390, found["wide"]


def test_the_summary_fits_the_first_screens_and_the_page_about_eight(
    default_html: str, tmp_path: Path
) -> None:
    laptop = measure(default_html, 1280, tmp_path)
    assert int(laptop["summary-bottom"]) <= 900
    assert int(laptop["height"]) <= 8 * 900 * 1.05  # before any detail is opened
    phone = measure(default_html, 390, tmp_path)
    assert int(phone["summary-bottom"]) <= 2 * 900


def test_a_phone_screenshot(html: str, tmp_path: Path) -> None:
    page = tmp_path / "framed.html"
    page.write_text(_framed(html, 390, 3000), encoding="utf-8")
    shot = tmp_path / "phone.png"
    _browser("--window-size=520,3000", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000
