"""Texts of the yearly GEP monitor report, in Dutch and English."""

from gepmonitor.core.i18n import register

register(
    {
        "report.no_year": (
            "Organisatie '{org}' heeft geen peildatum in {year}; importeer die eerst.",
            "Organisation '{org}' has no peildatum in {year}; import it first.",
        ),
        "report.monitor_title": ("GEP-monitor {year}", "GEP monitor {year}"),
        "report.subtitle": (
            "Genderbalans, stromen en streefwaarden",
            "Gender balance, flows and targets",
        ),
        "report.share_women": ("aandeel vrouwen", "share of women"),
        "report.headline": ("Kerncijfers", "Headline figures"),
        "report.headline_note": (
            "Aandeel vrouwen op peildatum {year}",
            "Share of women on the {year} peildatum",
        ),
        "report.trend": ("Ontwikkeling", "Trend"),
        "report.flows": ("Stromen", "Flows"),
        "report.flows_note": (
            "Per jaar: aantallen mannen / vrouwen tussen twee opeenvolgende peildata.",
            "Per year: numbers of men / women between two consecutive peildata.",
        ),
        "report.targets": ("Streefwaarden en projecties", "Targets and projections"),
        "report.units": ("Eenheden", "Units"),
        "report.organisation": ("Hele organisatie", "Whole organisation"),
        "report.organisation_flows": ("In- en uitstroom", "Inflow and outflow"),
        "report.share_men": ("aandeel mannen", "share of men"),
        "report.unit": ("eenheid", "unit"),
        "report.ages": ("Leeftijd", "Age"),
        "report.age_band": ("leeftijd", "age band"),
        "report.reasons": ("Redenen van uitstroom", "Reasons for leaving"),
        "report.reason": ("reden", "reason"),
        "report.definitions": ("Definities", "Definitions"),
        "report.term": ("begrip", "term"),
        "report.meaning": ("betekenis", "meaning"),
        "report.sources": ("Bron", "Source"),
        "report.generated": (
            "Gemaakt op {date} met gepmonitor.",
            "Generated on {date} with gepmonitor.",
        ),
        "report.exact_warning": (
            "Let op: deze versie toont ook aantallen onder {min_cell} en is niet voor publicatie.",
            "Note: this version shows counts below {min_cell} and is not for publication.",
        ),
        "report.def_peildatum_term": ("Peildatum", "Peildatum"),
        "report.def_peildatum": (
            "De datum waarop het personeelsbestand is vastgesteld (standaard 31 december). "
            "Medewerkers tellen mee als ze op die datum in dienst zijn.",
            "The reference date of each snapshot (31 December by default). Employees count when "
            "they are employed on that date.",
        ),
        "report.def_bands_term": ("Banden", "Bands"),
        "report.def_bands": (
            "Schaal 11 en hoger, schaal 13 en hoger (CAO Provincies) en leidinggevenden.",
            "Scale 11 and higher, scale 13 and higher (CAO Provincies) and managers.",
        ),
        "report.def_shares_term": ("Percentages", "Percentages"),
        "report.def_shares": (
            "Aandeel van mannen plus vrouwen, met één decimaal. Medewerkers met geslacht x of "
            "onbekend staan apart.",
            "Share of men plus women, one decimal. Employees registered as x or unknown are "
            "shown separately.",
        ),
        "report.def_flows_term": ("Stromen", "Flows"),
        "report.def_flows": (
            "Instroom: nieuw in dienst sinds de vorige peildatum. Uitstroom: niet meer in dienst. "
            "Doorstroom in een band: al in dienst, nu voor het eerst in de band. Benoemingen "
            "in de band: aangenomen plus doorgestroomd.",
            "Inflow: employed since the previous peildatum. Outflow: no longer employed. "
            "Promotion into a band: already employed, now in the band. Appointments into the "
            "band: hired plus promoted.",
        ),
        "report.def_projections_term": ("Projecties", "Projections"),
        "report.def_projections": (
            "Trendprojectie: rechte lijn door de jaarlijkse aandelen (kleinste kwadraten). "
            "Stroomprojectie: bij het waargenomen vertrek per geslacht en het gemiddelde aantal "
            "benoemingen per jaar met het huidige aandeel vrouwen daarin.",
            "Linear projection: a straight line through the yearly shares (least squares). "
            "Flow projection: at the observed exit rates by gender and the average number of "
            "appointments per year with the current share of women among them.",
        ),
        "report.def_required_term": ("Benodigd aandeel", "Required share"),
        "report.def_required": (
            "Het aandeel vrouwen onder de benoemingen in de band dat nodig is om de streefwaarde "
            "in het streefjaar te halen, bij gelijkblijvend vertrek en aantal benoemingen.",
            "The share of women among appointments into the band needed to reach the target in "
            "the target year, at unchanged exit rates and number of appointments.",
        ),
        "report.def_suppression_term": ("Afscherming", "Suppression"),
        "report.def_suppression": (
            "Aantallen van 1 tot {min_cell} worden niet getoond (*), samen met de cellen waaruit "
            "ze af te leiden zijn (ook *, hoe groot die ook zijn).",
            "Counts from 1 to below {min_cell} are not shown (*), together with the cells they "
            "could be derived from (also *, however large).",
        ),
    }
)
