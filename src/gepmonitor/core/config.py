"""Settings: one pydantic-settings class, every field documented, read from GEP_* variables."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Return the default folder for the database file and key files."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gepmonitor"


class Settings(BaseSettings):
    """All settings of a gepmonitor instance; each is read from the environment as GEP_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="GEP_", env_file=None, extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the SQLite database, the secret key and the notes key. "
        "Default: $XDG_DATA_HOME/gepmonitor, i.e. ~/.local/share/gepmonitor.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database. Default: the SQLite file "
        "<data_dir>/gepmonitor.db. For a server: postgresql+psycopg://user:pw@host/db.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Instance secret used to pseudonymise personnel numbers (HMAC) and sign "
        "sessions. If unset, `gep init` creates <data_dir>/secret.key and it is read from there. "
        "Changing it makes earlier pseudonyms unmatchable.",
    )
    notes_key_file: Path | None = Field(
        default=None,
        description="File with the key that encrypts counsellors' optional notes, kept outside "
        "the database. Default: <data_dir>/notes.key, created by `gep init`.",
    )
    min_cell: int = Field(
        default=5,
        ge=1,
        description="Smallest count shown in any aggregate that leaves the system; smaller "
        "non-zero cells are suppressed unless the viewer may see exact counts.",
    )
    survey_min_group: int = Field(
        default=10,
        ge=1,
        description="Smallest group of survey respondents for which results are shown.",
    )
    default_org: str = Field(
        default="default",
        description="Slug of the organisation used when no --org is given.",
    )
    default_org_name: str = Field(
        default="Mijn organisatie",
        description="Display name given to the default organisation when it is created.",
    )
    lang: str = Field(
        default="nl",
        pattern="^(nl|en)$",
        description="Default language of the user interface and reports: nl or en.",
    )
    recruitment_threshold_scale: int = Field(
        default=11,
        ge=1,
        le=18,
        description="Salary scale from which the comply-or-explain rule applies to appointments.",
    )
    recruitment_retention_days: int = Field(
        default=28,
        ge=0,
        le=3660,
        description="Days candidate data are kept after a selection procedure ends (NVP "
        "sollicitatiecode: 4 weeks), then `gep recruitment purge` or `gep purge` deletes them, "
        "leaving counts.",
    )
    recruitment_retention_consent_days: int = Field(
        default=365,
        ge=0,
        le=3660,
        description="Days the data of a candidate who consented are kept after the procedure "
        "ends (NVP sollicitatiecode: a year).",
    )
    host: str = Field(default="127.0.0.1", description="Address `gep serve` listens on.")
    port: int = Field(default=8000, description="Port `gep serve` listens on.")
    https: bool = Field(
        default=False,
        description="Set when served behind https: session cookies get the Secure flag.",
    )
    api_token_days: int = Field(
        default=90,
        ge=1,
        le=366,
        description="Days a personal API token works after it is created; a new token is needed "
        "after that. Changing or resetting the password revokes every token at once.",
    )
    web_gate: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Page and API reads computed at once per server process; others queue.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks (CIDR) of reverse proxies whose "
        "X-Forwarded-For, X-Forwarded-Proto and X-Request-ID headers are believed. Default: "
        "none, the headers are ignored.",
    )
    log_format: str = Field(
        default="text",
        pattern="^(text|json)$",
        description="Format of the server's log lines: text, or json (one object per line "
        "with the request id).",
    )
    db_pool_size: int = Field(
        default=10,
        ge=1,
        le=200,
        description="Database connections each server process keeps open (PostgreSQL).",
    )
    db_max_overflow: int = Field(
        default=20,
        ge=0,
        le=200,
        description="Extra database connections a process may open at busy moments (PostgreSQL).",
    )
    local_login: bool = Field(
        default=True,
        description="Whether accounts may log in with a password. When false, only single "
        "sign-on works, except for break-glass administrators made with the gep command.",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="Issuer URL of the OpenID Connect provider for single sign-on; unset: "
        "no single sign-on.",
    )
    oidc_client_id: str | None = Field(
        default=None, description="Client id of gepmonitor at the OpenID Connect provider."
    )
    oidc_client_secret: str | None = Field(
        default=None, description="Client secret of gepmonitor at the OpenID Connect provider."
    )
    oidc_scopes: str = Field(
        default="openid profile email",
        description="Scopes asked of the OpenID Connect provider (space-separated).",
    )
    oidc_role_claim: str = Field(
        default="groups",
        description="Claim of the ID token (or userinfo) that holds the user's groups or roles.",
    )
    oidc_roles: str = Field(
        default="",
        description="Role mapping: comma-separated value=role pairs (e.g. 'gep-hr=hr,"
        "gep-board=board'); the first pair whose value is in the role claim gives the role.",
    )
    oidc_username_claim: str = Field(
        default="preferred_username",
        description="Claim whose value names a new single sign-on account and matches an "
        "account an administrator linked beforehand (gep user link-sso).",
    )
    logo: Path | None = Field(
        default=None,
        description="PNG or JPEG file with the organisation's logo, printed at the top of "
        "every report (PDF, HTML, DOCX). Default: no logo.",
    )

    def sso_enabled(self) -> bool:
        """Return whether single sign-on is configured (issuer and client id set)."""
        return bool(self.oidc_issuer and self.oidc_client_id)

    retention_counsellor_log_years: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Years after the year of a conversation that the counsellors' log keeps it; "
        "`gep purge` removes older conversations (and their notes).",
    )
    retention_reports_years: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Years after the year a formal report or complaint was closed that it is "
        "kept; open ones are never purged.",
    )
    retention_survey_years: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Years after the year of a survey round that its individual answers are "
        "kept; the round itself (name, year, mapping) stays.",
    )
    retention_personnel_years: int = Field(
        default=10,
        ge=1,
        le=100,
        description="Years after the year of a peildatum that its person rows are kept; the "
        "snapshot itself (date, source, headcount) stays.",
    )
    retention_audit_years: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Years after the year of an audit entry that it is kept.",
    )
    upload_preview_minutes: int = Field(
        default=60,
        ge=1,
        le=24 * 60,
        description="Minutes a web upload waits for its confirmation; after that it is gone.",
    )

    import_max_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest file (bytes) an import reads, from the command line or the web "
        "(where no request may be larger than 50 MB anyway). Default 50 MB.",
    )
    import_max_rows: int = Field(
        default=200_000, ge=10, description="Most data rows an imported file may have."
    )
    import_max_columns: int = Field(
        default=500, ge=10, description="Most columns an imported file may have."
    )
    import_max_cells: int = Field(
        default=3_000_000,
        ge=100,
        description="Most cells (rows x columns of the grid) an imported file may span.",
    )
    import_max_uncompressed_bytes: int = Field(
        default=300 * 1024 * 1024,
        ge=1024,
        description="Most bytes an XLSX or DOCX file may unpack to. Default 300 MB.",
    )

    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'gepmonitor.db'}"

    def secret_key_file(self) -> Path:
        """Return the path of the file holding the instance secret."""
        return self.data_dir / "secret.key"

    def resolved_notes_key_file(self) -> Path:
        """Return the path of the file holding the notes encryption key."""
        return self.notes_key_file or self.data_dir / "notes.key"

    def ensure_key_files(self) -> None:
        """Create the data folder (0700) and the secret and notes key files (0600) when missing."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.secret_key:
            _write_new_key(self.secret_key_file(), secrets.token_urlsafe(48))
        from cryptography.fernet import Fernet

        _write_new_key(self.resolved_notes_key_file(), Fernet.generate_key().decode())

    def resolved_secret_key(self) -> str:
        """Return the instance secret from the setting or its key file."""
        if self.secret_key:
            return self.secret_key
        path = self.secret_key_file()
        if not path.exists():
            from gepmonitor.core.errors import ConfigError

            raise ConfigError(
                "No secret key: set GEP_SECRET_KEY or run `gep init` (expected {path}).",
                path=str(path),
            )
        return path.read_text(encoding="utf-8").strip()


def _write_new_key(path: Path, value: str) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings read from the environment."""
    return Settings()
