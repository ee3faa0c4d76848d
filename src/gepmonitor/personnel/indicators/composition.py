"""Headcount and FTE by gender: overall, per band, per unit, per age band, and trends."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.indicators.staff_codes import GENDER_BITS, GENDER_CODES, state_expr
from gepmonitor.personnel.schema import active_expr

# Output columns of every gender breakdown. As in the plans' tables, shares are of men + women:
# share_women = women / (men + women). People registered as x or onbekend are counted in "total"
# and reported separately (column "other" = x + unknown), so small numbers of them never shift
# or reveal the published men/women figures.
# Missing is not zero: a column the import did not have is null for every row, and a figure that
# depends on it is null ("no data") for that year: the managers band without a manager column,
# FTE without an FTE column; units and age bands give no rows without a unit or birth column.
COUNT_COLUMNS = ("men", "women", "x", "unknown")
FTE_COLUMNS = ("fte_men", "fte_women", "fte_total")
AGE_BANDS = (
    (0, 24, "<25"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 200, "55+"),
)


def active(frame: pl.DataFrame) -> pl.DataFrame:
    """Return only the employees active on their peildatum."""
    return frame.filter(active_expr())


def unknown_years(frame: pl.DataFrame, column: str) -> set[int]:
    """Return the years whose staff rows have no value at all in the column (not imported)."""
    known = (
        active(frame)
        .group_by("year")
        .agg(pl.col(column).is_not_null().any().alias("known"))
        .filter(~pl.col("known"))
    )
    return {int(y) for y in known["year"].to_list()}


def blank_years(result: pl.DataFrame, years: set[int], columns: Sequence[str]) -> pl.DataFrame:
    """Null the columns of the rows of the given years (figures with no data)."""
    if not years or result.is_empty():
        return result
    unknown = pl.col("year").is_in(sorted(years))
    return result.with_columns(
        pl.when(unknown).then(None).otherwise(pl.col(c)).alias(c) for c in columns
    )


def _blank_fte(result: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """Null the FTE sums of a breakdown where the snapshot had no FTE column."""
    years = unknown_years(frame, "fte")
    if "year" in result.columns:
        return blank_years(result, years, FTE_COLUMNS)
    if years:  # a breakdown of one year
        return result.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in FTE_COLUMNS)
    return result


def fte_sum(rows: pl.Expr, count: pl.Expr, known: pl.Expr) -> pl.Expr:
    """Return the FTE sum of the rows where ``rows`` holds, or no data (null) if none has FTE.

    ``count`` is the number of people a row stands for, ``known`` whether its FTE is known. A
    group of people none of whom has an FTE value has an unknown FTE, never an FTE of 0.0; a
    group without people sums to 0.0 (callers blank empty bands where they have no FTE).
    """
    people = count.filter(rows).sum()
    with_fte = (known & rows).any()
    return pl.when((people > 0) & ~with_fte).then(None).otherwise(pl.col("fte").filter(rows).sum())


def _breakdown_sums() -> list[pl.Expr]:
    known, one = pl.col("fte").is_not_null(), pl.lit(1)
    return [
        (pl.col("gender") == "m").sum().cast(pl.Int64).alias("men"),
        (pl.col("gender") == "v").sum().cast(pl.Int64).alias("women"),
        (pl.col("gender") == "x").sum().cast(pl.Int64).alias("x"),
        (pl.col("gender") == "onbekend").sum().cast(pl.Int64).alias("unknown"),
        pl.len().cast(pl.Int64).alias("total"),
        fte_sum(pl.col("gender") == "m", one, known).alias("fte_men"),
        fte_sum(pl.col("gender") == "v", one, known).alias("fte_women"),
        fte_sum(pl.lit(True), one, known).alias("fte_total"),
    ]


def gender_breakdown(frame: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Count active employees and FTE by gender, grouped by the given columns."""
    rows = active(frame)
    if by:
        result = rows.group_by(list(by)).agg(_breakdown_sums()).sort(list(by))
    else:
        result = rows.select(_breakdown_sums())
    return with_shares(_blank_fte(result, frame))


def with_shares(frame: pl.DataFrame) -> pl.DataFrame:
    """Add men_women, other, share_women and share_men (of men + women) to a breakdown."""
    both = pl.col("men") + pl.col("women")
    denominator = pl.when(both > 0).then(both).otherwise(None)
    return frame.with_columns(
        both.alias("men_women"),
        (pl.col("x") + pl.col("unknown")).alias("other"),
        (pl.col("women") / denominator).alias("share_women"),
        (pl.col("men") / denominator).alias("share_men"),
    )


def band_unknown_years(frame: pl.DataFrame, band: Band) -> set[int]:
    """Return the years in which the band cannot be told (no manager column for a managers band)."""
    return unknown_years(frame, "is_manager") if band.managers_only else set()


