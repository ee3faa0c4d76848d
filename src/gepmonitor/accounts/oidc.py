"""OpenID Connect single sign-on: the client side of the authorisation code flow.

Authlib builds the pieces (PKCE code challenge, random state and nonce, the ID token's claim
checks) and joserfc, Authlib's JOSE library, checks the signature against the provider's keys.
The flow, in the order the checks happen:

1. ``start``: a random ``state`` (against forged callbacks), ``nonce`` (against replayed ID
   tokens) and PKCE ``code_verifier`` are kept in the signed session cookie; the browser goes to
   the provider's authorisation endpoint with the state, the nonce and the S256 code challenge.
2. ``finish``: the callback's state must equal the kept one; the code is exchanged at the token
   endpoint with the client secret and the code verifier; the ID token's signature must verify
   with a key the provider publishes, and its issuer, audience (our client id), expiry and nonce
   must be right. Claims the ID token lacks (the role claim, the user name) are read from the
   userinfo endpoint, whose subject must be the ID token's.
3. ``logout_url``: RP-initiated logout at the provider's end-session endpoint with the ID token
   as hint, coming back to our login page.

Nothing here touches the database; ``accounts.sso`` turns an identity into an account.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from gepmonitor.accounts.roles import Role
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import GepError

# Asymmetric signatures only: a provider's ID token is never accepted with "none" or with an
# HMAC keyed by the client secret.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
METADATA_TTL = 3600.0  # seconds a provider's metadata and keys are reused
LOGIN_TTL = 600.0  # seconds between going to the provider and coming back
LEEWAY = 60  # seconds of clock difference tolerated in the ID token's times
HTTP_TIMEOUT = 10.0


class SsoError(GepError):
    """A single sign-on login that cannot be completed; the message says why."""

    http_status = 400


class SsoRefusedError(SsoError):
    """The provider vouched for the user, but gepmonitor may not let them in."""

    http_status = 403


@dataclass(frozen=True)
class Pending:
    """What the login keeps in the signed session cookie while the browser is at the provider."""

    state: str
    nonce: str
    verifier: str
    next: str
    started: float

    def to_session(self) -> dict[str, object]:
        """Return a JSON-serialisable copy for the session cookie."""
        return asdict(self)

    @classmethod
    def from_session(cls, value: object) -> Pending | None:
        """Return the pending login stored in the session, or None when there is none."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                state=str(value["state"]),
                nonce=str(value["nonce"]),
                verifier=str(value["verifier"]),
                next=str(value["next"]),
                started=float(value["started"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Identity:
    """A user the provider vouched for: issuer, subject, claims and the raw ID token."""

    issuer: str
    subject: str
    claims: dict[str, Any]
    id_token: str


# Provider metadata and keys per issuer, shared by the requests of one process.
_CACHE: dict[str, tuple[float, dict[str, Any]]] = {}
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every provider's metadata and keys (tests start providers on new ports)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _http() -> Any:
    import httpx

    return httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)


def _get_json(url: str, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    try:
        with _http() as client:
            response = client.get(url, headers=dict(headers or {}))
    except Exception as error:  # noqa: BLE001 - any transport failure: the provider is away
        raise SsoError(
            "The organisation's login service cannot be reached ({error}). Try again later.",
            error=type(error).__name__,
        ) from None
    if response.status_code != 200:
        raise SsoError(
            "The organisation's login service answered {status} at {url}.",
            status=response.status_code,
            url=url,
        )
    body = response.json()
    if not isinstance(body, dict):
        raise SsoError("The organisation's login service sent an unreadable answer.")
    return body


def fetch_metadata(issuer: str, force: bool = False) -> dict[str, Any]:
    """Return the provider's discovery document (cached for an hour), checking its issuer."""
    now = time.monotonic()
    with _CACHE_LOCK:
        cached = _CACHE.get(issuer)
    if cached and not force and now - cached[0] < METADATA_TTL:
        return cached[1]
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if str(metadata.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise SsoError(
            "The login service says its issuer is '{found}', not the configured '{issuer}' "
            "(GEP_OIDC_ISSUER).",
            found=str(metadata.get("issuer", "")),
            issuer=issuer,
        )
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not metadata.get(name):
            raise SsoError("The login service's metadata lacks '{name}'.", name=name)
    metadata = {**metadata, "jwks": _get_json(str(metadata["jwks_uri"]))}
    with _CACHE_LOCK:
        _CACHE[issuer] = (now, metadata)
    return metadata


def parse_role_map(text: str) -> list[tuple[str, Role]]:
    """Return the (claim value, role) pairs of GEP_OIDC_ROLES in order.

    Raise ValueError with the reason for a malformed pair, an unknown role, or the counsellor
    role (counsellor accounts are linked to a provider's user by an administrator).
    """
    pairs: list[tuple[str, Role]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        value, sep, role_name = part.rpartition("=")
        if not sep or not value.strip() or not role_name.strip():
            raise ValueError(f"'{part.strip()}' is not value=role")
        try:
            role = Role(role_name.strip().lower())
        except ValueError:
            roles = ", ".join(r.value for r in Role if r != Role.COUNSELLOR)
            raise ValueError(f"'{role_name.strip()}' is not a role ({roles})") from None
        if role == Role.COUNSELLOR:
            raise ValueError(
                "counsellor is not mapped: an administrator links counsellor accounts "
                "(gep user link-sso)"
            )
        pairs.append((value.strip(), role))
    return pairs


def claim_values(claims: Mapping[str, Any], name: str) -> list[str]:
    """Return a claim's values as strings; a dotted name reaches into nested objects."""
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def map_role(claims: Mapping[str, Any], claim: str, mapping: list[tuple[str, Role]]) -> Role | None:
    """Return the role of the first mapping pair whose value the claim holds, or None."""
    held = set(claim_values(claims, claim))
    for value, role in mapping:
        if value in held:
            return role
    return None


def validate_id_token(
    id_token: str,
    jwks: Mapping[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    access_token: str | None = None,
    algorithms: list[str] | None = None,
    now: int | None = None,
) -> dict[str, Any]:
    """Return the ID token's claims after checking signature, issuer, audience, times and nonce.

    Raise SsoError naming what is wrong.
    """
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    allowed = [alg for alg in (algorithms or SIGNING_ALGORITHMS) if alg in SIGNING_ALGORITHMS]
    try:
        keys = KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
        token = jwt.decode(id_token, keys, registry=JWSRegistry(algorithms=allowed))
    except JoseError as error:
        raise SsoError(
            "The ID token's signature does not verify ({error}).", error=error.error
        ) from None
    except ValueError:
        raise SsoError("The ID token cannot be read.") from None
    options: dict[str, Any] = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id},
        "sub": {"essential": True},
        "nonce": {"essential": True, "value": nonce},
    }
    params = {"nonce": nonce, "client_id": client_id, "access_token": access_token}
    claims = CodeIDToken(token.claims, token.header, options, params)
    try:
        claims.validate(now=now, leeway=LEEWAY)
    except JoseError as error:
        claim = getattr(error, "claim", "") or error.error
        raise SsoError(
            "The ID token is not valid: {claim} ({error}).", claim=claim, error=error.error
        ) from None
    return dict(claims)


class OidcClient:
    """The OpenID Connect client of one gepmonitor instance (settings GEP_OIDC_*)."""

    def __init__(self, settings: Settings) -> None:
        if not settings.sso_enabled():
            raise SsoError("Single sign-on is not configured (GEP_OIDC_ISSUER).")
        self.issuer = str(settings.oidc_issuer)
        self.client_id = str(settings.oidc_client_id)
        self.client_secret = settings.oidc_client_secret or ""
        self.scopes = settings.oidc_scopes
        self.extra_claims = (settings.oidc_role_claim, settings.oidc_username_claim)

    def metadata(self, force: bool = False) -> dict[str, Any]:
        """Return the provider's metadata and keys."""
        return fetch_metadata(self.issuer, force)

    def start(self, redirect_uri: str, next_path: str, now: float) -> tuple[str, Pending]:
        """Return the provider's authorisation URL and what to keep until the callback."""
        from authlib.common.security import generate_token
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        pending = Pending(
            generate_token(32), generate_token(32), generate_token(64), next_path, now
        )
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": self.scopes,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": create_s256_code_challenge(pending.verifier),
            "code_challenge_method": "S256",
        }
        endpoint = str(self.metadata()["authorization_endpoint"])
        separator = "&" if "?" in endpoint else "?"
        return endpoint + separator + urlencode(params), pending

    def finish(
        self, query: Mapping[str, str], pending: Pending | None, redirect_uri: str, now: float
    ) -> Identity:
        """Check the callback and the tokens; return the identity the provider vouched for."""
        if pending is None:
            raise SsoError("The login was not started here, or it was already used. Try again.")
        if query.get("error"):
            raise SsoError(
                "The organisation's login service refused: {error}.",
                error=str(query.get("error_description") or query["error"])[:200],
            )
        if not hmac.compare_digest(str(query.get("state", "")), pending.state):
            raise SsoError("The login could not be completed: its state does not match. Try again.")
        if now - pending.started > LOGIN_TTL:
            raise SsoError("The login took too long. Try again.")
        code = str(query.get("code", ""))
        if not code:
            raise SsoError("The organisation's login service sent no code.")
        metadata = self.metadata()
        if query.get("iss") and query["iss"] != metadata["issuer"]:  # RFC 9207: mix-up attack
            raise SsoError("The answer came from another login service ({iss}).", iss=query["iss"])
        tokens = self._exchange(metadata, code, redirect_uri, pending.verifier)
        claims = self._id_token_claims(metadata, tokens, pending.nonce)
        claims = self._with_userinfo(metadata, tokens, claims)
        return Identity(str(claims["iss"]), str(claims["sub"]), claims, str(tokens["id_token"]))

    def _exchange(
        self, metadata: Mapping[str, Any], code: str, redirect_uri: str, verifier: str
    ) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        auth: tuple[str, str] | None = (self.client_id, self.client_secret)
        if "client_secret_basic" not in methods and "client_secret_post" in methods:
            form.update(client_id=self.client_id, client_secret=self.client_secret)
            auth = None
        try:
            with _http() as client:
                response = client.post(str(metadata["token_endpoint"]), data=form, auth=auth)
        except Exception as error:  # noqa: BLE001 - transport failure
            raise SsoError(
                "The organisation's login service cannot be reached ({error}). Try again later.",
                error=type(error).__name__,
            ) from None
        body = response.json() if response.content else {}
        if response.status_code != 200 or not isinstance(body, dict):
            reason = body.get("error", response.status_code) if isinstance(body, dict) else ""
            raise SsoError("The code could not be exchanged for tokens ({reason}).", reason=reason)
        if not body.get("id_token"):
            raise SsoError("The organisation's login service sent no ID token.")
        return body

    def _id_token_claims(
        self, metadata: dict[str, Any], tokens: Mapping[str, Any], nonce: str
    ) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "issuer": str(metadata["issuer"]),
            "client_id": self.client_id,
            "nonce": nonce,
            "access_token": tokens.get("access_token"),
            "algorithms": metadata.get("id_token_signing_alg_values_supported"),
        }
        try:
            return validate_id_token(str(tokens["id_token"]), metadata["jwks"], **arguments)
        except SsoError:
            # The provider may have rotated its keys since we fetched them: fetch once more.
            fresh = self.metadata(force=True)
            return validate_id_token(str(tokens["id_token"]), fresh["jwks"], **arguments)

    def _with_userinfo(
        self, metadata: Mapping[str, Any], tokens: Mapping[str, Any], claims: dict[str, Any]
    ) -> dict[str, Any]:
        missing = [name for name in self.extra_claims if not claim_values(claims, name)]
        endpoint = metadata.get("userinfo_endpoint")
        if not missing or not endpoint or not tokens.get("access_token"):
            return claims
        info = _get_json(str(endpoint), {"Authorization": f"Bearer {tokens['access_token']}"})
        if info.get("sub") != claims["sub"]:
            raise SsoError("The userinfo answer is about another user than the ID token.")
        return {**info, **claims}  # the signed ID token's claims win

    def logout_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        """Return the provider's end-session URL for this login, or None when it has none."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except SsoError:
            return None  # the provider is away: at least the local session ends
        if not endpoint:
            return None
        from authlib.common.security import generate_token

        params = {
            "client_id": self.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "state": generate_token(16),
        }
        if id_token:
            params["id_token_hint"] = id_token
        separator = "&" if "?" in str(endpoint) else "?"
        return f"{endpoint}{separator}{urlencode(params)}"
