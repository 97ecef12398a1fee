"""Tests for scoring models: validation, normalisation, JSON/TOML round trips, fingerprints."""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustops import TrustopsError
from trustops.metrics import METRIC_NAMES
from trustops.privacy import (
    DEFAULT_POLICY,
    DEFAULT_PTABLE,
    NO_SUPPRESSION,
    PerturbationTable,
    SmallCellPolicy,
)
from trustops.scoring import (
    DEFAULT_MODEL,
    SHARE_METRICS,
    Component,
    Direction,
    IndexWindow,
    Normalisation,
    ScoringModel,
    ScoringModelError,
    Source,
)
from trustops.time import Period


def _metric(name: str = "reach", **changes: Any) -> Component:
    fields: dict[str, Any] = {
        "name": name,
        "source": "metric",
        "measure": "reach_per_1000",
        "normalisation": "target",
        "target": 100,
        "weight": 1,
    }
    fields.update(changes)
    return Component(**fields)


def _survey(name: str = "trust", **changes: Any) -> Component:
    fields: dict[str, Any] = {"name": name, "source": "survey", "measure": "trust", "weight": 2}
    fields.update(changes)
    return Component(**fields)


# -- the default model (METHODS §6) ---------------------------------------------------------


def test_default_model_is_methods_section_6() -> None:
    model = DEFAULT_MODEL
    assert (model.name, model.version, model.coverage_threshold) == ("trustops-default", "3.0", 0.5)
    assert model.suppression == DEFAULT_POLICY
    assert model.shrinkage is False
    assert model.decay_half_life_days == 90.0
    assert model.window_days == 91
    got = [
        (c.name, c.source, c.measure, c.statistic, c.normalisation, c.target, c.weight)
        for c in model.components
    ]
    assert got == [
        (
            "perceived_trust",
            Source.SURVEY,
            "trust",
            "mean_score",
            Normalisation.IDENTITY,
            None,
            0.4,
        ),
        ("reach", Source.METRIC, "reach_per_1000", None, Normalisation.TARGET, 400.0, 0.15),
        (
            "community_reporting",
            Source.METRIC,
            "reports_per_1000_residents",
            None,
            Normalisation.TARGET,
            40.0,
            0.15,
        ),
        (
            "interaction_quality",
            Source.METRIC,
            "positive_share",
            None,
            Normalisation.SHARE,
            None,
            0.15,
        ),
        (
            "continuity",
            Source.METRIC,
            "repeat_engagement_rate",
            None,
            Normalisation.SHARE,
            None,
            0.15,
        ),
    ]
    assert all(c.direction is Direction.POSITIVE for c in model.components)
    assert model.total_weight == pytest.approx(1.0)


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    text = DEFAULT_MODEL.canonical_json()
    assert " " not in text.replace(
        "Perceived trust (survey) with reach, community reporting, "
        "interaction quality and continuity of engagement.",
        "",
    )
    assert "\n" not in text
    assert json.loads(text) == DEFAULT_MODEL.to_dict()
    assert list(json.loads(text)) == sorted(DEFAULT_MODEL.to_dict())
    assert DEFAULT_MODEL.fingerprint == hashlib.sha256(text.encode()).hexdigest()


def test_fingerprint_tracks_content() -> None:
    model = ScoringModel(name="m", version="1", components=(_survey(),))
    same = ScoringModel(name="m", version="1", components=(_survey(),))
    heavier = ScoringModel(name="m", version="1", components=(_survey(weight=3),))
    renamed = ScoringModel(name="m", version="2", components=(_survey(),))
    assert model == same
    assert model.fingerprint == same.fingerprint
    assert len({model.fingerprint, heavier.fingerprint, renamed.fingerprint}) == 3


