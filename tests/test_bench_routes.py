"""The web benchmark measures every GET route: a new route without a value makes it fail here,
not only when someone runs `make bench`."""

from __future__ import annotations

from bench.web_routes import SKIP, targets

from gepmonitor.web.app import create_app
from gepmonitor.web.routeinfo import route_infos


def test_the_benchmark_walks_every_get_route(settings, session, org):
    app = create_app(settings)
    walk = targets(app, session, org, 2025)
    measured = {target.route for target in walk}
    pages = {
        info.path
        for info in route_infos(app)
        if "GET" in info.methods and not info.path.startswith("/static")
    }
    missing = pages - measured - set(SKIP)
    assert not missing, missing
    report = next(t for t in walk if t.route == "/reports/{key}")
    assert report.download and report.url == "/reports/monitor?year=2025&format=pdf"
