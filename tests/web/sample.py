"""Small personnel files for the web tests (synthetic; no real people)."""

from __future__ import annotations

HEADER = "Personeelsnummer;Naam;Geslacht;Geboortejaar;Schaal;FTE;Afdeling;Leidinggevende"
UNITS = ("Ruimte", "Mobiliteit", "Financiën")


def good_rows(count: int = 36, women_high: int = 6, start: int = 5000) -> list[str]:
    """Return rows: scales 8-14 across three units; women_high women in scale 11 and up."""
    rows = []
    women_left = women_high
    for index in range(count):
        scale = 8 + index % 7
        high = scale >= 11
        gender = "V" if (high and women_left > 0) or (not high and index % 2) else "M"
        if high and gender == "V":
            women_left -= 1
        unit = UNITS[index % 3]
        manager = "ja" if index % 9 == 0 else "nee"
        rows.append(
            f"{start + index};Persoon {index};{gender};{1960 + index % 40};{scale};1,0;{unit};"
            f"{manager}"
        )
    return rows


def personnel_csv(rows: list[str]) -> bytes:
    """Return a semicolon CSV as Dutch HR systems export it."""
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


def rows_with_errors() -> list[str]:
    """Return good rows with three bad cells: gender, scale and FTE."""
    rows = good_rows()
    rows[2] = rows[2].replace(";V;", ";Q;").replace(";M;", ";Q;")
    rows[4] = "5004;Persoon 4;M;1964;twaalf;1,0;Ruimte;nee"
    rows[7] = "5007;Persoon 7;V;1967;10;veel;Mobiliteit;nee"
    return rows