def band_trend(frame: pl.DataFrame, band: Band) -> pl.DataFrame:
    """Return the band's gender breakdown for every peildatum (one row per year)."""
    years = frame.select("year").unique().sort("year")
    counts = gender_breakdown(frame.filter(band.expr()), by=["year"])
    result = years.join(counts, on="year", how="left").with_columns(
        [pl.col(c).fill_null(0) for c in (*COUNT_COLUMNS, "total", "men_women", "other")]
    )
    result = blank_years(result, unknown_years(frame, "fte"), FTE_COLUMNS)
    blank = band_unknown_years(frame, band)
    return blank_years(result, blank, [c for c in result.columns if c != "year"])


def band_trends(frame: pl.DataFrame, bands: Sequence[Band]) -> dict[str, pl.DataFrame]:
    """Return band_trend of each band (the same tables) from one pass over the rows."""
    cube = with_states(row_cube(frame.lazy()).collect(), bands)
    unknown = cube_unknown_years(cube)
    return trends_from_cube(
        cube,
        bands,
        fte_unknown=unknown["fte"],
        manager_unknown=unknown["is_manager"],
    )


# Columns a snapshot may lack (not imported): a figure that needs one is "no data" that year.
OPTIONAL = ("fte", "is_manager", "banenafspraak", "unit", "birth_year")
# What a row's state (staff_codes.state_expr) is made of.
STATE_COLUMNS = ("gender", "scale", "is_manager")


