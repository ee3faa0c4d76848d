"""Logib's published example (Swiss federal equal-pay tool) through gepmonitor's analysis.

The data set is GPL-3 and stays in ../shared/reference/logib; it is read from there. The frame is
prepared as Logib's method describes (expected.json, method_facts); the regression, the alias
rule, the Kennedy estimate and the rating are the product's own.
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from tests.conftest import REFERENCE

from gepmonitor.pay.analysis import (
    ModelSpec,
    aliased_columns,
    kennedy,
    logib_rating,
    oaxaca_blinder,
    regression,
)

LOGIB = REFERENCE / "logib"
EXPECTED = json.loads((LOGIB / "expected.json").read_text(encoding="utf-8"))
FACTS = EXPECTED["method_facts"]
LOGIB_SPEC = ModelSpec(
    outcome="standardized_salary",
    numeric=("years_of_training", "years_of_service", "years_of_earning", "years_of_earning2"),
    categorical=("level_of_requirements", "professional_position"),
    groups=(
        ("training", ("years_of_training",)),
        ("service", ("years_of_service",)),
        ("experience", ("years_of_earning", "years_of_earning2")),
        ("level", ("level_of_requirements",)),
        ("position", ("professional_position",)),
    ),
    reference="last",  # Logib: the highest level is the base
)


def logib_frame() -> pl.DataFrame:
    """Return the population-1 rows prepared as Logib's analysis() prepares them."""
    raw = pl.read_csv(LOGIB / "datalist_example.csv", infer_schema_length=None)
    zero = [
        "basic_wage",
        "allowances",
        "monthly_wage_13",
        "special_payments",
        "activity_rate",
        "paid_hours",
    ]
    data = raw.with_columns(
        *(pl.col(c).cast(pl.Float64).fill_null(0) for c in zero),
        pl.col("weekly_hours").cast(pl.Float64).fill_null(40),
        pl.col("population").fill_null(1),
    ).filter(pl.col("population") == 1)
    hours = raw["weekly_hours"].drop_nulls().value_counts().sort(["count", "weekly_hours"])
    mfww = float(hours["weekly_hours"][-1])  # most frequent, the largest on a tie
    training = {int(k): v for k, v in FACTS["training_code_to_years_of_training"].items()}
    fte = pl.col("weekly_hours") * pl.col("activity_rate") / (100 * mfww)
    data = data.with_columns(
        pl.col("training")
        .replace_strict(training, return_dtype=pl.Float64)
        .alias("years_of_training"),
        pl.when(fte == 0).then(12 * pl.col("paid_hours") / (52 * mfww)).otherwise(fte).alias("fte"),
        pl.col("sex").replace_strict({"F": "v", "M": "m"}).alias("gender"),
    )
    earning = (pl.col("age") - pl.col("years_of_training") - 6).clip(lower_bound=0)
    return data.with_columns(
        earning.alias("years_of_earning"),
        (earning**2).alias("years_of_earning2"),
        pl.col("years_of_service").cast(pl.Float64),
        (
            (
                pl.col("basic_wage")
                + pl.col("allowances")
                + pl.col("monthly_wage_13")
                + pl.col("special_payments")
            )
            / pl.col("fte")
        ).alias("standardized_salary"),
    )


def test_logib_example_is_reproduced():
    upstream = EXPECTED["expected_from_upstream_test"]
    reproduced = EXPECTED["reproduced_python_numpy"]
    data = logib_frame()
    assert data.height == reproduced["n_after_population_filter"]
    result = regression(data, LOGIB_SPEC)
    assert result.n == reproduced["n_used_in_regression"]
    assert (result.women, result.men) == (reproduced["n_women"], reproduced["n_men"])
    assert round(result.coefficient, 3) == upstream["coefficient_sexF"]
    assert round(result.se, 3) == upstream["se_sexF"]
    assert result.df_resid == upstream["residual_df"]
    assert round(result.r_squared, 3) == upstream["r_squared"]
    assert round(abs(result.t), 3) == upstream["abs_t_sexF"]
    assert f"{result.kennedy:.3f}" == "-0.026"
    assert round(result.kennedy, 3) == upstream["kennedy_estimate"]
    assert result.rating == reproduced["rating_level"]
    assert result.aliased == reproduced["aliased_dropped_columns"]
    assert len(result.coefficients) == reproduced["n_estimated_coefficients"]
    assert result.p == pytest.approx(reproduced["p_value_two_sided_sexF"], rel=1e-3)
    # every coefficient as the independent numpy fit (women is Logib's sexF)
    ours = {c.name.replace("women", "sexF"): c for c in result.coefficients}
    for name, expected in reproduced["all_coefficients"].items():
        assert ours[name].estimate == pytest.approx(expected["estimate"], rel=1e-6, abs=1e-9)
        assert ours[name].se == pytest.approx(expected["se"], rel=1e-6)
    # the 95% interval is c +- qt(0.975, df) SE
    half = reproduced["critical_t_0975"] * result.se
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (result.coefficient - half, result.coefficient + half)
    )