def test_the_ptable_is_part_of_the_fingerprint_and_round_trips() -> None:
    other = PerturbationTable(
        name="mine", version=2, definition={0: ((0, 256),), 1: ((-1, 128), (5, 128))}
    )
    model = ScoringModel(name="m", version="1", components=(_survey(),))
    mine = attrs.evolve(model, suppression=SmallCellPolicy(ptable=other))
    assert model.to_dict()["suppression"]["ptable"] == DEFAULT_PTABLE.to_dict()
    assert mine.fingerprint != model.fingerprint
    assert ScoringModel.from_json(mine.to_json()) == mine
    assert ScoringModel.from_toml(mine.to_toml()).suppression.ptable == other
    data = model.to_dict()
    data["suppression"]["ptable"] = {"name": "mine", "version": 1}
    with pytest.raises(ScoringModelError, match="suppression: ptable: expected name, version"):
        ScoringModel.from_dict(data)


def test_integer_and_float_weights_give_one_fingerprint() -> None:
    one = ScoringModel(name="m", version="1", components=(_survey(weight=2),))
    two = ScoringModel(name="m", version="1", components=(_survey(weight=2.0),))
    assert one.fingerprint == two.fingerprint


def test_component_lookup() -> None:
    assert DEFAULT_MODEL.component("reach").measure == "reach_per_1000"
    with pytest.raises(KeyError):
        DEFAULT_MODEL.component("nope")


# -- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [(-5.0, 0.0), (0.0, 0.0), (64.5, 64.5), (100.0, 100.0), (130.0, 100.0)]
)
def test_identity_clamps_to_0_100(value: float, expected: float) -> None:
    assert _survey().normalise(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(0.0, 0.0), (0.25, 25.0), (1.0, 100.0)])
def test_share_times_100(value: float, expected: float) -> None:
    component = _metric(measure="positive_share", normalisation="share", target=None)
    assert component.normalise(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0.0, 0.0), (40.0, 40.0), (100.0, 100.0), (250.0, 100.0)]
)
def test_target_is_capped_at_100(value: float, expected: float) -> None:
    assert _metric().normalise(value) == expected


def test_target_scales_by_target() -> None:
    assert _metric(target=5).normalise(2.0) == 40.0


def test_negative_direction_flips() -> None:
    complaints = _metric(measure="complaints_per_1000", target=50, direction="negative")
    assert complaints.normalise(10.0) == 80.0
    assert complaints.normalise(500.0) == 0.0
    assert _survey(direction="negative").normalise(30.0) == 70.0


