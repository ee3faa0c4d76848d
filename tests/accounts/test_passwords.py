"""New passwords after NIST SP 800-63B (issue 12, finding 10): the attack's weak passwords were
accepted; now each is refused with the rule it breaks, and good long passwords still pass."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.webutil import create_user, login, make_client, post_form

from gepmonitor.accounts.models import User
from gepmonitor.accounts.passwords import check_new_password
from gepmonitor.core.errors import InputError

WEAK = {
    "aaaaaaaaaaaa": "too few different characters",
    "123456789012": "run of keys or letters",
    "qwertyuiopas": "run of keys or letters",
    "password1234": "first that attackers try",
    "Welkom2024!!": "first that attackers try",
    "p@ssw0rd2024": "first that attackers try",
    "wachtwoordwachtwoord": "first that attackers try",
    " " * 12: "too few different characters",
    "carla-carla-carla": "must not contain the username",
    "short-1": "too short",
}


@pytest.mark.parametrize(("password", "reason"), WEAK.items())
def test_weak_passwords_are_refused_with_their_rule(password, reason):
    with pytest.raises(InputError) as caught:
        check_new_password(password, "carla")
    assert reason in caught.value.render("en")


@pytest.mark.parametrize(
    "password", ["Fietsen naar Assen", "kastanje-laan-12", "groen glas op zolder", "x7Kq!pz2#Lm9"]
)
def test_long_uncommon_passwords_pass(password):
    check_new_password(password, "carla")


def test_the_attacks_passwords_are_refused_on_the_page(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "carla")
    client = make_client(settings)
    client.headers["Accept-Language"] = "en"
    login(client, username, password)
    with session_factory() as session:
        before = session.scalar(select(User.password_hash).where(User.username == username))
    for weak in ("aaaaaaaaaa", "1234567890", "password12", " " * 10, "carlacarlacarla"):
        answer = post_form(
            client, "/account/password", {"current": password, "new": weak, "repeat": weak}
        )
        assert answer.status_code == 422, weak
        assert 'id="password-error"' in answer.text
    with session_factory() as session:
        after = session.scalar(select(User.password_hash).where(User.username == username))
    assert after == before
