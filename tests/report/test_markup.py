"""The shared markup: escaping, tables with their scroll cue, folded detail."""

from __future__ import annotations

from trustops.report._markup import SCROLL_CUE_COLUMNS, details, e, figure, table


def test_escape_quotes_and_tags() -> None:
    assert e('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_wide_tables_carry_a_scroll_cue_narrow_ones_do_not() -> None:
    wide = table([f"c{k}" for k in range(SCROLL_CUE_COLUMNS)], ["<tr></tr>"], caption="Cap")
    assert wide.startswith('<p class="scroll-cue">')
    assert '<div class="table-wrap"><table><caption>Cap</caption>' in wide
    narrow = table(["a", "b"], iter(["<tr><td>1</td></tr>"]))
    assert narrow.startswith('<div class="table-wrap"><table><thead>')
    assert "<tbody><tr><td>1</td></tr></tbody>" in narrow


def test_details_open_by_their_anchor() -> None:
    assert details("S", "B") == '<details class="more"><summary>S</summary>B</details>'
    assert 'id="area-a&amp;b"' in details("S", "B", anchor="area-a&b")
    assert (
        figure("<svg/>", "C") == '<figure class="chart"><svg/><figcaption>C</figcaption></figure>'
    )
