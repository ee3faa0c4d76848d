"""Equal-pay analysis: a Logib-style regression with the Kennedy estimate, and Oaxaca-Blinder.

The regression (ordinary least squares) explains ln(pay) by numeric variables,
categorical variables (one dummy per level but the reference level) and a dummy for women; men
are the base. Columns that are linear combinations of earlier columns are dropped as aliased,
the way R's ``lm`` does: a column is aliased when the norm of what remains of it after
projection on all earlier columns is below 1e-7 of its own norm (``ALIAS_TOLERANCE``).

- c, the women coefficient, is the difference in ln(pay) between a woman and a man with the same
  values of every other variable; v is its squared standard error.
- The Kennedy (1981) estimate of the unexplained gap in percent is exp(c - v/2) - 1.
- Logib's rating (the Swiss federal tool): 1 when the coefficient is not significant (two-sided
  t-test, p > 0.05); else 2, 3 or 4 as |Kennedy| (truncated to 3 decimals) is at most 2.5%, at
  most 5%, or over 5%.

The Oaxaca-Blinder decomposition splits the difference between the mean ln(pay) of men and of
women into the part that differences in the variables explain, valued at the coefficients of a
pooled regression with the women dummy (Fortin 2008; Jann 2008, "pooled"), and the unexplained
rest, which equals minus the women coefficient of that regression. Each group of variables
contributes the sum over its columns of (mean of men - mean of women) x coefficient.

The fit is plain linear algebra on the R factor of a QR decomposition, computed block by block
(tall-skinny QR: one pass over a million rows, little memory); t and F tails come from
scipy.stats, imported inside the function so that `gep --help` does not pay for it. Tests check
every number against statsmodels' OLS and against Logib's published example.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

ALIAS_TOLERANCE = 1e-7  # R's lm (qr tol)
SIGNIFICANCE = 0.05
RATING_LIMITS = (0.025, 0.05)  # Logib: target value 2.5%, limit value 5%


@dataclass(frozen=True)
class ModelSpec:
    """What the regression explains pay by.

    ``outcome`` is a positive pay column (its natural log is regressed); ``numeric`` and
    ``categorical`` name the explanatory columns in design order; ``groups`` gives the
    Oaxaca-Blinder variable groups (name -> columns); ``reference`` picks each categorical's base
    level: the first or the last in sorted order (Logib: the highest level).
    """

    outcome: str
    numeric: tuple[str, ...]
    categorical: tuple[str, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    reference: Literal["first", "last"] = "first"
    gender: str = "gender"
    women_code: str = "v"
    men_code: str = "m"


def product_spec(outcome: str = "basic_hourly") -> ModelSpec:
    """Return gepmonitor's model: category, years of service, age, age squared, part-time."""
    return ModelSpec(
        outcome=outcome,
        numeric=("service_years", "age", "age_sq", "part_time"),
        categorical=("category",),
        groups=(
            ("category", ("category",)),
            ("service", ("service_years",)),
            ("age", ("age", "age_sq")),
            ("part_time", ("part_time",)),
        ),
    )


@dataclass(frozen=True)
class Design:
    """A design matrix with its column names and the source variable of each column."""

    matrix: np.ndarray
    names: list[str]
    sources: list[str]  # the spec variable each column comes from ('' for the intercept)
    women: np.ndarray  # 1.0 for women, 0.0 for men


def build_design(frame: pl.DataFrame, spec: ModelSpec) -> tuple[np.ndarray, Design]:
    """Return ln(outcome) and the design (intercept, numeric, dummies, women) of women and men."""
    data = frame.filter(pl.col(spec.gender).is_in([spec.women_code, spec.men_code]))
    columns: list[np.ndarray] = [np.ones(data.height)]
    names, sources = ["(Intercept)"], [""]
    for name in spec.numeric:
        columns.append(data[name].cast(pl.Float64).to_numpy())
        names.append(name)
        sources.append(name)
    for name in spec.categorical:
        values = data[name].cast(pl.String)
        levels = sorted(values.unique().to_list(), key=_level_key)
        base = levels[0] if spec.reference == "first" else levels[-1]
        for level in levels:
            if level != base:
                columns.append((values == level).cast(pl.Float64).to_numpy())
                names.append(f"{name}{level}")
                sources.append(name)
    women = (data[spec.gender] == spec.women_code).cast(pl.Float64).to_numpy()
    columns.append(women)
    names.append("women")
    sources.append("women")
    outcome = np.log(data[spec.outcome].cast(pl.Float64).to_numpy())
    return outcome, Design(np.column_stack(columns), names, sources, women)


def _level_key(level: str) -> tuple[int, float, str]:
    """Sort levels numerically where they are numbers (scale 9 before 10), else as text."""
    try:
        return (0, float(level), level)
    except ValueError:
        return (1, 0.0, level)


