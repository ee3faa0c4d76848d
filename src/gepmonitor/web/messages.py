"""Texts of the web layer in Dutch and English."""

from gepmonitor.core.i18n import register

register(
    {
        "web.not_saved": ("Niet opgeslagen: {message}", "Not saved: {message}"),
        # layout
        "app.name": ("GEP-monitor", "GEP monitor"),
        "layout.skip": ("Naar de inhoud", "Skip to content"),
        "layout.nav": ("Hoofdmenu", "Main menu"),
        "layout.user_menu": ("Account", "Account"),
        "layout.logged_in_as": (
            "Ingelogd als {username} ({role})",
            "Logged in as {username} ({role})",
        ),
        "layout.logout": ("Uitloggen", "Log out"),
        "layout.switch_lang": ("English", "Nederlands"),
        "layout.switch_lang_label": ("Switch to English", "Schakel naar Nederlands"),
        "layout.footer": (
            "GEP-monitor — gender, diversiteit en sociale veiligheid",
            "GEP monitor — gender, diversity and social safety",
        ),
        "nav.home": ("Start", "Home"),
        "nav.users": ("Gebruikers", "Users"),
        "nav.audit": ("Auditlog", "Audit log"),
        "role.admin": ("beheerder", "administrator"),
        "role.hr": ("HR", "HR"),
        "role.counsellor": ("vertrouwenspersoon", "confidential counsellor"),
        "role.board": ("bestuur", "board"),
        "role.viewer": ("lezer", "viewer"),
        # login and account
        "login.title": ("Inloggen", "Log in"),
        "login.username": ("Gebruikersnaam", "Username"),
        "login.password": ("Wachtwoord", "Password"),
        "login.submit": ("Inloggen", "Log in"),
        "auth.fill_in": (
            "Vul uw gebruikersnaam en wachtwoord in.",
            "Enter your username and password.",
        ),
        "auth.bad_login": (
            "Gebruikersnaam of wachtwoord onjuist.",
            "Wrong username or password.",
        ),
        "auth.locked": (
            "Te veel mislukte pogingen: inloggen is geblokkeerd. Probeer het over {minutes} "
            "minuten opnieuw of vraag de beheerder om een nieuw wachtwoord.",
            "Too many failed attempts: logging in is locked. Try again in {minutes} minutes "
            "or ask the administrator for a new password.",
        ),
        "auth.login_required": (
            "Niet ingelogd: log in of stuur een API-token mee (Authorization: Bearer ...).",
            "Not logged in: log in or send an API token (Authorization: Bearer ...).",
        ),
        "auth.forbidden": (
            "Uw rol heeft geen toegang tot deze pagina of gegevens.",
            "Your role has no access to this page or data.",
        ),
        "csrf.invalid": (
            "Het formulier is verlopen of niet vanaf deze site verstuurd. Laad de pagina "
            "opnieuw en probeer het nog eens.",
            "The form has expired or was not sent from this site. Reload the page and try again.",
        ),
        "account.title": ("Mijn account", "My account"),
        "account.username": ("Gebruikersnaam", "Username"),
        "account.role": ("Rol", "Role"),
        "account.organisation": ("Organisatie", "Organisation"),
        "account.change_password": ("Wachtwoord wijzigen", "Change password"),
        "account.tokens": ("API-tokens", "API tokens"),
        "password.title": ("Wachtwoord wijzigen", "Change password"),
        "password.forced": (
            "Kies eerst een eigen wachtwoord voordat u verdergaat.",
            "Choose your own password before you continue.",
        ),
        "password.current": ("Huidig wachtwoord", "Current password"),
        "password.new": ("Nieuw wachtwoord", "New password"),
        "password.new_hint": (
            "Minstens 10 en hoogstens 1024 tekens.",
            "At least 10 and at most 1024 characters.",
        ),
        "password.repeat": ("Herhaal nieuw wachtwoord", "Repeat new password"),
        "password.submit": ("Wachtwoord opslaan", "Save password"),
        "user.password_changed": ("Uw wachtwoord is gewijzigd.", "Your password has been changed."),
        "user.bad_role": (
            "Onbekende rol '{role}'. Kies uit: {roles}.",
            "Unknown role '{role}'. Choose from: {roles}.",
        ),
        "user.password_short": (
            "Het wachtwoord is te kort: gebruik minstens {min} tekens.",
            "The password is too short: use at least {min} characters.",
        ),
        "user.password_long": (
            "Het wachtwoord is te lang: gebruik hoogstens {max} tekens.",
            "The password is too long: use at most {max} characters.",
        ),
        "user.password_is_username": (
            "Het wachtwoord mag niet gelijk zijn aan de gebruikersnaam.",
            "The password must not be the username.",
        ),
        "user.password_mismatch": (
            "De twee nieuwe wachtwoorden zijn niet gelijk.",
            "The two new passwords differ.",
        ),
        "user.password_unchanged": (
            "Het nieuwe wachtwoord is gelijk aan het huidige.",
            "The new password is the same as the current one.",
        ),
        "user.current_password_wrong": (
            "Het huidige wachtwoord klopt niet.",
            "The current password is wrong.",
        ),
        "user.bad_username": (
            "Ongeldige gebruikersnaam '{username}': gebruik 2 tot 80 kleine letters, cijfers, "
            "'.', '_' of '-', beginnend met een letter of cijfer.",
            "Invalid username '{username}': use 2 to 80 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit.",
        ),
        "user.exists": (
            "Gebruikersnaam '{username}' bestaat al.",
            "Username '{username}' already exists.",
        ),
        "user.not_found": ("Gebruiker {user} bestaat niet.", "User {user} does not exist."),
        "user.cannot_demote_self": (
            "U kunt uw eigen beheerdersrol niet afnemen of uw eigen account niet blokkeren.",
            "You cannot remove your own administrator role or block your own account.",
        ),
        "user.saved": ("Gebruiker {username} opgeslagen.", "User {username} saved."),
        "users.title": ("Gebruikers", "Users"),
        "users.add": ("Gebruiker toevoegen", "Add a user"),
        "users.username_hint": (
            "Leeg laten om een naam naar de rol te kiezen.",
            "Leave empty to name the account after its role.",
        ),
        "users.role": ("Rol", "Role"),
        "users.active": ("Mag inloggen", "May log in"),
        "users.last_login": ("Laatst ingelogd", "Last login"),
        "users.save": ("Opslaan", "Save"),
        "users.reset": ("Nieuw wachtwoord", "New password"),
        "users.new_login": (
            "Tijdelijk wachtwoord voor {username}: {password} — geef het veilig door; het "
            "wordt niet opnieuw getoond en moet bij de eerste keer inloggen worden gewijzigd.",
            "Temporary password for {username}: {password} — pass it on safely; it is not "
            "shown again and must be changed at the first login.",
        ),
        "users.actions": ("Acties", "Actions"),
        "users.never": ("nooit", "never"),
        "yes": ("ja", "yes"),
        "no": ("nee", "no"),
        # tokens
        "tokens.title": ("API-tokens", "API tokens"),
        "tokens.intro": (
            "Een persoonlijk API-token geeft een programma dezelfde rechten als uw rol. Stuur "
            "het mee als 'Authorization: Bearer <token>'. Alleen een hash wordt bewaard.",
            "A personal API token gives a program the same rights as your role. Send it as "
            "'Authorization: Bearer <token>'. Only a hash is stored.",
        ),
        "tokens.name": ("Naam van het token", "Token name"),
        "tokens.create": ("Token maken", "Create token"),
        "tokens.new": (
            "Uw nieuwe token (wordt maar één keer getoond):",
            "Your new token (shown only once):",
        ),
        "tokens.none": ("U heeft nog geen tokens.", "You have no tokens yet."),
        "tokens.created": ("Gemaakt", "Created"),
        "tokens.last_used": ("Laatst gebruikt", "Last used"),
        "tokens.revoke": ("Intrekken", "Revoke"),
        "token.bad_name": (
            "Geef het token een naam van 1 tot 80 tekens.",
            "Give the token a name of 1 to 80 characters.",
        ),
        "token.not_found": ("Token {token} bestaat niet.", "Token {token} does not exist."),
        "token.revoked": ("Het token is ingetrokken.", "The token has been revoked."),
        # audit
        "audit.title": ("Auditlog", "Audit log"),
        "audit.intro": (
            "Elke aanmelding, mislukte poging, blokkade, import, export, bekeken gevoelige "
            "pagina en wijziging van gebruikers. Regels kunnen niet worden gewijzigd of gewist.",
            "Every login, failed attempt, lockout, import, export, view of a sensitive page and "
            "change to users. Entries cannot be changed or deleted.",
        ),
        "audit.filter": ("Filteren", "Filter"),
        "audit.action": ("Actie", "Action"),
        "audit.any": ("alle", "any"),
        "audit.actor": ("Wie", "Who"),
        "audit.since": ("Vanaf (JJJJ-MM-DD)", "From (YYYY-MM-DD)"),
        "audit.until": ("Tot en met (JJJJ-MM-DD)", "Up to and including (YYYY-MM-DD)"),
        "audit.limit": ("Maximaal aantal regels", "Maximum number of rows"),
        "audit.export": ("Exporteer als CSV", "Export as CSV"),
        "audit.at": ("Wanneer (UTC)", "When (UTC)"),
        "audit.role": ("Rol", "Role"),
        "audit.target": ("Waarop", "Target"),
        "audit.detail": ("Details", "Details"),
        "audit.ip": ("Adres", "Address"),
        "audit.empty": ("Geen regels voor dit filter.", "No entries for this filter."),
        "audit.count": ("{count} regels getoond.", "{count} entries shown."),
        "audit.bad_since": (
            "Ongeldige datum '{value}' bij 'Vanaf': gebruik JJJJ-MM-DD.",
            "Invalid date '{value}' for 'From': use YYYY-MM-DD.",
        ),
        "audit.bad_until": (
            "Ongeldige datum '{value}' bij 'Tot en met': gebruik JJJJ-MM-DD.",
            "Invalid date '{value}' for 'Up to and including': use YYYY-MM-DD.",
        ),
        # home
        "home.title": ("Start", "Home"),
        "home.welcome": ("Welkom, {username}.", "Welcome, {username}."),
        "home.intro": (
            "Kies in het menu waar u aan wilt werken. U ziet alleen de onderdelen die bij uw "
            "rol horen.",
            "Choose what to work on in the menu. You see only the parts that belong to your role.",
        ),
        # errors
        "error.back": ("Terug naar de startpagina", "Back to the start page"),
        "http.error": ("Er ging iets mis", "Something went wrong"),
        "http.400": ("Ongeldig verzoek", "Bad request"),
        "http.401": ("Niet ingelogd", "Not logged in"),
        "http.403": ("Geen toegang", "Forbidden"),
        "http.404": ("Pagina niet gevonden", "Page not found"),
        "http.404_detail": (
            "Deze pagina of dit gegeven bestaat niet. Controleer het adres.",
            "This page or record does not exist. Check the address.",
        ),
        "http.405_detail": (
            "Dit adres ondersteunt deze actie niet.",
            "This address does not support this method.",
        ),
        "http.405": ("Deze actie is hier niet toegestaan", "This method is not allowed here"),
        "http.409": ("Conflict met bestaande gegevens", "Conflict with existing data"),
        "http.413": ("Het bestand is te groot", "The file is too large"),
        "http.413_detail": (
            "Het verzonden bestand is te groot: de grens is {mb} MB. Verklein of splits het "
            "bestand en probeer het opnieuw.",
            "The file sent is too large: the limit is {mb} MB. Make it smaller or split it and "
            "try again.",
        ),
        "http.422": ("Ongeldige invoer", "Invalid input"),
        "http.out_of_range": (
            "Een ingevulde waarde past niet: een getal of jaar is te groot of te klein, of een "
            "tekst te lang. Controleer de invoer.",
            "A value entered does not fit: a number or year is too large or too small, or a "
            "text too long. Check what you entered.",
        ),
        "http.429": ("Te veel pogingen", "Too many attempts"),
        "http.500": ("Interne fout", "Internal error"),
        "http.500_detail": (
            "Er ging iets mis aan onze kant. De fout is vastgelegd; probeer het later opnieuw.",
            "Something went wrong on our side. The error has been logged; try again later.",
        ),
        "validation.summary": ("Ongeldige invoer", "Invalid input"),
        "validation.field": ("veld '{field}': {message}", "field '{field}': {message}"),
        "validation.missing": ("ontbreekt", "is missing"),
        "validation.int_parsing": ("moet een geheel getal zijn", "must be a whole number"),
        "validation.int_type": ("moet een geheel getal zijn", "must be a whole number"),
        "validation.float_parsing": ("moet een getal zijn", "must be a number"),
        "validation.float_type": ("moet een getal zijn", "must be a number"),
        "validation.bool_parsing": ("moet ja of nee zijn", "must be true or false"),
        "validation.date_from_datetime_parsing": (
            "moet een datum zijn (JJJJ-MM-DD)",
            "must be a date (YYYY-MM-DD)",
        ),
        "validation.date_parsing": (
            "moet een datum zijn (JJJJ-MM-DD)",
            "must be a date (YYYY-MM-DD)",
        ),
        "validation.literal_error": ("heeft geen toegestane waarde", "is not an allowed value"),
        "validation.enum": ("heeft geen toegestane waarde", "is not an allowed value"),
        "validation.string_too_short": (
            "is te kort (minstens {min_length} tekens)",
            "is too short (at least {min_length} characters)",
        ),
        "validation.string_too_long": (
            "is te lang (hoogstens {max_length} tekens)",
            "is too long (at most {max_length} characters)",
        ),
        "validation.json_invalid": ("is geen geldige JSON", "is not valid JSON"),
        "validation.body": ("de inhoud van het verzoek {message}", "the request body {message}"),
        "validation.invalid": ("heeft een ongeldige waarde", "has an invalid value"),
        "validation.upload_file": ("moet een bestand zijn", "must be a file"),
        "validation.string_type": ("moet tekst zijn", "must be text"),
        "validation.bool_type": ("moet ja of nee zijn", "must be true or false"),
        "validation.list_type": ("moet een lijst zijn", "must be a list"),
        "validation.int_from_float": ("moet een geheel getal zijn", "must be a whole number"),
        "validation.greater_than": ("moet groter zijn dan {gt}", "must be greater than {gt}"),
        "validation.less_than": ("moet kleiner zijn dan {lt}", "must be less than {lt}"),
        "validation.finite_number": ("moet een eindig getal zijn", "must be a finite number"),
        "validation.model_attributes_type": (
            "moet een JSON-object zijn",
            "must be a JSON object",
        ),
        "validation.dict_type": ("moet een JSON-object zijn", "must be a JSON object"),
        "validation.greater_than_equal": ("moet minstens {ge} zijn", "must be at least {ge}"),
        "validation.less_than_equal": ("mag hoogstens {le} zijn", "must be at most {le}"),
    }
)
