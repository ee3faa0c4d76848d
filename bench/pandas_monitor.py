"""The monitor's tables written in pandas as a good analyst would: the baseline of bench_monitor.

Categorical gender and unit; one groupby of the active rows by year, scale, manager flag and
gender, from which every band's trend and the organisation's are summed; one outer merge per pair
of consecutive peildata, whose flow conditions (the organisation's and every band's) are counted
by gender in one groupby, and the reasons for leaving in one crosstab. The tables then go through
the application's own disclosure control (personnel.disclosure.protect_tables) and projections,
so that the published result can be compared with build_monitor's cell by cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.disclosure import (
    BAND_FLOWS,
    ORG_FLOWS,
    Published,
    protect_tables,
    rate_sums,
)
from gepmonitor.personnel.indicators import projection
from gepmonitor.personnel.indicators.composition import AGE_BANDS
from gepmonitor.personnel.indicators.flows import FLOW_ORDER
from gepmonitor.personnel.target_spec import TargetSpec

GENDERS = ["m", "v", "x", "onbekend"]
NAMES = {"m": "men", "v": "women", "x": "x", "onbekend": "unknown"}
COUNTS = ["men", "women", "x", "unknown"]
PUBLISHED = ["men", "women", "men_women", "other", "share_women", "share_men"]


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Return the snapshot frame as an analyst loads it: categorical gender and unit."""
    data = frame.select(
        "year",
        "employee_key",
        "gender",
        "birth_year",
        "scale",
        "fte",
        "unit",
        "is_manager",
        "banenafspraak",
        "peildatum",
        "exit_date",
        "exit_reason",
    ).to_pandas()
    data["gender"] = pd.Categorical(data["gender"], categories=GENDERS)
    data["unit"] = data["unit"].astype("category")
    return data


def _shares(table: pd.DataFrame) -> pd.DataFrame:
    table["men_women"] = table["men"] + table["women"]
    table["other"] = table["x"] + table["unknown"]
    both = table["men_women"].where(table["men_women"] > 0)
    table["share_women"] = table["women"] / both
    table["share_men"] = table["men"] / both
    return table


