"""The report's inline style sheet: readable on a phone, on a desktop and in print."""

from __future__ import annotations

from typing import Final

__all__ = ["STYLE"]

STYLE: Final = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa;
  --accent: #0b5cad; --warn: #8a4b00; --warn-bg: #fff4e0; --held: #6e3a00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main { max-width: 76rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-top: .5rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.meta { color: var(--muted); margin: 0 0 .75rem; }
nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .5rem 0 1rem;
  list-style: none; font-size: .9rem; }
a { color: var(--accent); }
.banner { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn);
  padding: .5rem .75rem; border-radius: 4px; font-weight: 600; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .5rem;
  margin: 0 0 1rem; }
.facts div { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.facts dt { font-size: .8rem; color: var(--muted); }
.facts dd { margin: 0; font-size: 1.2rem; font-weight: 600; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; -webkit-overflow-scrolling: touch;
  /* scroll shadows: a shade at an edge where more of the table lies beyond it */
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)),
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)),
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 100% 0;
  background-repeat: no-repeat; background-size: 2.5rem 100%, 2.5rem 100%, .9rem 100%, .9rem 100%;
  background-attachment: local, local, scroll, scroll; }
.scroll-cue { display: none; margin: .5rem 0 0; font-size: .8rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num small:not(.ci) { display: block; }
th[scope="row"] { background: var(--bg); font-weight: 600; position: sticky; left: 0; z-index: 1; }
th small, td small { display: block; font-weight: 400; }
.decision { display: grid; gap: 0 2rem; }
@media (min-width: 60rem) { .decision { grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr); } }
.decision h3 { margin: .6rem 0 .2rem; font-size: 1rem; }
.decision ul { margin: .25rem 0; padding-left: 1.1rem; }
.decision li { margin: .1rem 0; }
.decision { line-height: 1.4; }
.decision h3 small { font-weight: 400; font-size: .8rem; }
.decision p { margin: .25rem 0; }
.trust { font-weight: 600; }
.works-list > li { margin: .2rem 0; }
.works-list ul { font-size: .875rem; }
.decision .flags, .decision .answer > ul { font-size: .95rem; }
#summary h2 { margin-top: .5rem; border-top: 0; }
.caveat small, .coverage { font-size: .85rem; color: var(--muted); }
.ev { display: inline-block; font-size: .8rem; font-weight: 600; border-radius: 3px;
  padding: 0 .35rem; border: 1px solid currentColor; white-space: nowrap; }
.ev-clear { color: #116329; }
.ev-unclear { color: var(--muted); }
.ev-doubtful { color: var(--warn); }
.ev-too_few_areas { color: var(--muted); border-style: dashed; }
.headline { margin: .25rem 0 .5rem; }
.headline .big { font-size: 2.6rem; font-weight: 700; line-height: 1; margin-right: .4rem; }
.headline small.ci { display: block; }
.sig { color: #116329; font-weight: 600; }
.nosig { color: var(--muted); }
.flag { color: var(--warn); font-weight: 600; }
ul.flags li { margin: .2rem 0; }
.missing { color: var(--muted); }
.next { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .75rem; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
small { color: var(--muted); }
small.ci { white-space: nowrap; }
small.caution { color: var(--warn); }
.withheld { display: inline-block; background: var(--warn-bg); color: var(--held); font-weight: 600;
  border-radius: 3px; padding: 0 .35rem; }
td.withheld-cell { text-align: right; }
td.withheld-cell small { display: block; white-space: normal; }
.status-achieved, .status-on_track { color: #116329; font-weight: 600; }
.status-off_track, .status-missed { color: #a40e26; font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
figure.chart { margin: .5rem 0 1rem; max-width: 100%; }
figure.chart svg { display: block; width: 100%; height: auto; max-width: 32rem; }
figure.multiples svg { max-width: 60rem; }
figure.multiples .narrow { display: none; }
@media (max-width: 40rem) {
  figure.multiples .wide { display: none; }
  figure.multiples .narrow { display: block; }
}
.studies { display: grid; gap: 0 1.5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); }
.studies h3 { font-size: 1rem; }
details.more { margin: .15rem 0; }
.explain { display: grid; gap: 0 2rem; }
@media (min-width: 60rem) { .explain { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.explain > div > p:first-child { margin-top: 0; }
details.more > summary { cursor: pointer; color: var(--accent); font-weight: 600; padding: .25rem 0; }
figcaption { color: var(--muted); font-size: .85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
code.fingerprint { word-break: break-all; }
footer ul { padding-left: 1.25rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  header, main { padding: 0 .6rem; }
  .headline .big { font-size: 2.2rem; }
  h1 { font-size: 1.4rem; }
  th, td { padding: .3rem .35rem; }
  table { font-size: .8rem; }
  .scroll-cue { display: block; }
  nav ol { flex-wrap: nowrap; overflow-x: auto; white-space: nowrap; padding-bottom: .25rem; }
  .decision { font-size: .875rem; }
  .decision .flags, .decision .answer > ul, .works-list ul { font-size: .8125rem; }
  small, code, .ev, caption, figcaption, .scroll-cue, .caveat small, .coverage, nav ol { font-size: max(.85em, 11px); }
  .scroll-cue + .table-wrap { margin-top: .1rem; }
}
@media print {
  body { font-size: 10pt; }
  header, main { max-width: none; padding: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  .table-wrap, figure.chart { overflow: visible; }
  th { background: none; }
  .withheld { border: 1px solid currentColor; }
}
"""
"""The style sheet, inlined in every report."""