# -- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"weight": 0}, "weight", "a weight from 0.000001 to 1,000,000"),
        ({"weight": -1.0}, "weight", "a weight from 0.000001 to 1,000,000"),
        ({"weight": 1e308}, "weight", "a weight from 0.000001 to 1,000,000, got 1e+308"),
        ({"weight": 5e-324}, "weight", "a weight from 0.000001"),
        ({"weight": 1e6 * (1 + 1e-15)}, "weight", "a weight from"),
        ({"weight": math.nan}, "weight", "finite"),
        ({"weight": math.inf}, "weight", "finite"),
        ({"weight": True}, "weight", "finite"),
        ({"weight": "1"}, "weight", "finite"),
        ({"measure": "reach_per_thousand"}, "measure", "unknown engagement metric"),
        ({"measure": ""}, "measure", "1 to 128 printable characters"),
        ({"name": " padded"}, "name", "1 to 128 printable characters"),
        ({"name": "tab\there"}, "name", "printable"),
        ({"name": 3}, "name", "identifier string"),
        ({"source": "census"}, "source", "'survey', 'metric'"),
        ({"source": 1}, "source", "'survey', 'metric'"),
        ({"normalisation": "log"}, "normalisation", "'identity'"),
        ({"direction": "up"}, "direction", "'positive'"),
        ({"target": None}, "target", "expected a target > 0"),
        ({"target": 0}, "target", "a target from 0.000001 to 1,000,000,000"),
        ({"target": -3}, "target", "a target from 0.000001 to 1,000,000,000"),
        ({"target": 1e308}, "target", "a target from"),
        ({"target": 5e-324}, "target", "a target from"),
        ({"target": math.inf}, "target", "finite"),
        ({"target": math.nan}, "target", "finite"),
        ({"normalisation": "identity"}, "target", "only used with 'target'"),
        ({"normalisation": "share", "target": None}, "normalisation", "needs a share metric"),
        ({"statistic": "mean_score"}, "statistic", "only survey components"),
    ],
)
def test_bad_metric_components(changes: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(ScoringModelError) as caught:
        _metric(**changes)
    assert caught.value.field == field
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"statistic": "median"}, "statistic", "mean_score, top_box_share"),
        ({"statistic": None}, "statistic", "mean_score, top_box_share"),
        ({"normalisation": "share"}, "normalisation", "a survey score is not one"),
    ],
)
def test_bad_survey_components(changes: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(ScoringModelError) as caught:
        _survey(**changes)
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_survey_share_normalisation_of_a_share_named_construct_is_refused() -> None:
    with pytest.raises(ScoringModelError, match="not shares"):
        _survey(measure="positive_share", normalisation="share")


def test_survey_statistic_defaults_to_mean_score() -> None:
    assert _survey().statistic == "mean_score"
    assert _survey(statistic="top_box_share").statistic == "top_box_share"
    assert _metric().statistic is None


def test_every_metric_name_and_share_metric_is_accepted() -> None:
    for name in METRIC_NAMES:
        _metric(measure=name, target=1)
    for name in SHARE_METRICS:
        _metric(measure=name, normalisation="share", target=None)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"components": ()}, "components", "non-empty list"),
        ({"components": "abc"}, "components", "non-empty list"),
        ({"components": ("x",)}, "components[0]", "expected a Component"),
        ({"components": (_survey(), _metric(name="trust"))}, "components[1].name", "duplicate"),
        ({"coverage_threshold": 1.5}, "coverage_threshold", "from 0 to 1"),
        ({"coverage_threshold": -0.1}, "coverage_threshold", "from 0 to 1"),
        ({"coverage_threshold": math.nan}, "coverage_threshold", "finite"),
        ({"suppression": {"withhold_below": 5}}, "suppression", "SmallCellPolicy"),
        ({"shrinkage": 1}, "shrinkage", "true or false"),
        ({"decay_half_life_days": 0}, "decay_half_life_days", "a half-life in days from 1"),
        ({"decay_half_life_days": 5e-324}, "decay_half_life_days", "from 1 to 36,525"),
        ({"decay_half_life_days": 1e308}, "decay_half_life_days", "from 1 to 36,525"),
        ({"decay_half_life_days": math.inf}, "decay_half_life_days", "finite"),
        ({"description": 7}, "description", "text of at most"),
        ({"description": "x" * 1001}, "description", "text of at most"),
        ({"description": "see \x1b]8;;https://x.org\x07here"}, "description", "control"),
        ({"version": ""}, "version", "1 to 128 printable characters"),
    ],
)
def test_bad_models(changes: dict[str, Any], field: str, fragment: str) -> None:
    fields: dict[str, Any] = {"name": "m", "version": "1", "components": (_survey(),)}
    fields.update(changes)
    with pytest.raises(ScoringModelError) as caught:
        ScoringModel(**fields)
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_errors_are_trustops_value_errors_and_pickle() -> None:
    with pytest.raises(ScoringModelError) as caught:
        _metric(weight=0)
    assert isinstance(caught.value, TrustopsError)
    assert isinstance(caught.value, ValueError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.field, again.message) == (caught.value.field, caught.value.message)


# -- plain data, JSON and TOML ----------------------------------------------------------------------