def aliased_columns(matrix: np.ndarray, tolerance: float = ALIAS_TOLERANCE) -> list[int]:
    """Return the indexes of columns that are linear combinations of earlier columns.

    The diagonal of R in the QR decomposition (without pivoting) is, up to sign, the norm of
    each column's residual after projection on all earlier ones; R's lm drops a column whose
    residual is below tolerance times its own norm.
    """
    _, r = np.linalg.qr(matrix, mode="reduced")
    norms = np.linalg.norm(matrix, axis=0)
    residual = np.abs(np.diag(r))
    return [
        index
        for index in range(matrix.shape[1])
        if norms[index] == 0 or residual[index] < tolerance * norms[index]
    ]


@dataclass(frozen=True)
class Coefficient:
    """One estimated coefficient."""

    name: str
    estimate: float
    se: float


@dataclass(frozen=True)
class Regression:
    """The fitted model and the women coefficient's test, Kennedy estimate and Logib rating."""

    n: int
    women: int
    men: int
    coefficient: float  # c: the women dummy's coefficient (ln points)
    se: float
    t: float
    p: float
    ci_low: float
    ci_high: float
    df_resid: int
    r_squared: float
    kennedy: float  # exp(c - v/2) - 1, a fraction (-0.026 = women earn 2.6% less)
    rating: int  # Logib 1-4
    aliased: list[str]
    coefficients: list[Coefficient] = field(default_factory=list)


def kennedy(coefficient: float, se: float) -> float:
    """Return the Kennedy (1981) estimate exp(c - v/2) - 1 of a log-dummy's effect."""
    return math.exp(coefficient - se**2 / 2) - 1


def logib_rating(p: float, kennedy_estimate: float) -> int:
    """Return Logib's rating: 1 not significant, 2 within 2.5%, 3 within 5%, 4 over 5%."""
    if p > SIGNIFICANCE:
        return 1
    size = math.floor(abs(kennedy_estimate) * 1000) / 1000
    if size <= RATING_LIMITS[0]:
        return 2
    return 3 if size <= RATING_LIMITS[1] else 4


class AnalysisNotPossibleError(ValueError):
    """Too few observations, or no women or no men, to fit the model."""


BLOCK_ROWS = 200_000


def r_factor(matrix: np.ndarray) -> np.ndarray:
    """Return R of the QR decomposition of a tall matrix, block by block (tall-skinny QR)."""
    blocks = [
        np.asarray(np.linalg.qr(matrix[start : start + BLOCK_ROWS], mode="r"))
        for start in range(0, matrix.shape[0], BLOCK_ROWS)
    ]
    return blocks[0] if len(blocks) == 1 else np.asarray(np.linalg.qr(np.vstack(blocks), mode="r"))


@dataclass(frozen=True)
class Fit:
    """An OLS fit on the kept (non-aliased) columns."""

    kept: list[int]
    dropped: list[int]
    params: np.ndarray
    bse: np.ndarray
    df_resid: int
    r_squared: float


def ols(outcome: np.ndarray, matrix: np.ndarray) -> Fit:
    """Fit outcome on the columns of matrix, dropping aliased columns (see aliased_columns)."""
    return ols_many([outcome], matrix)[0]


def ols_many(outcomes: Sequence[np.ndarray], matrix: np.ndarray) -> list[Fit]:
    """Fit several outcomes on the same columns with one pass over the rows.

    One R factor of [X, y1, y2, ...] serves every outcome: [X, y_j] = Q R[:, columns + j], so
    the small matrix R[:, kept + j] has the R factor of the fit of y_j on the kept columns, and
    its last diagonal element is the norm of that fit's residuals.
    """
    k = matrix.shape[1]
    if matrix.shape[0] <= k:  # more columns than rows (say, a category per worker): no fit
        raise AnalysisNotPossibleError("too few observations for the model")
    augmented = r_factor(np.column_stack([matrix, *outcomes]))
    norms = np.linalg.norm(matrix, axis=0)
    residual = np.abs(np.diag(augmented)[:k])
    dropped = [i for i in range(k) if norms[i] == 0 or residual[i] < ALIAS_TOLERANCE * norms[i]]
    kept = [i for i in range(k) if i not in dropped]
    df_resid = matrix.shape[0] - len(kept)
    if df_resid <= 0:
        raise AnalysisNotPossibleError("too few observations for the model")
    fits = []
    for j, outcome in enumerate(outcomes):
        small = np.asarray(np.linalg.qr(augmented[:, [*kept, k + j]], mode="r"))
        size = len(kept)
        r, effects = small[:size, :size], small[:size, size]
        params = np.linalg.solve(r, effects)
        ssr = float(small[size, size] ** 2)
        sst = float(np.sum((outcome - outcome.mean()) ** 2))
        r_inv = np.linalg.inv(r)
        bse = np.sqrt(ssr / df_resid * np.sum(r_inv**2, axis=1))
        fits.append(Fit(kept, dropped, params, bse, df_resid, 1 - ssr / sst if sst else 0.0))
    return fits


def regression(frame: pl.DataFrame, spec: ModelSpec) -> Regression:
    """Fit ln(outcome) on the spec's variables and a women dummy; return the women effect."""
    return explain(frame, spec)[0]


