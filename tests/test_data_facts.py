"""Reference facts of the shipped journeys: a later edit that breaks one fails here.

Each row names the fact and the source it rests on. Positions are checked to the
tolerance the data itself claims; leg lengths against the drawn geometry, with the
published rail length (where one exists) recorded in the reason, since the drawn
lines are known to be shorter than the real ones (see each file's route note).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from geopy.distance import geodesic

from itinerary.loader import load_journey
from itinerary.model import Journey
from itinerary.route import RouteSummary, build_route
from tests.conftest import ROOT

DATA = ROOT / "data"


@cache
def journey(name: str) -> Journey:
    return load_journey(DATA / f"{name}.yaml")


@cache
def route(name: str) -> RouteSummary:
    return build_route(journey(name))


def stop(name: str, stop_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in journey(name).stops if s.id == stop_id)


TIMES = [
    (
        "kim-vladivostok-2019",
        "vladivostok-arrival",
        "2019-04-24T17:50:00+10:00",
        "TASS correspondent: about 17:50 local (RIA pool 11:01 MSK)",
    ),
    (
        "kim-vladivostok-2019",
        "vladivostok-departure",
        "2019-04-26T15:30:00+10:00",
        "KBS and EFE: left at about 15:30",
    ),
    (
        "kim-russia-2023",
        "khasan-arrival",
        "2023-09-12T06:00:00+10:00",
        "KCNA: train entered Khasan station yard at 6:00 local",
    ),
    (
        "kim-russia-2023",
        "vostochny-cosmodrome",
        "2023-09-13T13:00:00+09:00",
        "KCNA: arrived at the cosmodrome at 13:00 local",
    ),
    (
        "kim-russia-2023",
        "komsomolsk-aircraft-plant",
        "2023-09-15T08:50:00+10:00",
        "Sputnik: train arrived about 08:50 local",
    ),
    (
        "kim-russia-2023",
        "pyongyang-return",
        "2023-09-19T21:00:00+09:00",
        "Rodong Sinmun via NK News: about 9 p.m.",
    ),
    (
        "kim-beijing-2025",
        "beijing-arrival",
        "2025-09-02T16:00:00+08:00",
        "KCNA and IANS: Beijing station about 4 p.m.",
    ),
    (
        "kim-beijing-2025",
        "xi-talks",
        "2025-09-04T18:00:00+08:00",
        "JoongAng Daily: talks began about 6 p.m.",
    ),
    (
        "kim-hanoi-2019",
        "pyongyang-departure",
        "2019-02-23T17:00:00+09:00",
        "TASS: left Pyongyang about 5 p.m.",
    ),
    (
        "kim-hanoi-2019",
        "dandong-crossing",
        "2019-02-23T21:20:00+08:00",
        "NK News: crossed the Yalu about 21:20 Beijing time",
    ),
    (
        "kim-hanoi-2019",
        "wuhan-transit",
        "2019-02-25T07:00:00+08:00",
        "Yonhap source: passed Wuhan about 7 a.m.",
    ),
    (
        "kim-hanoi-2019",
        "changsha-stop",
        "2019-02-25T13:10:00+08:00",
        "EFE/Yonhap: Changsha about 13:10",
    ),
    (
        "kim-hanoi-2019",
        "dong-dang-arrival",
        "2019-02-26T08:15:00+07:00",
        "KCNA and VnExpress: Dong Dang at 08:15",
    ),
    (
        "kim-hanoi-2019",
        "dong-dang-departure",
        "2019-03-02T12:40:00+07:00",
        "Yonhap: left Dong Dang about 12:40",
    ),
    (
        "kim-hanoi-2019",
        "tianjin-return",
        "2019-03-04T07:00:00+08:00",
        "Yonhap/IANS: passed Tianjin about 7 a.m.",
    ),
    (
        "kim-hanoi-2019",
        "dandong-return",
        "2019-03-04T21:30:00+08:00",
        "ANSA citing Yonhap: Dandong about 21:30",
    ),
    (
        "kim-hanoi-2019",
        "pyongyang-return",
        "2019-03-05T03:00:00+09:00",
        "KCNA: station yard at 3 o'clock",
    ),
]


@pytest.mark.parametrize(
    ("name", "stop_id", "start", "reason"), TIMES, ids=[f"{r[0]}:{r[1]}" for r in TIMES]
)
def test_reported_time(name: str, stop_id: str, start: str, reason: str) -> None:
    assert stop(name, stop_id).start == datetime.fromisoformat(start), reason


POSITIONS = [
    (
        "kim-russia-2023",
        "pyongyang-departure",
        (39.0047, 125.7364),
        0.3,
        "Wikipedia station coordinates; the old point was 1.6 km off",
    ),
    (
        "kim-beijing-2025",
        "pyongyang-departure",
        (39.0047, 125.7364),
        0.3,
        "Wikipedia station coordinates",
    ),
    (
        "kim-hanoi-2019",
        "pyongyang-return",
        (39.0047, 125.7364),
        0.3,
        "Wikipedia station coordinates",
    ),
    (
        "kim-russia-2023",
        "tumangang-reentry",
        (42.4214, 130.6081),
        0.3,
        "Wikipedia: Tumangang station 42°25′17″N 130°36′29″E",
    ),
    (
        "kim-beijing-2025",
        "xi-talks",
        (39.9035, 116.3875),
        0.5,
        "KCNA/Xinhua: talks at the Great Hall of the People",
    ),
    (
        "kim-beijing-2025",
        "great-hall-reception",
        (39.9035, 116.3875),
        0.5,
        "JoongAng Daily: reception in the Great Hall's banquet hall",
    ),
    (
        "kim-hanoi-2019",
        "dong-dang-arrival",
        (21.9458, 106.6967),
        1.5,
        "Wikipedia town position; station about 1 km away at most",
    ),
]


@pytest.mark.parametrize(
    ("name", "stop_id", "point", "km", "reason"),
    POSITIONS,
    ids=[f"{r[0]}:{r[1]}" for r in POSITIONS],
)
def test_position(
    name: str, stop_id: str, point: tuple[float, float], km: float, reason: str
) -> None:
    assert geodesic(stop(name, stop_id).point, point).km <= km, reason


def _leg_km(name: str, origin: str, destination: str) -> float:
    leg = next(
        leg
        for leg in route(name).legs
        if leg.origin.id == origin and leg.destination.id == destination
    )
    assert leg.mode == "rail"
    return leg.km


# (journey, from, to, drawn km low, high, reason with the published length)
LEGS = [
    (
        "kim-russia-2023",
        "pyongyang-departure",
        "khasan-arrival",
        580,
        900,
        "about 850 km by rail (Pyongra 819 + Rajin-Tumangang 32); drawn ~600, curves not traced",
    ),
    (
        "kim-russia-2023",
        "artyom-farewell",
        "tumangang-reentry",
        200,
        330,
        "Reuters: Artyom-Khasan over 200 km; Baranovsky-Khasan line 238 km",
    ),
    (
        "kim-vladivostok-2019",
        "khasan-arrival",
        "vladivostok-arrival",
        260,
        400,
        "about 370 km (Baranovsky-Khasan 238 + Ussuriysk-Vladivostok 112)",
    ),
    (
        "kim-vladivostok-2019",
        "vladivostok-departure",
        "khasan-friendship-house",
        260,
        400,
        "same way back via Ussuriysk (RIA): about 370 km",
    ),
    (
        "kim-beijing-2025",
        "pyongyang-departure",
        "dandong-crossing",
        180,
        240,
        "Pyongui line 225 km (Wikipedia)",
    ),
    (
        "kim-hanoi-2019",
        "pyongyang-departure",
        "dandong-crossing",
        180,
        240,
        "Pyongui line 225 km (Wikipedia)",
    ),
    (
        "kim-hanoi-2019",
        "nanning-stop",
        "dong-dang-arrival",
        180,
        260,
        "Nanning-Friendship Pass on the 1,013 km Hunan-Guangxi line, then a few km to Dong Dang",
    ),
]


@pytest.mark.parametrize(
    ("name", "origin", "destination", "low", "high", "reason"),
    LEGS,
    ids=[f"{r[0]}:{r[1]}" for r in LEGS],
)
def test_rail_leg_length(
    name: str, origin: str, destination: str, low: float, high: float, reason: str
) -> None:
    assert low <= _leg_km(name, origin, destination) <= high, reason


def test_hanoi_outbound_rail_total() -> None:
    """Reports give about 3,800 km (Hankyoreh) to 4,000 km (AFP) each way; drawn is shorter."""
    legs = route("kim-hanoi-2019").legs
    out = sum(leg.km for leg in legs[: next(i for i, leg in enumerate(legs) if leg.mode == "road")])
    assert 3300 <= out <= 4100


PEOPLE = [
    (
        "kim-russia-2023",
        "mariinsky-primorsky-stage",
        "Choe Son Hui",
        "TASS/Voice of Korea: in the audience",
    ),
    ("kim-beijing-2025", "beijing-arrival", "Kim Ju Ae", "KCNA photos, AFP: arrived with him"),
    (
        "kim-vladivostok-2019",
        "lesnaya-zaimka-lunch",
        "Oleg Kozhemyako",
        "KBS: lunch with the governor",
    ),
]


@pytest.mark.parametrize(
    ("name", "stop_id", "person", "reason"), PEOPLE, ids=[f"{r[0]}:{r[2]}" for r in PEOPLE]
)
def test_person_present(name: str, stop_id: str, person: str, reason: str) -> None:
    assert person in stop(name, stop_id).people, reason


ORDER = [
    (
        "kim-vladivostok-2019",
        "vladivostok-departure",
        "khasan-friendship-house",
        "the homeward Khasan stop follows the departure",
    ),
    (
        "kim-beijing-2025",
        "tiananmen-parade",
        "putin-talks",
        "Putin talks followed the parade and reception",
    ),
]


@pytest.mark.parametrize(
    ("name", "first", "then", "reason"), ORDER, ids=[f"{r[0]}:{r[2]}" for r in ORDER]
)
def test_stop_order(name: str, first: str, then: str, reason: str) -> None:
    ids = [s.id for s in journey(name).stops]
    assert ids.index(first) < ids.index(then), reason
    assert stop(name, first).start <= stop(name, then).start, reason


def test_every_data_file_points_at_the_schema() -> None:
    for path in sorted(Path(DATA).glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/itinerary.schema.json", path.name
