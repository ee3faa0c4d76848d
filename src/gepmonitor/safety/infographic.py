"""The one-page infographic of the annual report for the website (PNG, SVG or PDF)."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from gepmonitor.core.formatting import format_count  # noqa: E402
from gepmonitor.core.i18n import gettext, ngettext  # noqa: E402

if TYPE_CHECKING:  # the report imports this module to draw its infographic
    from gepmonitor.safety.report import IntegrityReport

COLOURS = ("#4b1d5a", "#1f6f8b", "#7b2d8e", "#2e6b3f", "#8a5300", "#444")


def tiles(report: IntegrityReport, lang: str) -> list[tuple[str, str]]:
    """Return the infographic's tiles: a figure and what it counts, in the language."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    behaviour, integrity = report.totals["undesirable_behaviour"], report.totals["integrity"]
    reports_now = report.reports[-1] if report.reports else [report.year, 0, 0, 0]
    # Every tile says what it counts: the oath register only, and which counsellors' track.
    oaths = (
        (
            format_count(report.oaths, 1),
            ngettext(
                "employee took the oath or affirmation (oath register)",
                "employees took the oath or affirmation (oath register)",
                report.oaths,
                lang,
            ),
        )
        if report.oaths is not None
        else ("–", gettext("oaths and affirmations: no data in the oath register", lang))
    )
    return [
        oaths,
        (
            f"{format_count(behaviour.people, report.min_cell)} / "
            f"{format_count(behaviour.conversations, report.min_cell)}",
            ngettext(
                "people / conversations with the {n} counsellor for\nundesirable behaviour",
                "people / conversations with the {n} counsellors for\nundesirable behaviour",
                behaviour.counsellors,
                lang,
            ),
        ),
        (
            f"{format_count(integrity.people, report.min_cell)} / "
            f"{format_count(integrity.conversations, report.min_cell)}",
            ngettext(
                "people / conversations with the {n} counsellor for\nintegrity",
                "people / conversations with the {n} counsellors for\nintegrity",
                integrity.counsellors,
                lang,
            ),
        ),
        (
            gettext("no data", lang)
            if "with_hierarchical_relation" in behaviour.no_data
            else format_count(behaviour.with_hierarchical_relation, report.min_cell),
            gettext(
                "conversations about situations with a hierarchical relation, with the "
                "counsellors for undesirable behaviour",
                lang,
            ),
        ),
        (
            format_count(reports_now[3], report.min_cell),
            ngettext(
                "formal report or complaint, both tracks",
                "formal reports and complaints, both tracks",
                reports_now[3] if reports_now[3] is not None else 2,
                lang,
            ),
        ),
        (
            str(len(report.trainings)),
            ngettext(
                "training or workshop", "trainings and workshops", len(report.trainings), lang
            ),
        ),
    ]


def render_infographic(report: IntegrityReport, lang: str, fmt: str) -> bytes:
    """Draw the infographic and return it as png, svg or pdf bytes."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    fig = plt.figure(figsize=(8.27, 11.69))  # A4 portrait
    fig.patch.set_facecolor("white")
    fig.text(
        0.07,
        0.94,
        t("Integrity {year}", year=report.year),
        fontsize=24,
        weight="bold",
        color=COLOURS[0],
    )
    fig.text(0.07, 0.905, report.org_name, fontsize=13, color="#333")
    for index, (value, label) in enumerate(tiles(report, lang)):
        row, col = divmod(index, 2)
        x, y = 0.07 + col * 0.45, 0.66 - row * 0.25
        box = FancyBboxPatch(
            (x, y),
            0.41,
            0.21,
            boxstyle="round,pad=0.005,rounding_size=0.02",
            transform=fig.transFigure,
            facecolor=COLOURS[index],
            alpha=0.12,
            edgecolor=COLOURS[index],
            linewidth=1.5,
        )
        fig.add_artist(box)
        fig.text(x + 0.03, y + 0.11, value, fontsize=34, weight="bold", color=COLOURS[index])
        fig.text(
            x + 0.03,
            y + 0.03,
            textwrap.fill(label.replace("\n", " "), 30),
            fontsize=11,
            color="#222",
            va="bottom",
        )
    fig.text(
        0.07,
        0.06,
        t(
            "Conversations are recorded without names; * = not shown (fewer than {min_cell}, "
            "or would reveal a small count). Made with gepmonitor.",
            min_cell=report.min_cell,
        ),
        fontsize=9,
        color="#555",
        wrap=True,
    )
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}  # same data, same file
    fig.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else None, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()
