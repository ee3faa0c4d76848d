"""Dutch and English texts of the safety pages."""

from __future__ import annotations

from gepmonitor.core.i18n import register as _register

_register(
    {
        "nav.safety_log": ("Gesprek vastleggen", "Log a conversation"),
        "nav.safety_totals": ("Sociale veiligheid", "Social safety"),
        "nav.safety_registers": ("Meldingen", "Reports register"),
        "safety.source_label": ("Bron", "Source"),
        "safety.exact_counts": ("Exacte aantallen", "Exact counts"),
        "safety.active_from": ("In functie vanaf", "Serving from"),
        "safety.active_until": ("Gestopt per", "Stopped as of"),
        "safety.stop": ("Stoppen", "Stop"),
        "safety.serves": ("Werkt ook voor", "Also serves"),
        "safety.measures": ("Maatregelen", "Measures"),
        "safety.follow_up": ("Opvolging", "Follow-up"),
        "safety.link_counsellor_role": (
            "Gebruiker '{user}' bestaat niet of heeft niet de rol vertrouwenspersoon.",
            "User '{user}' does not exist or does not have the counsellor role.",
        ),
    }
)

_register(
    {
        "safety.form_intro": (
            "Geen namen en geen vrije tekst: kies wat van toepassing is. Duurt minder dan een "
            "minuut.",
            "No names and no free text: choose what applies. Takes less than a minute.",
        ),
        "safety.f_date": ("Datum", "Date"),
        "safety.f_org": ("Organisatie", "Organisation"),
        "safety.f_track": ("Spoor", "Track"),
        "safety.f_themes": ("Thema's", "Themes"),
        "safety.f_person": ("Persoonscode", "Person code"),
        "safety.f_person_hint": (
            "Een code die u zelf kiest, zodat u dezelfde persoon één keer telt: letters, cijfers "
            "of streepjes, zonder spaties (geen naam).",
            "A code you choose yourself, so the same person is counted once: letters, digits or "
            "dashes, without spaces (not a name).",
        ),
        "safety.f_source": ("Van wie kwam het gedrag?", "Whose behaviour was it about?"),
        "safety.f_hierarchical": (
            "Er speelde een hiërarchische verhouding",
            "A hierarchical relation was involved",
        ),
        "safety.f_referral": ("Doorverwezen", "Referred"),
        "safety.f_formal": (
            "Er is een formele procedure gestart",
            "A formal procedure was started",
        ),
        "safety.f_outcome": ("Uitkomst", "Outcome"),
        "safety.f_note_toggle": (
            "Notitie toevoegen (versleuteld, alleen voor u)",
            "Add a note (encrypted, for you only)",
        ),
        "safety.f_note": ("Notitie", "Note"),
        "safety.f_note_hint": (
            "Alleen u kunt deze notitie lezen. Noem geen namen.",
            "Only you can read this note. Do not use names.",
        ),
        "safety.f_save": ("Gesprek opslaan", "Save conversation"),
        "safety.mine_title": ("Mijn gesprekken", "My conversations"),
        "safety.none_yet": ("Nog niets vastgelegd.", "Nothing recorded yet."),
        "safety.open": ("Bekijk", "View"),
        "safety.conversation": ("Gesprek", "Conversation"),
        "safety.ask_link": (
            "Vraag HR om uw account aan uw registratie als vertrouwenspersoon te koppelen.",
            "Ask HR to link your account to your counsellor registration.",
        ),
        "safety.download_report": ("Jaarverslag {fmt}", "Annual report {fmt}"),
        "safety.download_infographic": ("Infographic {fmt}", "Infographic {fmt}"),
        "safety.overdue_count": (
            "{count} melding(en) over de termijn.",
            "{count} report(s) past the deadline.",
        ),
        "safety.received": ("Ontvangen", "Received"),
        "safety.status": ("Status", "Status"),
        "safety.deadline": ("Termijn", "Deadline"),
        "safety.next": ("Volgende stap", "Next step"),
        "safety.overdue": ("verlopen", "overdue"),
        "safety.advance": ("Wijzig", "Update"),
        "safety.new_report": ("Nieuwe melding of klacht", "New report or complaint"),
        "safety.police": ("Aangifte gedaan", "Reported to the police"),
        "safety.code": ("Code", "Code"),
        "safety.gender": ("Geslacht", "Gender"),
        "safety.account": ("Gebruikersnaam (optioneel)", "User name (optional)"),
        "safety.texts": ("Teksten jaarverslag", "Annual report texts"),
    }
)