def test_from_dict_fills_defaults_and_accepts_nulls() -> None:
    model = ScoringModel.from_dict(
        {
            "name": "m",
            "version": "1",
            "decay_half_life_days": None,
            "components": [{"name": "t", "source": "survey", "measure": "trust", "weight": 1}],
        }
    )
    assert model == ScoringModel(name="m", version="1", components=(_survey("t", weight=1),))
    assert model.suppression == DEFAULT_POLICY


def test_from_dict_reads_a_policy() -> None:
    data = DEFAULT_MODEL.to_dict()
    data["suppression"] = {"enabled": False}
    assert ScoringModel.from_dict(data).suppression == NO_SUPPRESSION
    data["suppression"] = {"withhold_below": 5, "caution_below": 20}
    assert ScoringModel.from_dict(data).suppression == SmallCellPolicy(
        withhold_below=5, caution_below=20
    )


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"),
    [
        (lambda d: d.update(wieght=1), "wieght", "unknown key"),
        (lambda d: d.pop("name"), "name", "required"),
        (lambda d: d.pop("components"), "components", "required"),
        (lambda d: d["components"][1].update(wieght=1), "components[1].wieght", "unknown key"),
        (lambda d: d["components"][1].pop("weight"), "components[1].weight", "required"),
        (lambda d: d["components"][2].update(weight=-1), "components[2].weight", "a weight"),
        (lambda d: d["components"].__setitem__(0, 5), "components[0]", "object/table"),
        (lambda d: d.update(components="x"), "components", "non-empty list"),
        (lambda d: d.update(suppression={"below": 3}), "suppression.below", "unknown key"),
        (lambda d: d.update(suppression={"withhold_below": -1}), "suppression", "whole number"),
        (
            lambda d: d.update(suppression={"withhold_below": 40, "caution_below": 30}),
            "suppression",
            "caution_below",
        ),
        (lambda d: d.update(suppression=[]), "suppression", "object/table"),
        (lambda d: d.update(coverage_threshold=2), "coverage_threshold", "from 0 to 1"),
    ],
)
def test_from_dict_errors_name_the_path(mutate: Any, field: str, fragment: str) -> None:
    data = DEFAULT_MODEL.to_dict()
    mutate(data)
    with pytest.raises(ScoringModelError) as caught:
        ScoringModel.from_dict(data)
    assert caught.value.field == field
    assert fragment in caught.value.message


@pytest.mark.parametrize("text", ["{", "[1, 2]", "null"])
def test_from_json_refuses_bad_text(text: str) -> None:
    with pytest.raises(ScoringModelError) as caught:
        ScoringModel.from_json(text)
    assert caught.value.field == "$"


def test_from_toml_refuses_bad_text() -> None:
    with pytest.raises(ScoringModelError, match="expected TOML"):
        ScoringModel.from_toml("name = ")


@pytest.mark.parametrize(
    "text",
    [
        '{"name": ' + "[" * 5_000 + "]" * 5_000 + "}",
        '{"name": 1' + "0" * 5_000 + "}",
        b'{"name": "\xff"}',
    ],
)
def test_from_json_refuses_deep_huge_and_undecodable_text(text: str | bytes) -> None:
    # No hypothesis here: it raises the recursion limit, which hides a RecursionError.
    with pytest.raises(ScoringModelError, match="expected JSON"):
        ScoringModel.from_json(text)


@pytest.mark.parametrize(
    "text", ["name = " + "[" * 5_000 + "]" * 5_000, "name = " + "{a = " * 3_000 + "1" + "}" * 3_000]
)
def test_from_toml_refuses_deep_text(text: str) -> None:
    with pytest.raises(ScoringModelError, match="nested less deeply"):
        ScoringModel.from_toml(text)


def test_to_json_is_readable_and_round_trips() -> None:
    text = DEFAULT_MODEL.to_json()
    assert text.startswith('{\n  "name": "trustops-default"')
    assert ScoringModel.from_json(text) == DEFAULT_MODEL
    assert ScoringModel.from_json(DEFAULT_MODEL.to_json(indent=None).encode()) == DEFAULT_MODEL


