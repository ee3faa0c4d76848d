"""A real OpenID provider for the single sign-on tests: node-oidc-provider on loopback.

``start_provider`` runs tests/oidc/provider.mjs with node and yields its issuer URL; it needs
``npm ci --prefix tests/oidc`` (done by .ci/run). Without node or the package the tests skip,
or fail when GEP_REQUIRE_OIDC=1 (or GEP_REQUIRE_BROWSER=1) as in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "gepmonitor-test"
CLIENT_SECRET = "gepmonitor-test-secret-0123456789"
ROLE_MAP = "gep-admins=admin,gep-hr=hr,gep-board=board,gep-staff=viewer"
ACCOUNTS: dict[str, dict[str, Any]] = {
    "anna": {"preferred_username": "anna@provincie.test", "name": "Anna", "groups": ["gep-hr"]},
    "bert": {"preferred_username": "bert@provincie.test", "groups": ["gep-board", "gep-hr"]},
    "carla": {"preferred_username": "carla@provincie.test", "groups": ["finance"]},
    "dirk": {"preferred_username": "dirk@provincie.test", "groups": []},
}
LOOPBACK_CALLBACK = "http://127.0.0.1/login/sso/callback"
LOOPBACK_LOGOUT = "http://127.0.0.1/login"


def _required() -> bool:
    return any(
        os.environ.get(flag, "") not in ("", "0", "false", "no")
        for flag in ("GEP_REQUIRE_OIDC", "GEP_REQUIRE_BROWSER")
    )


def provider_unavailable() -> str | None:
    """Return why the provider cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        return "oidc-provider is not installed (npm ci --prefix tests/oidc)"
    return None


def skip_or_fail_without_provider() -> None:
    """Skip the test when the provider cannot run, or fail it when CI requires it."""
    import pytest

    reason = provider_unavailable()
    if reason is None:
        return
    if _required():
        pytest.fail(f"{reason} (required by GEP_REQUIRE_OIDC=1 / GEP_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@contextmanager
def start_provider(
    redirect_uris: list[str] | None = None,
    post_logout_redirect_uris: list[str] | None = None,
    accounts: dict[str, dict[str, Any]] | None = None,
) -> Iterator[str]:
    """Run the provider on a free loopback port until the block ends; yield its issuer."""
    config = {
        "port": 0,
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris or [LOOPBACK_CALLBACK],
            "post_logout_redirect_uris": post_logout_redirect_uris or [LOOPBACK_LOGOUT],
        },
        "accounts": accounts or ACCOUNTS,
    }
    process = subprocess.Popen(
        ["node", str(OIDC_DIR / "provider.mjs")],
        cwd=OIDC_DIR,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config), "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        issuer = _wait_for_issuer(process)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_issuer(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the OpenID provider stopped (exit {process.poll()})")
        match = re.match(r"listening (\S+)", line)
        if match:
            issuer = match.group(1)
            httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=10).raise_for_status()
            return issuer
    raise RuntimeError("the OpenID provider did not start within 30 s")


def sso_settings(settings, issuer: str, **changes: Any):  # type: ignore[no-untyped-def]
    """Return test settings with single sign-on at the issuer (and other changes)."""
    return settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": CLIENT_SECRET,
            "oidc_roles": ROLE_MAP,
            **changes,
        }
    )


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"', re.I)
PROMPT = re.compile(r'name="prompt" value="([a-z]+)"')


def provider_login(client: httpx.Client, response: httpx.Response, account: str) -> httpx.Response:
    """Fill in the provider's login form, confirm its consent page; return where it leads."""
    for _ in range(3):
        prompt = PROMPT.search(response.text)
        if "/interaction/" not in response.url.path or prompt is None:
            return response
        match = FORM_ACTION.search(response.text)
        assert match, f"no form at {response.url}: {response.text[:300]}"
        action = httpx.URL(str(response.url)).join(match.group(1).replace("&amp;", "&"))
        fields = {"prompt": prompt.group(1)}
        if prompt.group(1) == "login":
            fields.update(login=account, password="any")
        response = client.post(action, data=fields)
    return response
