"""Dutch and English texts of the integrity annual report and its tables."""

from __future__ import annotations

from gepmonitor.core.i18n import register

register(
    {
        "safety.r_title": (
            "Jaarverslag integriteit en sociale veiligheid {year}",
            "Integrity and social-safety annual report {year}",
        ),
        "safety.r_oaths": ("Ambtseed en belofte", "Oath and affirmation"),
        "safety.r_oaths_text": (
            "In {year} legden {count} medewerkers de ambtseed of -belofte af.",
            "In {year}, {count} employees took the oath or affirmation.",
        ),
        "safety.r_oaths_inflow": (
            "(afgeleid uit de instroom van dat jaar)",
            "(derived from that year's inflow)",
        ),
        "safety.r_oaths_none": (
            "Geen gegevens over de ambtseed in {year}.",
            "No oath figures for {year}.",
        ),
        "safety.r_counsellors": (
            "Vertrouwenspersonen en gesprekken",
            "Counsellors and conversations",
        ),
        "safety.r_counsellor_list": ("Vertrouwenspersonen", "Counsellors"),
        "safety.r_themes": ("Thema's van de gesprekken", "Themes of the conversations"),
        "safety.r_reports": ("Meldingen en klachten", "Reports and complaints"),
        "safety.r_incidents": ("Agressie en geweld van buiten", "Aggression from the public"),
        "safety.r_trainings": ("Trainingen en workshops", "Trainings and workshops"),
        "safety.r_works_council": ("Betrekken ondernemingsraad", "Works council involvement"),
        "safety.r_policy": ("Beleid", "Policy"),
        "safety.r_no_text": ("(nog geen tekst ingevuld)", "(no text entered yet)"),
        "safety.r_privacy": (
            "Gesprekken worden zonder namen vastgelegd; personen tellen één keer per "
            "vertrouwenspersoon, jaar en spoor. * staat voor een aantal van 1 tot "
            "{min_cell}, of voor een aantal dat verborgen is omdat het samen met de andere "
            "cijfers van dezelfde reeks een klein aantal zou verraden. – = niet van toepassing.",
            "Conversations are recorded without names; people count once per counsellor, year "
            "and track. * stands for a count from 1 to below {min_cell}, or for a "
            "count hidden because, with the other figures of the same series, it would give "
            "away a small count. – = not applicable.",
        ),
        "safety.r_exact": (
            "Dit verslag toont op verzoek exacte aantallen: niet publiceren.",
            "This report shows exact counts on request: do not publish.",
        ),
        "safety.fig_counsellors": ("vertrouwenspersonen", "counsellors"),
        "safety.fig_people": ("personen", "people"),
        "safety.fig_conversations": ("gesprekken", "conversations"),
        "safety.fig_with_hierarchical_relation": (
            "met hiërarchische verhouding",
            "with a hierarchical relation",
        ),
        "safety.fig_formal_procedures": ("formele procedures gestart", "formal procedures started"),
        "safety.fig_about_sexual_harassment": (
            "over seksuele intimidatie",
            "about sexual harassment",
        ),
        "safety.fig_about_integrity": ("over integriteit", "about integrity"),
        "safety.fig_about_undesirable_behaviour": (
            "over ongewenst gedrag",
            "about undesirable behaviour",
        ),
        "safety.fig_referred_other_track": (
            "doorverwezen naar het andere spoor",
            "referred to the other track",
        ),
        "safety.fig_referred_other_help": (
            "doorverwezen naar andere hulp",
            "referred to other help",
        ),
        "safety.incident.verbal": ("verbaal", "verbal"),
        "safety.incident.physical": ("fysiek", "physical"),
        "safety.incident.threat": ("bedreiging", "threat"),
        "safety.incident.online": ("online", "online"),
        "safety.sheet_figures": ("Gesprekken", "Conversations"),
        "safety.sheet_counsellors": ("Vertrouwenspersonen", "Counsellors"),
        "safety.sheet_themes": ("Thema's", "Themes"),
        "safety.sheet_reports": ("Meldingen", "Reports"),
        "safety.sheet_incidents": ("Agressie", "Aggression"),
        "safety.sheet_trainings": ("Trainingen", "Trainings"),
        "safety.sheet_oaths": ("Ambtseed", "Oaths"),
        "safety.sheet_texts": ("Teksten", "Texts"),
        "safety.kind": ("Soort", "Kind"),
        "safety.section": ("Onderdeel", "Section"),
        "safety.text_body": ("Tekst", "Text"),
        "safety.c_code": ("code", "code"),
        "safety.c_track": ("spoor", "track"),
        "safety.c_kind": ("intern/extern", "internal/external"),
        "safety.c_gender": ("geslacht", "gender"),
        "safety.c_serves": ("werkt voor", "serves"),
        "safety.c_theme": ("thema", "theme"),
        "safety.c_period": ("periode", "period"),
        "safety.c_count": ("aantal", "count"),
        "safety.c_source": ("bron", "source"),
        "safety.oath_source.entered": ("ingevoerd", "entered"),
        "safety.oath_source.inflow": ("instroom", "inflow"),
        "safety.oath_source.none": ("geen gegevens", "no data"),
        "safety.t_women": ("vrouwen", "women"),
        "safety.t_men": ("mannen", "men"),
        "safety.t_x": ("x", "x"),
        "safety.t_title": ("titel", "title"),
        "safety.t_date": ("datum", "date"),
        "safety.t_attendees": ("deelnemers", "attendees"),
        "safety.t_reach": ("bereik (%)", "reach (%)"),
        "safety.t_reach_note": (
            "Bereik = deelnemers / medewerkers op de peildatum van het jaar (wie twee keer "
            "deelnam telt twee keer).",
            "Reach = attendees / staff on the year's peildatum (someone attending twice counts "
            "twice).",
        ),
    }
)