def test_to_toml_leaves_out_unset_fields() -> None:
    text = DEFAULT_MODEL.to_toml()
    assert "decay_half_life_days = 90.0" in text
    assert "window_days = 91" in text
    assert "statistic" in text
    assert ScoringModel.from_toml(text) == DEFAULT_MODEL
    plain = attrs.evolve(DEFAULT_MODEL, decay_half_life_days=None)
    assert "decay_half_life_days" not in plain.to_toml()
    assert ScoringModel.from_toml(plain.to_toml()) == plain


def test_rate_targets_are_per_year_and_scaled_to_the_window() -> None:
    reach = DEFAULT_MODEL.component("reach")
    assert reach.is_rate
    assert reach.target_for() == 400.0
    assert reach.target_for(30) == pytest.approx(400 * 30 / 365.25)
    assert reach.normalise(400 * 30 / 365.25 / 2, days=30) == pytest.approx(50.0)
    assert reach.is_capped(500.0)
    assert not reach.is_capped(399.0)
    quality = DEFAULT_MODEL.component("interaction_quality")
    assert not quality.is_rate
    assert quality.target_for(30) is None
    complaints = _metric(measure="complaints_per_1000", normalisation="target", target=50)
    assert complaints.target_for(30) == 50  # a rate per interaction, not per window
    with pytest.raises(ScoringModelError, match="window > 0 days"):
        reach.target_for(0)


def test_window_days_rules() -> None:
    parts = (_survey("t", weight=1), _metric())
    assert ScoringModel(name="m", version="1", components=parts).window_days == 91
    assert ScoringModel(name="m", version="1", components=parts, window_days=30.0).window_days == 30
    for bad in (0, 1.5, True, "91", 10_000, None):
        with pytest.raises(ScoringModelError, match="window_days"):
            ScoringModel(name="m", version="1", components=parts, window_days=bad)
    # one window for the whole model (METHODS §6): a component has none of its own
    with pytest.raises(TypeError):
        _survey("t", weight=1, window_days=30)
    data = DEFAULT_MODEL.to_dict()
    data["components"][0]["window_days"] = 91
    with pytest.raises(ScoringModelError, match=r"components\[0\]\.window_days: unknown key"):
        ScoringModel.from_dict(data)


def test_the_window_is_the_longer_of_window_days_and_the_period() -> None:
    model = attrs.evolve(DEFAULT_MODEL, window_days=40)
    for label, first, days in [
        ("2026-03", pendulum.Date(2026, 2, 20), 40),
        ("2026-W10", pendulum.Date(2026, 1, 28), 40),  # to Sunday 8 March
        ("2026-Q1", pendulum.Date(2026, 1, 1), 90),
        ("2026", pendulum.Date(2026, 1, 1), 365),
    ]:
        period = Period.parse(label)
        assert model.window(period) == IndexWindow(first=first, last=period.end, days=days)


_names = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)
_weights = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False)


@st.composite
def _components(draw: st.DrawFn) -> Component:
    name = draw(_names)
    weight = draw(_weights)
    direction = draw(st.sampled_from(list(Direction)))
    kind = draw(st.sampled_from(["survey", "share", "target", "identity"]))
    if kind == "survey":
        target = draw(st.none() | st.floats(min_value=1, max_value=100))
        return Component(
            name=name,
            source="survey",
            measure=draw(_names),
            statistic=draw(st.sampled_from(["mean_score", "top_box_share"])),
            normalisation="identity" if target is None else "target",
            target=target,
            weight=weight,
            direction=direction,
        )
    if kind == "share":
        return Component(
            name=name,
            source="metric",
            measure=draw(st.sampled_from(sorted(SHARE_METRICS))),
            normalisation="share",
            weight=weight,
            direction=direction,
        )
    return Component(
        name=name,
        source="metric",
        measure=draw(st.sampled_from(METRIC_NAMES)),
        normalisation=kind,
        target=draw(st.floats(min_value=1e-3, max_value=1e6)) if kind == "target" else None,
        weight=weight,
        direction=direction,
    )


