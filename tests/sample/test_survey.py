"""Tests of the sample survey: the instrument, waves, demographic skew and missing answers."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from trustops import Dataset
from trustops.model import STANDARD_CONSTRUCTS
from trustops.sample import generate
from trustops.sample._survey import INSTRUMENT, WAVES, generate_responses


@pytest.fixture(scope="module")
def full() -> Dataset:
    return generate()


def test_instrument_covers_the_standard_constructs_on_mixed_scales() -> None:
    assert len(INSTRUMENT.items) >= 12
    assert set(INSTRUMENT.constructs) == set(STANDARD_CONSTRUCTS)
    assert any(item.reverse for item in INSTRUMENT.items)
    scales = {(item.scale_min, item.scale_max) for item in INSTRUMENT.items}
    assert scales == {(1, 5), (0, 10)}
    for construct in STANDARD_CONSTRUCTS:
        assert len(INSTRUMENT.items_of(construct)) >= 2


def test_attributes_match_the_margins(full: Dataset) -> None:
    areas = full.area_index()
    for response in full.responses:
        margins = areas[response.area_id].margins
        assert set(response.attributes) == set(margins)
        for dimension, category in response.attributes.items():
            assert category in margins[dimension]


def test_every_category_answers_in_every_area_and_wave(full: Dataset) -> None:
    areas = full.area_index()
    seen: dict[tuple[str, int], set[str]] = {}
    for response in full.responses:
        wave = (response.collected_at.month - 1) // 3
        seen.setdefault((response.area_id, wave), set()).update(response.attributes.values())
    assert len(seen) == len(areas) * len(WAVES)
    for (area_id, _), categories in seen.items():
        expected = {c for shares in areas[area_id].margins.values() for c in shares}
        assert categories == expected


def test_respondents_are_skewed_so_weighting_matters(full: Dataset) -> None:
    ages = Counter(r.attributes["age"] for r in full.responses)
    tenure = Counter(r.attributes["tenure"] for r in full.responses)
    population = sum(a.population or 0 for a in full.areas)
    old_share = sum((a.population or 0) * a.margins["age"]["65+"] for a in full.areas) / population
    assert ages["65+"] / len(full.responses) > old_share + 0.1
    young_share = sum((a.population or 0) * a.margins["age"]["16-34"] for a in full.areas)
    assert ages["16-34"] / len(full.responses) < young_share / population - 0.1
    assert tenure["owner"] > tenure["renter"]


def test_some_answers_are_missing_and_the_rest_on_scale(full: Dataset) -> None:
    answers = [value for r in full.responses for value in r.answers.values()]
    missing = answers.count(None) / len(answers)
    assert 0.02 < missing < 0.07


def test_four_quarterly_waves(full: Dataset) -> None:
    months = Counter(r.collected_at.month for r in full.responses)
    assert set(months) == {3, 6, 9, 12}
    assert max(months.values()) - min(months.values()) <= len(full.areas)


def test_reverse_coded_items_run_against_the_others(full: Dataset) -> None:
    pairs = [
        (r.answers["trust_2"], r.answers["trust_3"])
        for r in full.responses
        if r.answers["trust_2"] is not None and r.answers["trust_3"] is not None
    ]
    high = [reverse for plain, reverse in pairs if plain >= 4]
    low = [reverse for plain, reverse in pairs if plain <= 2]
    assert sum(high) / len(high) < sum(low) / len(low)


def test_zero_responses() -> None:
    assert generate_responses(random.Random(1), 0) == []


def test_the_survey_has_a_stratified_cluster_design_with_a_design_effect(full: Dataset) -> None:
    import statistics

    from trustops.privacy import NO_SUPPRESSION
    from trustops.sample import RESIDENTS_PER_STREET, STREETS_SAMPLED
    from trustops.scoring import survey_scores

    areas = {area.id: area for area in full.areas}
    streets: dict[str, set[str]] = {}
    for response in full.responses:
        assert response.stratum == response.area_id
        assert response.psu is not None
        assert response.psu.startswith(f"{response.area_id}-street-")
        population = areas[response.area_id].population or 0
        assert response.fpc == max(STREETS_SAMPLED, round(population / RESIDENTS_PER_STREET))
        streets.setdefault(response.area_id, set()).add(response.psu)
    assert {len(psus) for psus in streets.values()} == {STREETS_SAMPLED}
    assert full.problems() == ()
    table = survey_scores(
        INSTRUMENT, full.responses, areas=full.areas, constructs=["trust"], policy=NO_SUPPRESSION
    )
    assert {row.variance for row in table} == {"taylor"}
    assert {row.df for row in table} == {STREETS_SAMPLED - 1.0}
    # neighbours answer alike: the intra-cluster correlation of the trust score by street
    # (one-way ANOVA on the deviations from each area and wave's mean) is a realistic few %
    items = INSTRUMENT.items_of("trust")
    cells: dict[tuple[str, int], list[tuple[str, float]]] = {}
    for response in full.responses:
        answered = [it.rescale(v) for it in items if (v := response.answers.get(it.id)) is not None]
        if 2 * len(answered) >= len(items) and response.psu is not None:
            key = (response.area_id, response.collected_at.month)
            cells.setdefault(key, []).append((response.psu, statistics.fmean(answered)))
    by_street: dict[str, list[float]] = {}
    for members in cells.values():
        centre = statistics.fmean(score for _, score in members)
        for psu, score in members:
            by_street.setdefault(psu, []).append(score - centre)
    groups = list(by_street.values())
    k, total = len(groups), sum(len(g) for g in groups)
    grand = statistics.fmean(x for g in groups for x in g)
    between = sum(len(g) * (statistics.fmean(g) - grand) ** 2 for g in groups) / (k - 1)
    within = sum((x - statistics.fmean(g)) ** 2 for g in groups for x in g) / (total - k)
    size = (total - sum(len(g) ** 2 for g in groups) / total) / (k - 1)
    icc = (between - within) / (between + (size - 1) * within)
    assert 0.02 < icc < 0.1