def row_cube(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Return the rows counted by year, staff and what their state is made of (STATE_COLUMNS).

    Columns: n, fte (sum), banenafspraak (count of true), known_<column> for each OPTIONAL
    column (any value). A few hundred rows from which every trend is summed (with_states).
    """
    return rows.group_by("year", "staff", *STATE_COLUMNS).agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col("fte").sum(),
        pl.col("banenafspraak").fill_null(False).sum().cast(pl.Int64),
        *[pl.col(c).is_not_null().any().alias(f"known_{c}") for c in OPTIONAL],
    )


def with_states(cube: pl.DataFrame, bands: Sequence[Band]) -> pl.DataFrame:
    """Return the row cube (row_cube) summed by year, staff and state s (gender and bands)."""
    return (
        cube.with_columns(state_expr(bands).alias("s"))
        .group_by("year", "staff", "s")
        .agg(
            pl.col("n", "fte", "banenafspraak").sum(),
            *[pl.col(f"known_{c}").any() for c in OPTIONAL],
        )
    )


def cube_unknown_years(cube: pl.DataFrame) -> dict[str, set[int]]:
    """Return per OPTIONAL column the years it is unknown in (as unknown_years)."""
    staff = cube.filter(active_expr())
    known = staff.group_by("year").agg(pl.col(f"known_{c}").any() for c in OPTIONAL)
    return {
        c: {int(y) for y in known.filter(~pl.col(f"known_{c}"))["year"].to_list()} for c in OPTIONAL
    }


def _cube_sums(inside: pl.Expr) -> list[pl.Expr]:
    """Return the count and FTE sums of a breakdown over the cube rows where inside holds."""
    gender = pl.col("s") % (1 << GENDER_BITS)
    sums = [
        pl.col("n").filter(inside & (gender == code)).sum().alias(column)
        for column, code in zip(COUNT_COLUMNS, GENDER_CODES.values(), strict=True)
    ]
    sums.append(pl.col("n").filter(inside).sum().alias("total"))
    for column, condition in (
        ("fte_men", gender == GENDER_CODES["m"]),
        ("fte_women", gender == GENDER_CODES["v"]),
        ("fte_total", pl.lit(True)),
    ):
        sums.append(fte_sum(inside & condition, pl.col("n"), pl.col("known_fte")).alias(column))
    return sums


def _in_band(index: int) -> pl.Expr:
    return (pl.col("s") // (1 << (GENDER_BITS + index))) % 2 == 1


def trends_from_cube(
    cube: pl.DataFrame,
    bands: Sequence[Band],
    *,
    fte_unknown: set[int],
    manager_unknown: set[int],
) -> dict[str, pl.DataFrame]:
    """Return each band's trend (as band_trend) from the cube (state_cube): one row per year."""
    aggregations = [
        expr.alias(f"{index}|{expr.meta.output_name()}")
        for index in range(len(bands))
        for expr in _cube_sums(active_expr() & _in_band(index))
    ]
    wide = cube.group_by("year").agg(aggregations).sort("year")
    result = {}
    for index, band in enumerate(bands):
        prefix = f"{index}|"
        part = wide.select(
            "year",
            *[
                pl.col(c).alias(c.removeprefix(prefix))
                for c in wide.columns
                if c.startswith(prefix)
            ],
        ).with_columns([pl.col(c).fill_null(0) for c in (*COUNT_COLUMNS, "total")])
        # As band_trend: a year without anyone in the band has no FTE, not an FTE of zero.
        part = part.with_columns(
            [pl.when(pl.col("total") > 0).then(pl.col(c)).alias(c) for c in FTE_COLUMNS]
        )
        part = with_shares(blank_years(part, fte_unknown, FTE_COLUMNS))
        blank = manager_unknown if band.managers_only else set()
        result[band.code] = blank_years(part, blank, [c for c in part.columns if c != "year"])
    return result


def overall_from_cube(cube: pl.DataFrame, *, fte_unknown: set[int]) -> pl.DataFrame:
    """Return the organisation's trend (as overall_trend) from the cube (state_cube)."""
    result = cube.filter(active_expr()).group_by("year").agg(_cube_sums(pl.lit(True))).sort("year")
    return with_shares(blank_years(result, fte_unknown, FTE_COLUMNS))


def banenafspraak_from_cube(cube: pl.DataFrame, *, unknown: set[int]) -> pl.DataFrame:
    """Return banenafspraak_count from the cube (state_cube)."""
    counts = (
        cube.filter(active_expr()).group_by("year").agg(pl.col("banenafspraak").sum()).sort("year")
    )
    return blank_years(counts, unknown, ["banenafspraak"])


def overall_trend(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the whole organisation's gender breakdown for every peildatum."""
    return gender_breakdown(frame, by=["year"])


def by_band(frame: pl.DataFrame, year: int, bands: Sequence[Band]) -> pl.DataFrame:
    """Return one row per band for a year: its gender breakdown."""
    rows = frame.filter(pl.col("year") == year)
    parts = [
        gender_breakdown(rows.filter(band.expr())).with_columns(pl.lit(band.code).alias("band"))
        for band in bands
    ]
    return pl.concat(parts).select("band", pl.exclude("band"))


def by_scale(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Return one row per salary scale (label) for a year."""
    rows = frame.filter(pl.col("year") == year)
    return (
        gender_breakdown(rows, by=["scale_label"])
        .with_columns(pl.col("scale_label").cast(pl.Int32, strict=False).alias("_order"))
        .sort("_order", nulls_last=True)
        .drop("_order")
    )


def by_unit(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Return one row per unit for a year; no rows when the snapshot had no unit column."""
    rows = frame.filter(pl.col("year") == year)
    return one_year_breakdown(
        unit_query(rows.lazy(), year).collect(),
        column_unknown=year in unknown_years(rows, "unit"),
        fte_unknown=year in unknown_years(rows, "fte"),
    )


def unit_query(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Return the query behind by_unit (finish it with one_year_breakdown)."""
    rows = frame.filter((pl.col("year") == year) & active_expr())
    return (
        rows.with_columns(pl.col("unit").fill_null("onbekend"))
        .group_by("unit")
        .agg(_breakdown_sums())
        .sort("unit")
    )


def one_year_breakdown(
    result: pl.DataFrame, *, column_unknown: bool, fte_unknown: bool
) -> pl.DataFrame:
    """Return a breakdown of one year with shares.

    No rows when the snapshot had no such column; no FTE when it had no FTE column.
    """
    if column_unknown:
        return with_shares(result.clear())
    if fte_unknown:
        result = result.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in FTE_COLUMNS)
    return with_shares(result)


def age_band_expr() -> pl.Expr:
    """Return an expression giving each row's age band on its peildatum."""
    age = pl.col("year") - pl.col("birth_year")
    expr: pl.Expr = pl.lit("onbekend")
    for low, high, label in reversed(AGE_BANDS):
        expr = pl.when(age.is_between(low, high)).then(pl.lit(label)).otherwise(expr)
    return expr.alias("age_band")


def by_age_band(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Return one row per age band for a year."""
    rows = frame.filter(pl.col("year") == year)
    return one_year_breakdown(
        age_query(rows.lazy(), year).collect(),
        column_unknown=year in unknown_years(rows, "birth_year"),  # no birth column: no bands
        fte_unknown=year in unknown_years(rows, "fte"),
    )


def age_query(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Return the query behind by_age_band (finish it with one_year_breakdown)."""
    rows = frame.filter((pl.col("year") == year) & active_expr())
    order = {label: index for index, (_, _, label) in enumerate(AGE_BANDS)}
    return (
        rows.with_columns(age_band_expr())
        .group_by("age_band")
        .agg(_breakdown_sums())
        .sort("age_band")
        .with_columns(pl.col("age_band").replace_strict(order, default=99).alias("_order"))
        .sort("_order")
        .drop("_order")
    )


def banenafspraak_count(frame: pl.DataFrame) -> pl.DataFrame:
    """Return per year the staff counted for the banenafspraak (null: no data)."""
    counts = (
        active(frame)
        .group_by("year")
        .agg(pl.col("banenafspraak").fill_null(False).sum().cast(pl.Int64).alias("banenafspraak"))
        .sort("year")
    )
    return blank_years(counts, unknown_years(frame, "banenafspraak"), ["banenafspraak"])