@st.composite
def scoring_models(draw: st.DrawFn) -> ScoringModel:
    components = draw(st.lists(_components(), min_size=1, max_size=5, unique_by=lambda c: c.name))
    withhold = draw(st.integers(0, 50))
    return ScoringModel(
        name=draw(_names),
        version=draw(_names),
        description=draw(
            st.text(
                st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n\r"),
                max_size=40,
            )
        ),
        components=tuple(components),
        coverage_threshold=draw(st.floats(0, 1)),
        suppression=SmallCellPolicy(
            withhold_below=withhold,
            caution_below=withhold + draw(st.integers(0, 50)),
            enabled=draw(st.booleans()),
        ),
        shrinkage=draw(st.booleans()),
        decay_half_life_days=draw(st.none() | st.floats(min_value=1, max_value=1000)),
        window_days=draw(st.integers(1, 3660)),
    )


@given(scoring_models())
def test_round_trips_through_dict_json_and_toml(model: ScoringModel) -> None:
    assert ScoringModel.from_dict(model.to_dict()) == model
    assert ScoringModel.from_json(model.to_json()) == model
    again = ScoringModel.from_toml(model.to_toml())
    assert again == model
    assert again.fingerprint == model.fingerprint


@given(scoring_models(), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_normalise_is_bounded_and_monotone(model: ScoringModel, a: float, b: float) -> None:
    low, high = sorted((a, b))
    for component in model.components:
        s_low, s_high = component.normalise(low), component.normalise(high)
        assert 0.0 <= s_low <= 100.0
        assert 0.0 <= s_high <= 100.0
        if component.direction is Direction.POSITIVE:
            assert s_low <= s_high
        else:
            assert s_low >= s_high


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("weight = 1e308", "components[0].weight"),
        ("weight = inf", "components[0].weight"),
        ("weight = nan", "components[0].weight"),
        ("weight = 5e-324", "components[0].weight"),
        ("target = 1e308", "components[1].target"),
        ("target = -inf", "components[1].target"),
        ("decay_half_life_days = 1e308", "decay_half_life_days"),
        ("decay_half_life_days = 5e-324", "decay_half_life_days"),
    ],
)
def test_a_toml_model_with_numbers_out_of_range_is_a_model_error_naming_the_field(
    line: str, field: str
) -> None:
    text = DEFAULT_MODEL.to_toml()
    key = line.split(" = ", maxsplit=1)[0]
    lines = text.splitlines()
    if key == "decay_half_life_days":
        at = next(i for i, old in enumerate(lines) if old.startswith(key + " ="))
    else:
        sections = [i for i, old in enumerate(lines) if old == "[[components]]"]
        start = sections[int(field[len("components[")])]
        at = next(i for i in range(start, len(lines)) if lines[i].startswith(key + " ="))
    lines[at] = line
    with pytest.raises(ScoringModelError) as caught:
        ScoringModel.from_toml("\n".join(lines))
    assert caught.value.field == field


GUIDE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "scoring-model-toml.md"


def _documented_fields() -> list[set[str]]:
    """The first column of each table in the guide's section on every field."""
    text = GUIDE.read_text(encoding="utf-8").split("## 5. Every field", 1)[1]
    tables = re.findall(r"\n\| field \|.*?\n\|[-|]+\|\n((?:\|.*\n)+)", text)
    return [set(re.findall(r"^\| `(\w+)` \|", table, re.M)) for table in tables]


def test_every_field_of_the_fingerprint_is_documented() -> None:
    model, policy, component = _documented_fields()
    data = json.loads(DEFAULT_MODEL.canonical_json())
    assert set(data) == model
    assert set(data["suppression"]) == policy
    assert all(set(part) == component for part in data["components"])
    assert {"description", "window_days"} <= model
