"""Texts of the personnel pages (dashboard, imports, targets, reports) in Dutch and English."""

from gepmonitor.core.i18n import register

register(
    {
        "nav.dashboard": ("Dashboard", "Dashboard"),
        "nav.imports": ("Personeelsimport", "Personnel imports"),
        "nav.targets": ("Streefwaarden", "Targets"),
        "nav.reports": ("Rapportages", "Reports"),
        "api.band_not_shown": (
            "Band '{band}' staat niet in de monitor; bekend: {known}.",
            "Band '{band}' is not in the monitor; known: {known}.",
        ),
        # targets
        "targets.title": ("Streefwaarden", "Targets"),
        "targets.intro": (
            "Het aandeel vrouwen dat per band in een streefjaar wordt nagestreefd. Het dashboard "
            "en de monitor vergelijken de cijfers hiermee.",
            "The share of women aimed for per band by a target year. The dashboard and the "
            "monitor compare the figures with it.",
        ),
        "targets.band": ("Band", "Band"),
        "targets.band_hint": (
            "11+ (schaal 11 en hoger), 13+, lg (leidinggevenden) of N+ voor schaal N en hoger.",
            "11+ (scale 11 and higher), 13+, lg (managers) or N+ for scale N and higher.",
        ),
        "targets.share": ("Streefwaarde (% vrouwen)", "Target (% women)"),
        "targets.share_hint": ("Bijvoorbeeld 45 of 45,5.", "For example 45 or 45.5."),
        "targets.year": ("Streefjaar", "Target year"),
        "targets.start_year": ("Beginjaar (optioneel)", "Start year (optional)"),
        "targets.note": ("Toelichting", "Note"),
        "targets.add": ("Streefwaarde toevoegen of wijzigen", "Add or change a target"),
        "targets.save": ("Opslaan", "Save"),
        "targets.none": ("Er zijn nog geen streefwaarden.", "There are no targets yet."),
        "targets.saved": (
            "Streefwaarde voor band {band} opgeslagen.",
            "Target for band {band} saved.",
        ),
        "targets.deleted": (
            "Streefwaarde voor band {band} verwijderd.",
            "Target for band {band} deleted.",
        ),
        "targets.bad_share": (
            "Streefwaarde '{value}' is geen getal; schrijf bijvoorbeeld 45 of 45,5.",
            "Target '{value}' is not a number; write for example 45 or 45.5.",
        ),
        "targets.bad_year": (
            "'{value}' is geen jaartal (veld {field}); schrijf bijvoorbeeld 2030.",
            "'{value}' is not a year (field {field}); write for example 2030.",
        ),
        # reports
        "reports.title": ("Rapportages", "Reports"),
        "reports.monitor": ("Jaarlijkse GEP-monitor", "Yearly GEP monitor"),
        "reports.monitor_intro": (
            "De monitor met het aandeel vrouwen per band, streefwaarden, projecties en stromen. "
            "Kleine aantallen zijn onderdrukt. Elke download wordt vastgelegd in het auditlog.",
            "The monitor with the share of women per band, targets, projections and flows. "
            "Small numbers are suppressed. Every download is recorded in the audit log.",
        ),
        "reports.format": ("Formaat", "Format"),
        "reports.lang": ("Taal van het rapport", "Language of the report"),
        "reports.generate": ("Maak en download", "Generate and download"),
        "reports.bad_lang": (
            "Onbekende taal '{value}': kies nl of en.",
            "Unknown language '{value}': choose nl or en.",
        ),
        # imports
        "imports.title": ("Personeelsgegevens importeren", "Import personnel data"),
        "imports.upload": ("Bestand controleren", "Check a file"),
        "imports.upload_intro": (
            "Kies een CSV- of XLSX-export uit het HR-systeem. Eerst wordt alles gecontroleerd; "
            "er wordt pas iets opgeslagen als u daarna op Importeren klikt. "
            "Personeelsnummers worden alleen versleuteld bewaard en namen nooit.",
            "Choose a CSV or XLSX export of the HR system. Everything is checked first; nothing "
            "is stored until you then click Import. Personnel numbers are only stored "
            "pseudonymised and names never.",
        ),
        "imports.file": ("Bestand (CSV of XLSX)", "File (CSV or XLSX)"),
        "imports.file_hint": (
            "Kolomkoppen in het Nederlands of Engels; verplicht zijn personeelsnummer, geslacht "
            "en schaal.",
            "Column headers in Dutch or English; personnel number, gender and scale are required.",
        ),
        "imports.peildatum": ("Peildatum", "Peildatum (reference date)"),
        "imports.peildatum_hint": (
            "Als JJJJ-MM-DD, meestal 31 december.",
            "As YYYY-MM-DD, usually 31 December.",
        ),
        "imports.check": ("Controleren", "Check"),
        "imports.no_file": ("Kies eerst een bestand.", "Choose a file first."),
        "imports.upload_expired": (
            "Het gecontroleerde bestand is niet meer beschikbaar; upload het opnieuw.",
            "The checked file is no longer available; upload it again.",
        ),
        "imports.preview_title": (
            "Controle van {file} (peildatum {peildatum})",
            "Check of {file} (peildatum {peildatum})",
        ),
        "imports.problems": (
            "{count} probleem/problemen gevonden; er is niets opgeslagen. Verbeter het bestand "
            "en controleer het opnieuw.",
            "{count} problem(s) found; nothing was stored. Correct the file and check it again.",
        ),
        "imports.truncated": (
            "Alleen de eerste problemen worden getoond.",
            "Only the first problems are shown.",
        ),
        "imports.valid": (
            "Het bestand is in orde: {rows} rijen kunnen worden geïmporteerd.",
            "The file is valid: {rows} rows can be imported.",
        ),
        "imports.mapping": ("Welke kolom welk gegeven levert", "Which column feeds which field"),
        "imports.field": ("Gegeven", "Field"),
        "imports.column": ("Kolom in het bestand", "Column in the file"),
        "imports.dropped": (
            "Kolommen met namen zijn weggelaten en worden nooit opgeslagen: {columns}.",
            "Name columns were dropped and are never stored: {columns}.",
        ),
        "imports.ignored": ("Niet gebruikte kolommen: {columns}.", "Unused columns: {columns}."),
        "imports.by_gender": ("Per geslacht", "By gender"),
        "imports.exists": (
            "Peildatum {peildatum} is al geïmporteerd.",
            "Peildatum {peildatum} has already been imported.",
        ),
        "imports.exists_page": (
            "Peildatum {peildatum} is al geïmporteerd. Controleer het bestand opnieuw en vink "
            "'Vervang de bestaande gegevens van {peildatum}' aan om ze te vervangen.",
            "Peildatum {peildatum} has already been imported. Check the file again and tick "
            "'Replace the existing data of {peildatum}' to replace them.",
        ),
        "imports.exists_api": (
            "Peildatum {peildatum} is al geïmporteerd; stuur replace=true mee om te vervangen.",
            "Peildatum {peildatum} has already been imported; send replace=true to replace it.",
        ),
        "imports.bad_xlsx": (
            "{file}: geen leesbaar Excel-bestand. Sla het op als .xlsx of exporteer het als CSV "
            "en probeer het opnieuw.",
            "{file}: not a readable Excel file. Save it as .xlsx or export it as CSV and try "
            "again.",
        ),
        "imports.replace": (
            "Vervang de bestaande gegevens van {peildatum}",
            "Replace the existing data of {peildatum}",
        ),
        "imports.commit": ("Importeren ({rows} rijen)", "Import ({rows} rows)"),
        "imports.done": (
            "{rows} rijen uit {file} geïmporteerd voor peildatum {peildatum}.",
            "{rows} rows from {file} imported for peildatum {peildatum}.",
        ),
        "imports.done_replaced": (
            "Peildatum {peildatum} vervangen door {rows} rijen uit {file}.",
            "Peildatum {peildatum} replaced by {rows} rows from {file}.",
        ),
        "imports.deleted": (
            "De gegevens van peildatum {peildatum} zijn verwijderd.",
            "The data of peildatum {peildatum} has been removed.",
        ),
        "imports.history": ("Eerdere imports", "Import history"),
        "imports.none": ("Nog niets geïmporteerd.", "Nothing imported yet."),
        "imports.source": ("Bestand", "File"),
        "imports.rows": ("Rijen", "Rows"),
        "imports.when": ("Geïmporteerd op (UTC)", "Imported at (UTC)"),
        "imports.by": ("Door", "By"),
        "imports.delete": ("Verwijderen", "Delete"),
        "field.personnel_number": ("personeelsnummer", "personnel number"),
        "field.gender": ("geslacht", "gender"),
        "field.birth": ("geboortejaar of -datum", "birth year or date"),
        "field.scale": ("salarisschaal", "salary scale"),
        "field.step": ("trede", "step"),
        "field.fte": ("fte", "FTE"),
        "field.unit": ("organisatieonderdeel", "unit"),
        "field.is_manager": ("leidinggevende", "manager"),
        "field.contract_type": ("soort contract", "contract type"),
        "field.banenafspraak": ("banenafspraak", "banenafspraak (job agreement)"),
        "field.hire_date": ("datum in dienst", "hire date"),
        "field.exit_date": ("datum uit dienst", "exit date"),
        "field.exit_reason": ("reden uit dienst", "exit reason"),
        "field.pay": ("salaris", "pay"),
        # dashboard
        "dash.title": ("Personeelsmonitor", "Personnel monitor"),
        "dash.empty": (
            "Er zijn nog geen personeelsgegevens geïmporteerd.",
            "No personnel data has been imported yet.",
        ),
        "dash.import_first": ("Importeer een bestand", "Import a file"),
        "dash.year": ("Peiljaar", "Year"),
        "dash.exact": ("Toon exacte kleine aantallen", "Show exact small numbers"),
        "dash.show": ("Toon", "Show"),
        "dash.exact_warning": (
            "Let op: exacte aantallen, ook onder {min_cell}. Niet delen buiten HR; dit bekijken "
            "is vastgelegd in het auditlog.",
            "Note: exact counts, also below {min_cell}. Do not share outside HR; this view is "
            "recorded in the audit log.",
        ),
        "dash.suppressed_note": (
            "* = niet getoond: minder dan {min_cell}, of een groter aantal waaruit een aantal "
            "onder {min_cell} af te leiden zou zijn. Percentages zijn van man + vrouw; x en "
            "onbekend staan apart.",
            "* = not shown: fewer than {min_cell}, or a larger count from which a count below "
            "{min_cell} could be worked out. Shares are of men + women; x and unknown are shown "
            "apart.",
        ),
        "dash.headline": (
            "Aandeel vrouwen per band in {year}",
            "Share of women per band in {year}",
        ),
        "dash.target_short": ("streefwaarde {target} in {year}", "target {target} by {year}"),
        "dash.chart_alt": (
            "Grafiek: aandeel vrouwen in {band}, {first}–{last}{drawn}. De cijfers staan in de "
            "tabellen hieronder.",
            "Chart: share of women in {band}, {first}–{last}{drawn}. The figures are in the "
            "tables below.",
        ),
        "dash.alt_with": (", met {items}", ", with {items}"),
        "dash.alt_linear": ("de projectie volgens de trend", "the projection by trend"),
        "dash.alt_flow": (
            "de projectie volgens in-, door- en uitstroom",
            "the projection by inflow, promotion and outflow",
        ),
        "dash.alt_projections": (
            "de projecties volgens de trend en volgens in-, door- en uitstroom",
            "the projections by trend and by inflow, promotion and outflow",
        ),
        "dash.alt_target": ("de streefwaarde", "the target"),
        "dash.and": (" en ", " and "),
        "dash.caption_measured": (
            "Doorgetrokken lijn: gemeten aandeel vrouwen.",
            "Solid line: measured share of women.",
        ),
        "dash.caption_projections": (
            "Stippellijnen: projectie volgens de trend en volgens de stromen.",
            "Dotted lines: projection by trend and by flows.",
        ),
        "dash.caption_linear": (
            "Stippellijn: projectie volgens de trend.",
            "Dotted line: projection by trend.",
        ),
        "dash.caption_flow": (
            "Stippellijn: projectie volgens de stromen.",
            "Dotted line: projection by flows.",
        ),
        "dash.caption_target": (
            "Horizontale lijn en ster: streefwaarde in het streefjaar.",
            "Horizontal line and star: the target in the target year.",
        ),
        "dash.caption_empty": (
            "Geen aandelen om te tekenen; de cijfers staan in de tabel hieronder.",
            "No shares to draw; the figures are in the table below.",
        ),
        "dash.no_target": (
            "Voor deze band is geen streefwaarde vastgesteld.",
            "No target has been set for this band.",
        ),
        "dash.trend_caption": ("Verloop {band}", "Trend {band}"),
        "dash.flows_caption": (
            "In-, door- en uitstroom {band} (man / vrouw)",
            "Inflow, promotion and outflow {band} (men / women)",
        ),
        "dash.overall": ("Hele organisatie", "Whole organisation"),
        "dash.overall_alt": (
            "Grafiek: aandeel vrouwen in de hele organisatie per jaar; de cijfers staan in de "
            "tabel hieronder.",
            "Chart: share of women in the whole organisation per year; the figures are in the "
            "table below.",
        ),
        "dash.units": ("Organisatieonderdelen in {year}", "Units in {year}"),
        "dash.no_year": (
            "Er zijn geen gegevens voor jaar {year}.",
            "There is no data for the year {year}.",
        ),
        "dash.no_chart": ("Grafiek '{chart}' bestaat niet.", "Chart '{chart}' does not exist."),
        "dash.no_exact": (
            "Uw rol mag geen exacte kleine aantallen zien.",
            "Your role may not see exact small numbers.",
        ),
    }
)
