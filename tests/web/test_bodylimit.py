"""The 50 MB body limit holds for every route and every kind of login, with a clear 413."""

from __future__ import annotations

from tests.webutil import api_token, csrf_token, logged_in_client

from gepmonitor.web.bodylimit import MAX_BODY

TOO_BIG = b"a;b\n" * (MAX_BODY // 4 + 1024)


def _uploads(settings) -> list[str]:
    folder = settings.data_dir / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_oversized_uploads_are_refused_everywhere(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    token = csrf_token(hr)
    files = {"file": ("big.csv", TOO_BIG, "text/csv")}
    # A browser session with the CSRF header (the form field is not needed to pass).
    page = hr.post(
        "/personnel/imports/preview",
        files=files,
        data={"peildatum": "2024-12-31"},
        headers={"X-CSRF-Token": token},
    )
    assert page.status_code == 413
    assert "Het verzonden bestand is te groot: de grens is 50 MB." in page.text
    # The bearer API, which the CSRF check does not look at.
    bearer = {"Authorization": f"Bearer {api_token(session_factory, 'test-hr')}"}
    api = hr.post(
        "/api/v1/personnel/imports",
        files=files,
        data={"peildatum": "2024-12-31", "dry_run": "true"},
        headers={**bearer, "Accept-Language": "en"},
    )
    assert api.status_code == 413
    assert api.json() == {
        "detail": "The file sent is too large: the limit is 50 MB. Make it smaller or split it "
        "and try again."
    }
    # A body sent in chunks, without a Content-Length, is counted while it is read.
    chunks = (TOO_BIG[i : i + (1 << 20)] for i in range(0, len(TOO_BIG), 1 << 20))
    chunked = hr.post("/api/v1/tokens", content=chunks, headers=bearer)
    assert chunked.status_code == 413 and "50 MB" in chunked.json()["detail"]
    assert _uploads(settings) == []
    # Below the limit everything works as before.
    small = hr.post("/api/v1/tokens", json={"name": "after"}, headers={"X-CSRF-Token": token})
    assert small.status_code == 201
