"""The ID token checks, each refused with a token minted by a test key: signature, issuer,
audience, expiry, nonce, algorithm. (The happy path runs through the real provider in
test_sso_flow.py.)"""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from gepmonitor.accounts.oidc import (
    Pending,
    SsoError,
    claim_values,
    map_role,
    parse_role_map,
    validate_id_token,
)
from gepmonitor.accounts.roles import Role

ISSUER = "https://login.provincie.test"
CLIENT = "gepmonitor"
NONCE = "n-0S6_WzA2Mj"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
JWKS = {"keys": [KEY.as_dict(private=False)]}


def mint(key=KEY, alg: str = "RS256", **changes: object) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": "anna",
        "aud": CLIENT,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        **changes,
    }
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key)


def check(token: str, nonce: str = NONCE) -> dict:
    return validate_id_token(token, JWKS, issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def refused(token: str, nonce: str = NONCE) -> str:
    with pytest.raises(SsoError) as caught:
        check(token, nonce)
    return caught.value.render("en")


def test_a_good_token_passes():
    claims = check(mint(groups=["gep-hr"]))
    assert claims["sub"] == "anna" and claims["groups"] == ["gep-hr"]


def test_a_token_signed_by_another_key_is_refused():
    assert "signature" in refused(mint(key=OTHER_KEY))


def test_a_tampered_payload_is_refused():
    header, payload, signature = mint().split(".")
    forged = mint(sub="admin").split(".")[1]
    assert "signature" in refused(f"{header}.{forged[:-4]}{payload[-4:]}.{signature}")
    assert "signature" in refused(f"{header}.{forged}.{signature}")


def test_another_issuer_is_refused():
    assert "iss" in refused(mint(iss="https://evil.test"))


def test_another_audience_is_refused():
    assert "aud" in refused(mint(aud="someone-else"))
    assert "aud" in refused(mint(aud=["someone-else"], azp=CLIENT))


def test_an_expired_token_is_refused():
    past = int(time.time()) - 3600
    assert "exp" in refused(mint(iat=past - 300, exp=past))


def test_a_wrong_or_missing_nonce_is_refused():
    assert "nonce" in refused(mint(nonce="replayed-nonce"))
    assert "nonce" in refused(mint(nonce=None))


def test_unsigned_and_symmetric_tokens_are_refused():
    secret = OctKey.import_key("gepmonitor-client-secret-0123456789abcdef")
    assert "signature" in refused(mint(key=secret, alg="HS256"))
    header_none = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    payload = mint().split(".")[1]
    assert "signature" in refused(f"{header_none}.{payload}.")


def test_role_mapping_takes_the_first_pair_the_claim_holds():
    mapping = parse_role_map("gep-admins=admin, gep-hr=hr,gep-board=board")
    assert map_role({"groups": ["gep-board", "gep-hr"]}, "groups", mapping) == Role.HR
    assert map_role({"groups": ["finance"]}, "groups", mapping) is None
    assert map_role({"roles": "gep-board"}, "roles", mapping) == Role.BOARD
    nested = {"realm_access": {"roles": ["gep-admins"]}}
    assert map_role(nested, "realm_access.roles", mapping) == Role.ADMIN
    assert claim_values({}, "groups") == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("gep-hr", "not value=role"),
        ("gep-x=boss", "not a role"),
        ("vp=counsellor", "administrator links"),
    ],
)
def test_a_bad_mapping_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_role_map(text)


def test_a_pending_login_survives_the_cookie_and_rejects_garbage():
    pending = Pending("s", "n", "v", "/x", 1.0)
    assert Pending.from_session(pending.to_session()) == pending
    assert Pending.from_session({"state": "s"}) is None
    assert Pending.from_session("nonsense") is None