def _by_gender(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return per key the head count and FTE of each gender (wide), with shares."""
    grouped = rows.groupby([*keys, "gender"], observed=True, dropna=False, sort=True)
    heads = grouped.size().unstack("gender", fill_value=0).reindex(columns=GENDERS, fill_value=0)
    fte = grouped["fte"].sum().unstack("gender", fill_value=0.0)
    table = heads.rename(columns=NAMES).astype("int64")
    table["total"] = table[COUNTS].sum(axis=1)
    table["fte_men"] = fte.get("m", 0.0)
    table["fte_women"] = fte.get("v", 0.0)
    return _shares(table)


def _band_mask(frame: pd.DataFrame, band: Band) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    if band.min_scale is not None:
        mask &= frame["scale"].ge(band.min_scale).fillna(False).astype(bool)
    if band.max_scale is not None:
        mask &= frame["scale"].le(band.max_scale).fillna(False).astype(bool)
    if band.managers_only:
        mask &= frame["is_manager"].fillna(False).astype(bool)
    return mask


def _trends(active: pd.DataFrame, years: list[int], bands: Sequence[Band]) -> dict[str, object]:
    """Return the overall trend and every band's, from one groupby of the active rows."""
    cube = (
        active.groupby(["year", "scale", "is_manager", "gender"], observed=True, dropna=False)
        .agg(n=("fte", "size"), fte=("fte", "sum"))
        .reset_index()
    )

    def trend(cells: pd.DataFrame, all_years: bool) -> pd.DataFrame:
        heads = cells.pivot_table(
            index="year", columns="gender", values="n", aggfunc="sum", observed=True
        )
        fte = cells.pivot_table(
            index="year", columns="gender", values="fte", aggfunc="sum", observed=True
        )
        table = heads.reindex(columns=GENDERS).fillna(0).rename(columns=NAMES).astype("int64")
        table["total"] = table[COUNTS].sum(axis=1)
        table["fte_men"] = fte["m"].fillna(0.0) if "m" in fte else 0.0
        table["fte_women"] = fte["v"].fillna(0.0) if "v" in fte else 0.0
        if all_years:
            table = table.reindex(years)
            table[[*COUNTS, "total"]] = table[[*COUNTS, "total"]].fillna(0).astype("int64")
        return _shares(table)

    result: dict[str, object] = {"overall": trend(cube, all_years=False)}
    for band in bands:
        result[band.code] = trend(cube[_band_mask(cube, band)], all_years=True)
    return result


def _flows(frame: pd.DataFrame, years: list[int], bands: Sequence[Band]) -> dict[str, object]:
    """Return every flow table and the reasons for leaving: one outer merge per year pair."""
    is_active = frame["exit_date"].isna() | (frame["exit_date"] > frame["peildatum"])
    flags = {f"b{i}": _band_mask(frame, band) for i, band in enumerate(bands)}
    rows = frame[["year", "employee_key", "gender", "exit_reason"]].assign(
        active=is_active, **flags
    )
    by_year = dict(tuple(rows.groupby("year", sort=False)))
    flow_rows, reason_rows = [], []
    band_flags = list(flags)
    for before_year, year in zip(years, years[1:], strict=False):
        before = by_year.get(before_year, rows.iloc[:0])
        before = before[before["active"]].drop(columns=["year", "exit_reason", "active"])
        after = by_year.get(year, rows.iloc[:0]).drop(columns="year")
        pair = before.merge(after, on="employee_key", how="outer", suffixes=("_0", ""))
        was = pair["gender_0"].notna()
        now = pair["active"].eq(True)
        gender = pair["gender"].where(now, pair["gender_0"])
        conditions = {"": {"inflow": now & ~was, "outflow": was & ~now}}
        for flag in band_flags:
            in_band, was_in = pair[flag].eq(True) & now, pair[f"{flag}_0"].eq(True)
            conditions[flag] = {
                "band_start": was_in,
                "band_hired": in_band & ~was,
                "band_promoted": in_band & was & ~was_in,
                "band_entries": in_band & ~was_in,
                "band_left_org": was_in & ~now,
                "band_moved_out": was_in & now & ~in_band,
                "band_exits": was_in & ~(now & in_band),
            }
        # Every condition a column, counted by gender in one groupby (NaN gender: not counted).
        flags = pd.DataFrame(
            {
                (part, flow): condition
                for part, named in conditions.items()
                for flow, condition in named.items()
            }
        )
        counted = flags.groupby(gender, observed=False).sum().reindex(GENDERS, fill_value=0)
        for part, flow in flags.columns:
            flow_rows.append(
                {"part": part, "year": year, "from_year": before_year, "flow": flow}
                | {NAMES[g]: int(counted.at[g, (part, flow)]) for g in GENDERS}
            )
        gone = pair[was & ~now]
        reason = gone["exit_reason"].where(gone["active"].eq(False)).fillna("onbekend")
        table = pd.crosstab(reason, gone["gender_0"]).reindex(columns=GENDERS, fill_value=0)
        for exit_reason, counts in table.iterrows():
            reason_rows.append(
                {"year": year, "from_year": before_year, "exit_reason": exit_reason}
                | {NAMES[g]: int(counts[g]) for g in GENDERS}
            )
    flows = pd.DataFrame(flow_rows, columns=["part", "year", "from_year", "flow", *COUNTS])
    flows["total"] = flows[COUNTS].sum(axis=1)
    result: dict[str, object] = {"": flows[flows["part"] == ""]}
    for flag, band in zip(band_flags, bands, strict=True):
        result[band.code] = flows[flows["part"].isin(["", flag])]
    reasons = pd.DataFrame(reason_rows, columns=["year", "from_year", "exit_reason", *COUNTS])
    reasons["total"] = reasons[COUNTS].sum(axis=1)
    result["reasons"] = reasons
    return result


def _ages(now: pd.DataFrame) -> pd.DataFrame:
    age = now["year"] - now["birth_year"]
    label = pd.Series("onbekend", index=now.index, dtype=object)
    for low, high, name in AGE_BANDS:
        label[age.between(low, high).fillna(False).astype(bool)] = name
    order = [name for _, _, name in AGE_BANDS] + ["onbekend"]
    rows = now.assign(age_band=pd.Categorical(label, categories=order))
    return _by_gender(rows, ["age_band"])


def _pl(table: pd.DataFrame, keys: list[str], columns: list[str]) -> pl.DataFrame:
    """Return a wide pandas table (keys in the index or columns) as the published Polars frame."""
    flat = table.reset_index() if keys[0] not in table.columns else table
    flat = flat.assign(no_data=flat["total"].isna())[[*keys, *columns]].copy()
    for column in ("fte_men", "fte_women"):
        if column in flat:
            flat[column] = flat[column].round(2)
    frame = pl.from_pandas(flat, nan_to_null=True)
    return frame.with_columns(pl.col(c).cast(pl.String) for c in keys if c not in ("year",))


def _flow_table(flows: pd.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    order = {name: index for index, name in enumerate(FLOW_ORDER)}
    part = flows[flows["flow"].isin(list(names))].copy()
    part["_order"] = part["flow"].map(order)
    part = part.sort_values(["year", "_order"], kind="stable")
    part = _shares(part).assign(no_data=part["total"].isna())
    columns = ["year", "from_year", "flow", "men", "women", "men_women", "other", "no_data"]
    return pl.from_pandas(part[columns])


def pandas_monitor(
    data: pd.DataFrame, bands: Sequence[Band], targets: Sequence[TargetSpec], min_cell: int
) -> dict[str, object]:
    """Return the published tables and each target's status, as build_monitor publishes them."""
    years = sorted(int(y) for y in data["year"].unique())
    last = years[-1]
    active = data[data["exit_date"].isna() | (data["exit_date"] > data["peildatum"])]
    trends = _trends(active, years, bands)
    flows = _flows(data, years, bands)
    now = active[active["year"] == last]
    breakdown = [*PUBLISHED, "fte_men", "fte_women", "no_data"]
    reasons = flows["reasons"]
    assert isinstance(reasons, pd.DataFrame)
    reasons = _shares(reasons).sort_values(
        ["year", "total", "exit_reason"], ascending=[True, False, True], kind="stable"
    )
    tables = {
        "overall": Published(_pl(trends["overall"], ["year"], breakdown), ("year",)),  # type: ignore[arg-type]
        "org_flows": Published(_flow_table(flows[""], ORG_FLOWS), ("year", "flow")),  # type: ignore[arg-type]
        "units": Published(_pl(_by_gender(now, ["unit"]), ["unit"], breakdown), ("unit",)),
        "ages": Published(_pl(_ages(now), ["age_band"], breakdown), ("age_band",)),
        "reasons": Published(
            pl.from_pandas(reasons[["year", "from_year", "exit_reason", *PUBLISHED[:4]]]),
            ("year", "exit_reason"),
        ),
    }
    raw: dict[str, tuple[pl.DataFrame, pl.DataFrame]] = {}
    for band in bands:
        trend = trends[band.code]
        band_flows = flows[band.code]
        assert isinstance(trend, pd.DataFrame) and isinstance(band_flows, pd.DataFrame)
        tables[f"trend:{band.code}"] = Published(_pl(trend, ["year"], breakdown), ("year",))
        tables[f"flows:{band.code}"] = Published(
            _flow_table(band_flows, BAND_FLOWS), ("year", "flow")
        )
        if band.code in {t.band_code for t in targets}:  # the sums behind its projection rates
            rates = rate_sums(
                tables[f"flows:{band.code}"].frame, tables[f"trend:{band.code}"].frame
            )
            tables[f"rates:{band.code}"] = Published(rates, ("flow",))
        raw_flows = pl.from_pandas(band_flows.drop(columns="part"))
        raw[band.code] = (_pl(trend, ["year"], ["total", *PUBLISHED]), raw_flows)
    shown = protect_tables(tables, min_cell)
    statuses = {}
    for target in targets:
        trend, band_flows = raw[target.band_code]
        status = projection.target_status(trend, band_flows, target)
        last = shown[f"trend:{target.band_code}"].filter(pl.col("year") == status.last_year)
        # As build_monitor: a hidden share, or a hidden sum behind the rates, leaves no projection.
        if last.height and last["share_women"][0] is None:
            status = replace(status, current_share=None, gap_points=None, too_little_data=True)
        rates = shown[f"rates:{target.band_code}"]
        if rates.select(pl.col("men").is_null() | pl.col("women").is_null()).to_series().any():
            status = replace(status, too_little_data=True)
        if status.too_little_data:
            status = replace(
                status, linear_projection=None, flow_projection=None, required_entry_share=None
            )
        statuses[target.band_code] = status
    banenafspraak = active.groupby("year")["banenafspraak"].sum().astype("int64")
    return {
        "tables": shown,
        "statuses": statuses,
        "banenafspraak": {
            int(y): (int(n) if n == 0 or n >= min_cell else None) for y, n in banenafspraak.items()
        },
    }
