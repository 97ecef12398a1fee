"""Survey scores and the composite trust index on the synthetic sample programme.

Generates the sample programme (``trustops.sample.generate(scale=0.2)``), scores every survey
construct per area and quarter, computes the trust index per area and quarter with the default
scoring model, and prints the explanation of one area's latest index. Writes no files.

Run it with ``python examples/trust_index.py``.
"""

from __future__ import annotations

from trustops.sample import generate
from trustops.scoring import DEFAULT_MODEL, survey_scores, trust_index


def main() -> None:
    """Score the sample programme and explain one area's latest trust index."""
    dataset = generate(scale=0.2)
    instrument = dataset.instruments[0]

    scores = survey_scores(instrument, dataset.responses, areas=dataset.areas, period="quarter")
    print(f"Survey scores of {instrument.name!r} (raked, published with the small-cell policy)")
    print(
        f"{'area':<20}{'period':<10}{'construct':<12}{'n':>5}{'mean':>8}{'top box':>9}{'alpha':>7}"
    )
    for row in scores:
        mean = "-" if row.mean_score is None else f"{row.mean_score.value:.1f}"
        top = "-" if row.top_box_share is None else f"{row.top_box_share.value:.1f}"
        alpha = "-" if row.alpha is None else f"{row.alpha:.2f}"
        print(
            f"{row.keys['area']:<20}{row.keys['period']:<10}{row.construct:<12}"
            f"{row.n:>5}{mean:>8}{top:>9}{alpha:>7}"
        )

    table = trust_index(
        dataset.interactions,
        dataset.responses,
        instrument,
        areas=dataset.areas,
        model=DEFAULT_MODEL,
        period="quarter",
    )
    print()
    print(f"Trust index ({DEFAULT_MODEL.name} {DEFAULT_MODEL.version})")
    for result in table:
        shown = "withheld" if result.index is None else f"{result.index:.1f}"
        print(f"  {result.area:<20}{result.period}  {shown:>8}  coverage {result.coverage:.2f}")

    shown_results = [result for result in table if result.index is not None]
    if shown_results:
        latest = max(shown_results, key=lambda result: (result.period, result.area))
        print()
        print(latest.explain())


if __name__ == "__main__":
    main()
