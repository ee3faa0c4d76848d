"""Targets: progress, a linear-trend and a flow-based projection, and the required share.

Flow model of a band, per year: W' = W(1 - e_w) + a·E and M' = M(1 - e_m) + (1 - a)·E, where
e_w and e_m are the observed yearly exit rates of women and men from the band (exits / band
size at the start of the year, pooled over the observed years), E is the observed average number
of entries (hires into the band plus promotions) per year and a the women's share of entries.
After n years W_n = W·(1-e_w)^n + a·E·S_w with S_w = Σ_{k<n} (1-e_w)^k, and likewise for men.
Solving W_n / (W_n + M_n) = p for a gives the share of entries that must go to women.

Rates come from flow periods between reference snapshots. A period of k years (snapshots k years
apart) is annualised: the yearly exit rate e solves Σ S_p·(1 - (1 - e)^k_p) = Σ X_p over the
periods p (S = band size at the start, X = exits), which is exits / start for yearly periods;
entries per year = Σ entries / Σ k_p. A projection needs at least MIN_OBSERVED_YEARS reference
years with the band; with fewer it gives no figure and no verdict ("too little data").
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gepmonitor.personnel.target_spec import TargetSpec

MIN_OBSERVED_YEARS = 3


@dataclass(frozen=True)
class FlowRates:
    """Observed yearly rates of a band: exit rates by gender, entries per year, women's share.

    first_year..last_year is the window the rates come from (peildatum years); span_years the
    years it covers (last - first) in ``periods`` flow periods.
    """

    exit_rate_women: float
    exit_rate_men: float
    entries_per_year: float
    women_share_of_entries: float | None
    periods: int
    first_year: int = 0
    last_year: int = 0
    entries_women: int = 0
    entries_men: int = 0

    @property
    def span_years(self) -> int:
        """Return the number of years the flow periods cover together."""
        return self.last_year - self.first_year


@dataclass(frozen=True)
class TargetStatus:
    """Where a band stands against its target and where it is heading."""

    target: TargetSpec
    last_year: int | None
    current_share: float | None
    gap_points: float | None  # target minus current, in percentage points
    linear_projection: float | None
    flow_projection: float | None
    required_entry_share: float | None  # share of entries that must be women (0..1)
    reachable: bool  # False when even all entries going to women is not enough
    rates: FlowRates | None
    observed_years: tuple[int, ...] = ()  # reference years with the band, oldest first
    too_little_data: bool = False  # fewer than MIN_OBSERVED_YEARS, or a hidden base

    @property
    def on_track(self) -> bool | None:
        """Return whether the flow-based projection reaches the target (None if unknown)."""
        if self.flow_projection is None or self.too_little_data:
            return None
        return self.flow_projection + 1e-9 >= self.target.target_share

    @property
    def window(self) -> tuple[int, int] | None:
        """Return the first and last observed year the projections use."""
        if not self.observed_years:
            return None
        return self.observed_years[0], self.observed_years[-1]


def linear_projection(trend: pl.DataFrame, year: int, since: int | None = None) -> float | None:
    """Fit share_women = a + b·year by least squares and return the value at year (0..1)."""
    points = trend.filter(pl.col("share_women").is_not_null())
    if since is not None:
        points = points.filter(pl.col("year") >= since)
    if points.height < 2:
        return None
    xs = points["year"].cast(pl.Float64).to_list()
    ys = points["share_women"].to_list()
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return min(1.0, max(0.0, mean_y + slope * (year - mean_x)))


def annual_exit_rate(periods: list[tuple[int, int, int]]) -> float:
    """Return the yearly exit rate e with Σ S·(1 - (1 - e)^k) = Σ X over (S, X, k) periods."""
    start = sum(s for s, _, _ in periods)
    exits = sum(x for _, x, _ in periods)
    if start <= 0 or exits <= 0:
        return 0.0
    if exits >= start:
        return 1.0

    def expected(rate: float) -> float:
        return sum(s * (1 - (1 - rate) ** k) for s, _, k in periods)

    low, high = 0.0, 1.0
    for _ in range(100):  # bisection: expected() rises with the rate
        middle = (low + high) / 2
        low, high = (middle, high) if expected(middle) < exits else (low, middle)
    return (low + high) / 2


def flow_rates(band_flows: pl.DataFrame) -> FlowRates | None:
    """Return pooled yearly rates from a band's flows table (see flows.flows), annualised."""
    starts = band_flows.filter(
        (pl.col("flow") == "band_start") & pl.col("men").is_not_null()  # null: no data
    ).sort("year")
    if starts.height == 0:
        return None
    spans = {
        int(r["year"]): int(r["year"]) - int(r.get("from_year") or int(r["year"]) - 1)
        for r in starts.iter_rows(named=True)
    }

    rows = list(band_flows.iter_rows(named=True))

    def per_period(flow: str, column: str) -> dict[int, int]:
        return {
            int(r["year"]): int(r[column] or 0)
            for r in rows
            if r["flow"] == flow and int(r["year"]) in spans
        }

    def periods_of(column: str) -> list[tuple[int, int, int]]:
        start, exits = per_period("band_start", column), per_period("band_exits", column)
        return [(start.get(y, 0), exits.get(y, 0), k) for y, k in spans.items()]

    entries_w = sum(per_period("band_entries", "women").values())
    entries_m = sum(per_period("band_entries", "men").values())
    entries = entries_w + entries_m
    last = max(spans)
    first = min(y - k for y, k in spans.items())
    return FlowRates(
        exit_rate_women=annual_exit_rate(periods_of("women")),
        exit_rate_men=annual_exit_rate(periods_of("men")),
        entries_per_year=entries / sum(spans.values()),
        women_share_of_entries=entries_w / entries if entries else None,
        periods=len(spans),
        first_year=first,
        last_year=last,
        entries_women=entries_w,
        entries_men=entries_m,
    )