def test_oaxaca_blinder_on_the_logib_example_adds_up():
    result = oaxaca_blinder(logib_frame(), LOGIB_SPEC)
    assert result.explained + result.unexplained == pytest.approx(result.difference)
    assert sum(result.contributions.values()) == pytest.approx(result.explained)
    # pooled coefficients with the women dummy: the unexplained part is minus that coefficient
    assert result.unexplained == pytest.approx(-regression(logib_frame(), LOGIB_SPEC).coefficient)
    assert set(result.contributions) == {"training", "service", "experience", "level", "position"}


def test_alias_rule_drops_later_linear_combinations_only():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=50), rng.normal(size=50)
    matrix = np.column_stack([np.ones(50), a, b, a + 2 * b, rng.normal(size=50), 3 * a])
    assert aliased_columns(matrix) == [3, 5]
    assert aliased_columns(np.column_stack([np.ones(5), np.zeros(5)])) == [1]


def test_kennedy_and_rating():
    assert kennedy(-0.026462595066332344, 0.003339070649566645) == pytest.approx(
        EXPECTED["reproduced_python_numpy"]["kennedy_estimate"]
    )
    assert kennedy(0.0, 0.0) == 0.0
    assert logib_rating(0.2, -0.3) == 1
    assert logib_rating(0.01, -0.0259) == 2  # truncated to 0.025: within the target value
    assert logib_rating(0.01, -0.026) == 3
    assert logib_rating(0.01, 0.05) == 3
    assert logib_rating(0.01, 0.0511) == 4


def test_ols_matches_statsmodels_on_the_kept_columns_and_in_blocks(monkeypatch):
    import statsmodels.api as sm

    from gepmonitor.pay import analysis

    rng = np.random.default_rng(7)
    n = 5_000
    x = rng.normal(size=(n, 3))
    dummies = (rng.integers(0, 4, n)[:, None] == np.arange(1, 4)).astype(float)
    women = (rng.random(n) < 0.5).astype(float)
    matrix = np.column_stack([np.ones(n), x, dummies, dummies[:, 0] + dummies[:, 1], women])
    y = 2 + x @ [0.3, -0.2, 0.1] + dummies @ [0.2, 0.4, 0.6] - 0.05 * women + rng.normal(0, 0.1, n)
    monkeypatch.setattr(analysis, "BLOCK_ROWS", 1_234)  # several blocks, as on a million rows
    fit = analysis.ols(y, matrix)
    assert fit.dropped == [7]
    reference = sm.OLS(y, matrix[:, fit.kept]).fit()
    assert fit.params == pytest.approx(reference.params, rel=1e-9)
    assert fit.bse == pytest.approx(reference.bse, rel=1e-9)
    assert fit.df_resid == reference.df_resid
    assert fit.r_squared == pytest.approx(reference.rsquared, rel=1e-12)


def test_more_columns_than_rows_is_no_analysis_rather_than_a_crash():
    """A category per worker (found by injecting text into every pay category) gave a design
    with more columns than rows, and an IndexError instead of the analysis' own refusal."""
    from gepmonitor.pay import analysis

    rng = np.random.default_rng(3)
    for rows, columns in ((5, 8), (8, 8)):
        matrix = np.column_stack([np.ones(rows), rng.normal(size=(rows, columns - 1))])
        with pytest.raises(analysis.AnalysisNotPossibleError, match="too few observations"):
            analysis.ols_many([rng.normal(size=rows), rng.normal(size=rows)], matrix)
    fit = analysis.ols(rng.normal(size=9), np.column_stack([np.ones(9), rng.normal(size=(9, 7))]))
    assert fit.df_resid == 1