def explain(
    frame: pl.DataFrame, spec: ModelSpec, decompose: str | None = None
) -> tuple[Regression, Decomposition]:
    """Return the regression of ln(outcome) and the Oaxaca-Blinder decomposition.

    The decomposition is of ln(decompose) (default: the same outcome); both share one design
    matrix and one pass over the rows.
    """
    outcome, design = build_design(frame, spec)
    data = frame.filter(pl.col(spec.gender).is_in([spec.women_code, spec.men_code]))
    other = np.log(data[decompose].cast(pl.Float64).to_numpy()) if decompose else outcome
    is_woman = design.women == 1.0
    if not is_woman.any() or is_woman.all():
        raise AnalysisNotPossibleError("women and men are both needed")
    fits = ols_many([outcome, other] if decompose else [outcome], design.matrix)
    return _regression(outcome, design, fits[0]), _decomposition(other, design, fits[-1], spec)


def _regression(outcome: np.ndarray, design: Design, fit: Fit) -> Regression:
    from scipy import stats

    names = [design.names[i] for i in fit.kept]
    if "women" not in names:
        raise AnalysisNotPossibleError("the women dummy is aliased with the other variables")
    at = names.index("women")
    c, se = float(fit.params[at]), float(fit.bse[at])
    t = c / se
    p = float(2 * stats.t.sf(abs(t), fit.df_resid))
    half = float(stats.t.ppf(1 - SIGNIFICANCE / 2, fit.df_resid)) * se
    estimate = kennedy(c, se)
    women = int(design.women.sum())
    return Regression(
        n=len(outcome),
        women=women,
        men=len(outcome) - women,
        coefficient=c,
        se=se,
        t=t,
        p=p,
        ci_low=c - half,
        ci_high=c + half,
        df_resid=fit.df_resid,
        r_squared=fit.r_squared,
        kennedy=estimate,
        rating=logib_rating(p, estimate),
        aliased=[design.names[i] for i in fit.dropped],
        coefficients=[
            Coefficient(name, float(b), float(s))
            for name, b, s in zip(names, fit.params, fit.bse, strict=True)
        ],
    )


@dataclass(frozen=True)
class Decomposition:
    """Oaxaca-Blinder: the men-women difference in mean ln(pay), explained and unexplained."""

    n: int
    mean_men: float  # mean ln(pay) of men
    mean_women: float
    difference: float  # mean_men - mean_women (ln points; positive when women earn less)
    explained: float
    unexplained: float
    contributions: dict[str, float]  # per variable group, summing to explained


def oaxaca_blinder(frame: pl.DataFrame, spec: ModelSpec) -> Decomposition:
    """Decompose the men-women difference in mean ln(outcome) with pooled coefficients."""
    return explain(frame, spec)[1]


def _decomposition(outcome: np.ndarray, design: Design, fit: Fit, spec: ModelSpec) -> Decomposition:
    is_woman = design.women == 1.0
    params = dict(zip(fit.kept, fit.params, strict=True))
    gaps = design.matrix[~is_woman].mean(axis=0) - design.matrix[is_woman].mean(axis=0)
    group_of = {column: group for group, columns in spec.groups for column in columns}
    contributions = {group: 0.0 for group, _ in spec.groups}
    for index, coefficient in params.items():
        source = design.sources[index]
        if source in ("", "women"):
            continue
        group = group_of.get(source, source)
        contributions[group] = contributions.get(group, 0.0) + float(gaps[index] * coefficient)
    mean_men = float(outcome[~is_woman].mean())
    mean_women = float(outcome[is_woman].mean())
    explained = sum(contributions.values())
    difference = mean_men - mean_women
    return Decomposition(
        n=len(outcome),
        mean_men=mean_men,
        mean_women=mean_women,
        difference=difference,
        explained=explained,
        unexplained=difference - explained,
        contributions=contributions,
    )


def add_covariates(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Add service_years, age, age_sq and part_time for the reference year.

    Service is counted to 31 December of the year from the hire date, age as the year minus the
    birth year; part-time means FTE < 1. A worker without a hire date, birth year or FTE gets a
    null there and is left out of the analysis.
    """
    end = pl.date(year, 12, 31)
    return frame.with_columns(
        ((end - pl.col("hire_date")).dt.total_days() / 365.25).alias("service_years"),
        (pl.lit(year) - pl.col("birth_year")).cast(pl.Float64).alias("age"),
        ((pl.lit(year) - pl.col("birth_year")).cast(pl.Float64) ** 2).alias("age_sq"),
        (pl.col("fte") < 1).cast(pl.Float64).alias("part_time"),
    )


def complete_rows(frame: pl.DataFrame, spec: ModelSpec) -> pl.DataFrame:
    """Return the rows that have every variable of the spec and a positive outcome."""
    needed: Sequence[str] = (spec.outcome, *spec.numeric, *spec.categorical, spec.gender)
    return frame.drop_nulls(list(needed)).filter(pl.col(spec.outcome) > 0)
