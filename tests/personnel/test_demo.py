"""The demo province is deterministic per seed and realistic enough to tell a story."""

from __future__ import annotations

from gepmonitor.personnel import service
from gepmonitor.personnel.demo import generate_demo_frame


def test_same_seed_same_province_other_seed_other_province():
    first = generate_demo_frame(7, staff=300, years=range(2020, 2023))
    assert first.equals(generate_demo_frame(7, staff=300, years=range(2020, 2023)))
    assert not first.equals(generate_demo_frame(8, staff=300, years=range(2020, 2023)))


def test_demo_snapshots_round_trip_through_storage(session, org):
    frame = generate_demo_frame(5, staff=200, years=range(2023, 2025))
    service.store_frame(session, org, frame, source_name="demo", actor="t")
    session.commit()
    loaded = service.load_snapshots(session, org)
    key = ["year", "employee_key", "exit_date"]
    assert loaded.sort(key).equals(frame.sort(key))