def project_flows(
    women: float, men: float, rates: FlowRates, years: int, women_share: float | None = None
) -> tuple[float, float]:
    """Return (women, men) in the band after the given number of years under the flow model."""
    share = rates.women_share_of_entries if women_share is None else women_share
    share = share or 0.0
    for _ in range(max(0, years)):
        women = women * (1 - rates.exit_rate_women) + share * rates.entries_per_year
        men = men * (1 - rates.exit_rate_men) + (1 - share) * rates.entries_per_year
    return women, men


def required_entry_share(
    women: float, men: float, rates: FlowRates, years: int, target: float
) -> tuple[float | None, bool]:
    """Return (share of entries that must be women, reachable) to hit target after years."""
    keep_w, keep_m = 1 - rates.exit_rate_women, 1 - rates.exit_rate_men
    sum_w = sum(keep_w**k for k in range(years))
    sum_m = sum(keep_m**k for k in range(years))
    base_w, base_m = women * keep_w**years, men * keep_m**years
    entries = rates.entries_per_year
    denominator = entries * ((1 - target) * sum_w + target * sum_m)
    if years <= 0 or denominator <= 0:
        share_now = women / (women + men) if women + men else 0.0
        return None, share_now + 1e-9 >= target
    needed = (target * (base_m + entries * sum_m) - (1 - target) * base_w) / denominator
    if needed > 1:
        return 1.0, False
    return max(0.0, needed), True


def target_status(
    trend: pl.DataFrame,
    band_flows: pl.DataFrame,
    target: TargetSpec,
    min_years: int = MIN_OBSERVED_YEARS,
) -> TargetStatus:
    """Return progress and both projections of a band against its target.

    With fewer than ``min_years`` observed years there is a current share but no projection,
    required share or verdict (``too_little_data``).
    """
    observed = trend.filter(pl.col("total") > 0).sort("year")
    if observed.height == 0:
        return TargetStatus(
            target, None, None, None, None, None, None, False, None, (), too_little_data=True
        )
    years = tuple(int(y) for y in observed["year"].to_list())
    last = observed.row(-1, named=True)
    current = last["share_women"]
    gap = (target.target_share - current) * 100 if current is not None else None
    rates = flow_rates(band_flows)
    if len(years) < min_years:
        return TargetStatus(
            target, last["year"], current, gap, None, None, None, True, rates, years, True
        )
    years_left = target.target_year - last["year"]
    linear = linear_projection(observed, target.target_year)
    flow_share = required = None
    reachable = True
    if rates is not None:
        women, men = project_flows(last["women"], last["men"], rates, years_left)
        flow_share = women / (women + men) if women + men else None
        required, reachable = required_entry_share(
            last["women"], last["men"], rates, years_left, target.target_share
        )
    return TargetStatus(
        target, last["year"], current, gap, linear, flow_share, required, reachable, rates, years
    )


def projection_path(
    trend: pl.DataFrame,
    band_flows: pl.DataFrame,
    target: TargetSpec,
    min_years: int = MIN_OBSERVED_YEARS,
) -> dict[str, tuple[list[int], list[float]]]:
    """Return year-by-year projected shares (linear and flow-based) up to the target year."""
    observed = trend.filter(pl.col("total") > 0).sort("year")
    if observed.height < max(1, min_years):
        return {}
    last = observed.row(-1, named=True)
    years = list(range(last["year"], target.target_year + 1))
    paths: dict[str, tuple[list[int], list[float]]] = {}
    linear = [linear_projection(observed, y) for y in years]
    if all(v is not None for v in linear):
        paths["linear"] = (years, [float(v) for v in linear if v is not None])
    rates = flow_rates(band_flows)
    if rates is not None:
        shares = []
        for offset in range(len(years)):
            women, men = project_flows(last["women"], last["men"], rates, offset)
            shares.append(women / (women + men) if women + men else 0.0)
        paths["flow"] = (years, shares)
    return paths
