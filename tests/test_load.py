"""Loading input files: the examples load, and every kind of bad input is one located line.

Bad files are copies of the example files with one edit; the expected line is found by searching
the edited text, so the tests check that each problem points at the line that is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from typer.testing import CliRunner

import festival.load
from festival.cli import app
from festival.errors import InputError
from festival.inputs import rule_packs
from festival.load import MAX_ALIASES, MAX_FILE_BYTES, load, read_yaml

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
TOUR = ROOT / "examples" / "cffr-2025-tour.yaml"
LINEUP = ROOT / "programmes" / "china-film-festival-russia-2025.yaml"
VENUES_TEXT = MAY.read_text(encoding="utf-8")
PROGRAMME_TEXT = LINEUP.read_text(encoding="utf-8")
T = TypeVar("T")
NAMED = "programme: ../programmes/china-film-festival-russia-2025.yaml"


def edit(text: str, old: str, new: str, *, after: str | None = None) -> str:
    """``text`` with ``old`` replaced by ``new``: the only ``old``, or the first one after ``after``."""
    if after is None:
        assert text.count(old) == 1, f"{old!r} is not unique in the example"
        start = 0
    else:
        start = text.index(after)
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def line_of(text: str, needle: str, *, after: str | None = None) -> int:
    """The 1-based line of the first ``needle`` (after ``after`` if given)."""
    start = 0 if after is None else text.index(after)
    return text.count("\n", 0, text.index(needle, start)) + 1


@dataclass
class Pair:
    """Where a test writes its venue file and line-up."""

    venues: Path
    programme: Path

    def write(self, venues: str = VENUES_TEXT, programme: str = PROGRAMME_TEXT) -> None:
        self.venues.write_text(venues, encoding="utf-8")
        self.programme.write_text(programme, encoding="utf-8")

    def problems(self, venues: str = VENUES_TEXT, programme: str = PROGRAMME_TEXT) -> list[str]:
        """The problem lines of loading these two texts (the load must fail)."""
        self.write(venues, programme)
        with pytest.raises(InputError) as caught:
            load(self.venues, self.programme)
        return [str(p) for p in caught.value.problems]


@pytest.fixture
def pair(tmp_path: Path) -> Pair:
    return Pair(tmp_path / "venues.yaml", tmp_path / "programme.yaml")


@pytest.fixture(params=["libyaml", "ruamel"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each YAML reader in turn: libyaml reads every file, ruamel a file libyaml refuses (and a
    file with a YAML 1.1 line break); a test using this passes with either reading the file."""
    if request.param == "libyaml":
        # vars(): _CParser is an import of festival.load's, which the module does not re-export
        assert vars(festival.load)["_CParser"] is not None, (
            "PyYAML without libyaml: loading is slow"
        )
    else:
        monkeypatch.setattr(festival.load, "_CParser", None)
    return str(request.param)


# --------------------------------------------------------------------------------------- examples


def test_load_may_example_has_its_cities_venues_halls_films_and_pins() -> None:
    inputs = load(MAY)

    assert [c.id for c in inputs.venues.cities] == ["moscow", "st-petersburg", "kazan"]
    assert [v.id for v in inputs.venues.venues] == [
        "illuzion",
        "karo-11-oktyabr",
        "dom-kino-spb",
        "avrora",
        "mir-kazan",
    ]
    assert sorted(inputs.halls) == [
        ("avrora", "big"),
        ("avrora", "small"),
        ("dom-kino-spb", "main"),
        ("illuzion", "big"),
        ("illuzion", "small"),
        ("karo-11-oktyabr", "hall-1"),
        ("karo-11-oktyabr", "hall-2"),
        ("karo-11-oktyabr", "hall-3"),
        ("mir-kazan", "main"),
    ]
    assert [f.id for f in inputs.programme.films] == [
        "red-silk",
        "my-country-my-parents",
        "detective-chinatown-1900",
        "creation-of-the-gods-2",
        "hidden-blade",
        "sinking-of-the-lisbon-maru",
    ]
    assert [(p.film, p.venue, p.hall) for p in inputs.venues.pins] == [
        ("detective-chinatown-1900", "illuzion", "big")
    ]


def test_load_tour_example_has_its_counts() -> None:
    inputs = load(TOUR)

    counts = (
        len(inputs.venues.cities),
        len(inputs.venues.venues),
        len(inputs.halls),
        len(inputs.programme.films),
        len(inputs.venues.pins),
    )
    assert counts == (6, 7, 14, 6, 2)


def test_load_example_reads_programme_named_in_venue_file() -> None:
    inputs = load(MAY)

    assert inputs.programme_source.path == MAY.parent / "../programmes" / LINEUP.name
    assert inputs.programme_source.data == LINEUP.read_bytes()
    assert inputs.venues_source.data == MAY.read_bytes()


# --------------------------------------------------------------------------------- YAML and files


def test_load_malformed_yaml_reports_syntax_error_line(pair: Pair, reader: str) -> None:
    text = edit(VENUES_TEXT, "    name: Roskino\n", "    name: Roskino: Moscow\n")

    problems = pair.problems(venues=text)

    line = line_of(text, "name: Roskino: Moscow")
    assert problems == [f"{pair.venues}:{line}: YAML syntax: mapping values are not allowed here"]


def test_load_tab_indentation_reports_its_line(pair: Pair, reader: str) -> None:
    text = edit(VENUES_TEXT, "    email: cffr@", "\temail: cffr@")

    problems = pair.problems(venues=text)

    line = line_of(text, "\temail")
    assert problems == [
        f"{pair.venues}:{line}: YAML syntax: found character '\\t' that cannot start any token"
    ]


def test_load_duplicate_key_reports_second_occurrence(pair: Pair, reader: str) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", "        seats: 95\n        seats: 90 ")

    problems = pair.problems(venues=text)

    line = line_of(text, "seats: 90 ")
    assert problems == [
        f'{pair.venues}:{line}: YAML syntax: found duplicate key "seats" with value "90" '
        f'(original value: "95")'
    ]


def test_load_missing_venue_file_reports_file_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"

    with pytest.raises(InputError) as caught:
        load(missing, LINEUP)

    assert [str(p) for p in caught.value.problems] == [f"{missing}:0: file not found"]


def test_load_missing_programme_option_reports_file_not_found(pair: Pair) -> None:
    pair.write()
    missing = pair.programme.parent / "nope.yaml"

    with pytest.raises(InputError) as caught:
        load(pair.venues, missing)

    assert [str(p) for p in caught.value.problems] == [f"{missing}:0: file not found"]


def test_load_missing_programme_named_in_venue_file_is_located_at_its_key(pair: Pair) -> None:
    text = edit(
        VENUES_TEXT,
        "programme: ../programmes/china-film-festival-russia-2025.yaml",
        "programme: lineup/missing.yaml",
    )
    pair.venues.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as caught:
        load(pair.venues)

    line = line_of(text, "programme: lineup/missing.yaml")
    missing = pair.venues.parent / "lineup" / "missing.yaml"
    assert [str(p) for p in caught.value.problems] == [
        f"{pair.venues}:{line}: programme: {missing}: file not found"
    ]


def test_load_not_utf8_reports_line_of_bad_byte(pair: Pair) -> None:
    pair.programme.write_text(PROGRAMME_TEXT, encoding="utf-8")
    data = VENUES_TEXT.encode("utf-8")
    at = data.index(b"name: Roskino") + len(b"name: Roskino")
    pair.venues.write_bytes(data[:at] + b"\xff\xfe" + data[at:])

    with pytest.raises(InputError) as caught:
        load(pair.venues, pair.programme)

    line = line_of(VENUES_TEXT, "name: Roskino")
    assert [str(p) for p in caught.value.problems] == [f"{pair.venues}:{line}: not UTF-8 text"]


# ----------------------------------------------------------------------------------------- shapes


def test_load_unknown_field_in_hall_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", "        sets: 90\n        seats: 90 ")

    problems = pair.problems(venues=text)

    line = line_of(text, "sets: 90")
    assert problems == [f"{pair.venues}:{line}: venues[0].halls[1].sets: unknown field"]


def test_load_missing_required_field_is_reported_at_its_parent(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "        seats: 90   # estimate (seat count not found)\n", "")

    problems = pair.problems(venues=text)

    line = line_of(text, "      - id: small")
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[1].seats: required field is missing"
    ]


def test_load_wrong_type_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", '        seats: "many" ')

    problems = pair.problems(venues=text)

    line = line_of(text, 'seats: "many"')
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[1].seats: Input should be a valid integer"
    ]


def test_load_invalid_time_zone_is_reported_at_its_line(pair: Pair) -> None:
    text = edit(
        VENUES_TEXT,
        "timezone: Europe/Moscow",
        "timezone: Europe/Mosco",
        after="  - id: st-petersburg",
    )

    problems = pair.problems(venues=text)

    line = line_of(text, "timezone: Europe/Mosco", after="  - id: st-petersburg")
    assert problems == [
        f"{pair.venues}:{line}: cities[1].timezone: unknown IANA time zone 'Europe/Mosco'"
    ]


def test_load_yaml_merge_key_is_accepted(pair: Pair, reader: str) -> None:
    text = edit(
        VENUES_TEXT,
        '        hours: {open: "10:00", close: "00:30"}',
        '        hours: &daily {open: "10:00", close: "00:30"}',
        after="      - id: big",
    )
    text = edit(
        text,
        '        hours: {open: "10:00", close: "00:30"}',
        "        hours: {<<: *daily}",
        after="      - id: small",
    )
    pair.write(venues=text)

    inputs = load(pair.venues, pair.programme)

    assert inputs.halls[("illuzion", "small")].hall.hours == inputs.venues.venues[0].halls[0].hours


def test_load_ordered_map_where_a_number_belongs_is_a_type_error(pair: Pair, reader: str) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", "        seats: !!omap [a: 1] ")

    problems = pair.problems(venues=text)

    line = line_of(text, "seats: !!omap")
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[1].seats: Input should be a valid integer"
    ]


# ------------------------------------------------------------------------------- venue file checks


def test_load_unknown_city_of_venue_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "    city: kazan\n", "    city: kazn\n")

    problems = pair.problems(venues=text)

    line = line_of(text, "city: kazn")
    assert problems == [f"{pair.venues}:{line}: venues[4].city: unknown city 'kazn'"]


def test_load_pin_naming_unknown_film_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "  - film: detective-chinatown-1900", "  - film: no-such-film")

    problems = pair.problems(venues=text)

    line = line_of(text, "film: no-such-film")
    assert problems == [
        f"{pair.venues}:{line}: pins[0].film: unknown film 'no-such-film' (not in {pair.programme})"
    ]


def test_load_pin_naming_unknown_venue_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "    venue: illuzion\n", "    venue: no-such-venue\n")

    problems = pair.problems(venues=text)

    line = line_of(text, "venue: no-such-venue")
    assert problems == [f"{pair.venues}:{line}: pins[0].venue: unknown venue 'no-such-venue'"]


def test_load_pin_naming_unknown_hall_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "    hall: big\n", "    hall: no-such-hall\n", after="pins:")

    problems = pair.problems(venues=text)

    line = line_of(text, "hall: no-such-hall")
    assert problems == [
        f"{pair.venues}:{line}: pins[0].hall: unknown hall 'no-such-hall' in venue 'illuzion'"
    ]


def test_load_pin_in_year_one_is_outside_the_festival(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "start: 2025-05-13T19:00", "start: 0001-01-01T01:00")

    problems = pair.problems(venues=text)

    line = line_of(text, "start: 0001-01-01T01:00")
    assert problems == [
        f"{pair.venues}:{line}: pins[0].start: festival day 0001-01-01 is outside the festival "
        "(2025-05-13 to 2025-05-17)"
    ]


def test_load_exception_date_outside_festival_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "- date: 2025-05-15", "- date: 2025-06-15")

    problems = pair.problems(venues=text)

    line = line_of(text, "- date: 2025-06-15")
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[1].exceptions[0].date: 2025-06-15 is outside the "
        "festival (2025-05-13 to 2025-05-17)"
    ]


def test_load_blocked_period_ending_before_it_starts_is_reported(pair: Pair) -> None:
    text = edit(VENUES_TEXT, '            to: "18:00"', '            to: "15:00"')

    problems = pair.problems(venues=text)

    line = line_of(text, "          - date: 2025-05-16")
    assert problems == [
        f"{pair.venues}:{line}: venues[3].halls[1].blocked[0]: 'to' is not after 'from'"
    ]


def test_load_festival_in_year_one_is_an_input_error(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "first_day: 2025-05-13", "first_day: 0001-01-01")
    text = edit(text, "last_day: 2025-05-17", "last_day: 0001-01-02")

    problems = pair.problems(venues=text)

    line = line_of(text, "festival:")
    assert problems[0] == (
        f"{pair.venues}:{line}: festival: festival dates must fall between 1970 and 2200"
    )


# --------------------------------------------------------------------------------- line-up checks


def test_load_runtime_longer_than_every_window_is_reported(pair: Pair) -> None:
    venues = edit(VENUES_TEXT, 'latest_end: "01:00"', 'latest_end: "18:00"')
    programme = edit(PROGRAMME_TEXT, "runtime: 128", "runtime: 500")

    problems = pair.problems(venues=venues, programme=programme)

    line = line_of(programme, "runtime: 500")
    assert problems == [
        f"{pair.programme}:{line}: films[4].runtime: 500 min + 10 min intro is longer than every "
        "window of its eligible halls (longest 480 min)"
    ]


def test_load_film_needing_features_no_hall_has_is_reported(pair: Pair) -> None:
    programme = edit(
        PROGRAMME_TEXT, "features: [dcp]", "features: [imax]", after="  - id: hidden-blade"
    )

    problems = pair.problems(programme=programme)

    line = line_of(programme, "    requires:", after="  - id: hidden-blade")
    assert problems == [
        f"{pair.programme}:{line}: films[4].requires: no hall in {pair.venues} has features ['imax']"
    ]


def test_load_duplicate_film_id_is_reported(pair: Pair) -> None:
    programme = edit(PROGRAMME_TEXT, "  - id: hidden-blade", "  - id: red-silk")

    problems = pair.problems(programme=programme)

    line = line_of(programme, "  - id: red-silk", after="  - id: creation-of-the-gods-2")
    assert problems == [f"{pair.programme}:{line}: films[4].id: duplicate film id 'red-silk'"]


def test_load_per_city_count_naming_unknown_city_is_reported(pair: Pair) -> None:
    programme = edit(
        PROGRAMME_TEXT,
        "      min_per_city: 0\n",
        "      min_per_city: 0\n      cities:\n        minsk: {min: 1}\n",
        after="  - id: hidden-blade",
    )

    problems = pair.problems(programme=programme)

    line = line_of(programme, "minsk: {min: 1}")
    assert problems == [
        f"{pair.programme}:{line}: films[4].screenings.cities.minsk: unknown city 'minsk' "
        f"(not in {pair.venues})"
    ]


def test_load_audience_by_unknown_city_is_reported(pair: Pair) -> None:
    programme = edit(
        PROGRAMME_TEXT,
        "      estimate: true\n",
        "      estimate: true\n      by_city: {minsk: 120}\n",
        after="  - id: hidden-blade",
    )

    problems = pair.problems(programme=programme)

    line = line_of(programme, "by_city: {minsk: 120}")
    assert problems == [
        f"{pair.programme}:{line}: films[4].demand.by_city.minsk: unknown city 'minsk' "
        f"(not in {pair.venues})"
    ]


# ------------------------------------------------------------------------------ several problems


def test_load_reports_every_bad_field_of_a_file_at_once(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", '        seats: "many" ')
    text = edit(text, "    email: cffr@example.org", "    email: not-an-address")

    problems = pair.problems(venues=text)

    email, seats = line_of(text, "not-an-address"), line_of(text, 'seats: "many"')
    assert problems == [
        f"{pair.venues}:{email}: festival.organizer.email: "
        "'not-an-address' is not an e-mail address: write it as name@domain, without spaces",
        f"{pair.venues}:{seats}: venues[0].halls[1].seats: Input should be a valid integer",
    ]


def test_load_reports_every_broken_reference_at_once(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "    city: kazan\n", "    city: kazn\n")
    text = edit(text, "    hall: big\n", "    hall: no-such-hall\n", after="pins:")
    text = edit(text, "- date: 2025-05-15", "- date: 2025-06-15")

    problems = pair.problems(venues=text)

    assert problems == [
        f"{pair.venues}:{line_of(text, '2025-06-15')}: venues[0].halls[1].exceptions[0].date: "
        "2025-06-15 is outside the festival (2025-05-13 to 2025-05-17)",
        f"{pair.venues}:{line_of(text, 'city: kazn')}: venues[4].city: unknown city 'kazn'",
        f"{pair.venues}:{line_of(text, 'no-such-hall')}: pins[0].hall: "
        "unknown hall 'no-such-hall' in venue 'illuzion'",
    ]


def test_load_reports_problems_of_both_files_at_once(pair: Pair) -> None:
    venues = edit(VENUES_TEXT, "        seats: 90 ", "        sets: 90\n        seats: 90 ")
    programme = edit(PROGRAMME_TEXT, "runtime: 128", "runtime: 0")

    problems = pair.problems(venues=venues, programme=programme)

    assert sorted(problems) == sorted(
        [
            f"{pair.venues}:{line_of(venues, 'sets: 90')}: venues[0].halls[1].sets: unknown field",
            f"{pair.programme}:{line_of(programme, 'runtime: 0')}: films[4].runtime: "
            "Input should be greater than or equal to 1",
        ]
    )


# ------------------------------------------------------------------------ which line-up is used


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A venue file in ``site/`` naming ``lineup/films.yaml``; a decoy line-up beside the cwd."""
    folder = tmp_path / "site"
    (folder / "lineup").mkdir(parents=True)
    (tmp_path / "lineup").mkdir()
    venues = edit(
        VENUES_TEXT,
        "programme: ../programmes/china-film-festival-russia-2025.yaml",
        "programme: lineup/films.yaml",
    )
    (folder / "venues.yaml").write_text(venues, encoding="utf-8")
    for where, lineup_id in [(folder, "site-lineup"), (tmp_path, "decoy-lineup")]:
        text = edit(PROGRAMME_TEXT, "id: china-film-festival-russia-2025", f"id: {lineup_id}")
        (where / "lineup" / "films.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_load_programme_key_is_relative_to_venue_file(site: Path) -> None:
    inputs = load(Path("site") / "venues.yaml")

    assert inputs.programme.id == "site-lineup"
    assert inputs.programme_source.path == Path("site") / "lineup" / "films.yaml"


def test_load_programme_argument_overrides_programme_key(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    text = edit(PROGRAMME_TEXT, "id: china-film-festival-russia-2025", "id: other-lineup")
    other.write_text(text, encoding="utf-8")

    inputs = load(site / "venues.yaml", other)

    assert inputs.programme.id == "other-lineup"
    assert inputs.programme_source.path == other


def test_load_programme_argument_skips_missing_programme_key(pair: Pair) -> None:
    text = edit(
        VENUES_TEXT,
        "programme: ../programmes/china-film-festival-russia-2025.yaml",
        "programme: missing.yaml",
    )
    pair.write(venues=text)

    inputs = load(pair.venues, pair.programme)

    assert inputs.programme_source.path == pair.programme


def test_cli_check_programme_option_overrides_programme_key(pair: Pair) -> None:
    last_film = PROGRAMME_TEXT.rindex("\n  # ---", 0, PROGRAMME_TEXT.index("- id: sinking-of"))
    pair.write(programme=PROGRAMME_TEXT[: last_film + 1])

    result = CliRunner().invoke(
        app, ["check", str(pair.venues), "--programme", str(pair.programme)]
    )

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ok: cffr-2025: 3 cities, 5 venues, 9 halls, 5 films, 1 pins; rule packs: russia; "
        "pre-checks passed: pins, Russian law, copies and guests, screenings per film and city, "
        "hall-minutes per city and day\n"
    )


# -------------------------------------------------------------------------- files of every kind


def test_load_fifo_as_venue_file_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "venues.yaml"
    os.mkfifo(fifo)

    with pytest.raises(InputError) as caught:
        load(fifo, LINEUP)

    assert [str(p) for p in caught.value.problems] == [
        f"{fifo}:0: is a named pipe (FIFO), not a file; give the path of a YAML file"
    ]


@pytest.mark.parametrize(
    ("named", "what"),
    [
        ("/dev/zero", "a character device"),
        ("lineup.fifo", "a named pipe (FIFO)"),
        (".", "a folder"),
    ],
)
def test_load_programme_that_is_no_regular_file_is_refused_at_its_key(
    pair: Pair, named: str, what: str
) -> None:
    os.mkfifo(pair.venues.parent / "lineup.fifo")
    text = edit(VENUES_TEXT, NAMED, f"programme: {named}")
    pair.venues.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as caught:
        load(pair.venues)

    line = line_of(text, f"programme: {named}")
    path = Path(named) if named.startswith("/") else pair.venues.parent / named
    assert [str(p) for p in caught.value.problems] == [
        f"{pair.venues}:{line}: programme: {path}: is {what}, not a file; give the path of a "
        "YAML file"
    ]


def test_load_file_over_the_size_cap_is_refused_unread(pair: Pair) -> None:
    pair.write()
    with pair.programme.open("r+b") as f:  # sparse: the cap is checked before reading
        f.truncate(MAX_FILE_BYTES + 1)

    with pytest.raises(InputError) as caught:
        load(pair.venues, pair.programme)

    assert [str(p) for p in caught.value.problems] == [
        f"{pair.programme}:0: is 10,000,001 bytes, more than 10,000,000 bytes (10 MB), the most an "
        "input file may have; is this the venue file or line-up?"
    ]


def test_load_comment_padded_file_of_a_megabyte_loads(pair: Pair, reader: str) -> None:
    """Comments after the last value once took quadratic time (5 MB: 34 s); no time is asserted."""
    padding = "# " + "x" * 60 + "\n"
    text = VENUES_TEXT + padding * (1_000_000 // len(padding))
    pair.write(venues=text)

    inputs = load(pair.venues, pair.programme)

    assert (len(inputs.halls), len(inputs.venues_source.data)) == (9, len(text.encode("utf-8")))


# ------------------------------------------------------------------------------------ YAML bombs


def test_load_billion_laughs_is_refused_at_the_alias_that_overflows(
    pair: Pair, reader: str
) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1024

    problems = pair.problems(venues=bomb + VENUES_TEXT)

    assert problems == [
        f"{pair.venues}:6: a5[0]: aliases (*name) repeat more than 100,000 values in all; write "
        "the values out"
    ]


def test_load_more_aliases_than_the_cap_is_refused(pair: Pair, reader: str) -> None:
    many = f"x-hours: &h 1\nx-many: [{', '.join(['*h'] * (MAX_ALIASES + 1))}]\n"

    problems = pair.problems(venues=many + VENUES_TEXT)

    assert problems == [
        f"{pair.venues}:2: YAML: more than 1,000 aliases (*name); write the values out"
    ]


def test_load_alias_inside_itself_is_refused(pair: Pair, reader: str) -> None:
    problems = pair.problems(venues="x-loop: &loop [*loop]\n" + VENUES_TEXT)

    assert problems == [
        f"{pair.venues}:1: YAML nested more than 64 levels deep (an alias inside itself?)"
    ]


def test_load_yaml_1_1_is_refused(pair: Pair, reader: str) -> None:
    problems = pair.problems(venues="%YAML 1.1\n---\n" + VENUES_TEXT)

    assert problems == [
        f"{pair.venues}:2: YAML 1.1 is not read here: input files are YAML 1.2 (remove the %YAML "
        "line)"
    ]


# ---------------------------------------------------------------------- the two YAML readers


def by_each_reader(read: Callable[[], T], monkeypatch: pytest.MonkeyPatch) -> tuple[T, T]:
    """What ``read`` gives with libyaml reading every file (ruamel may not), then with ruamel."""

    def no_fallback(text: str) -> object:
        raise AssertionError("libyaml refused a file it should read")

    with monkeypatch.context() as patch:
        patch.setattr(festival.load, "_compose_ruamel", no_fallback)
        fast = read()
    with monkeypatch.context() as patch:
        patch.setattr(festival.load, "_CParser", None)
        slow = read()
    return fast, slow


@pytest.mark.parametrize("venues", [MAY, TOUR], ids=["may", "tour"])
def test_load_libyaml_and_ruamel_give_the_same_inputs(
    venues: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast reader (libyaml) and the slow one (ruamel, for the files libyaml refuses) give
    the same validated inputs, and the same data and lines for each file."""

    def read() -> tuple[object, ...]:
        inputs = load(venues)
        docs = [read_yaml(p) for p in (venues, inputs.programme_source.path)]
        return (
            inputs.venues,
            inputs.programme,
            inputs.venues_source,
            inputs.programme_source,
            *[(doc.data, doc.lines) for doc in docs],
        )

    fast, slow = by_each_reader(read, monkeypatch)

    assert fast == slow


def shape_errors() -> tuple[str, str]:
    """A venue file and line-up with a wrong type and an unknown field (pydantic's problems)."""
    venues = edit(VENUES_TEXT, "        seats: 90 ", '        seats: "many" ')
    venues = edit(venues, "    city: kazan\n", "    city: kazan\n    colour: red\n")
    return venues, edit(PROGRAMME_TEXT, "    runtime: 157\n", "    runtime: long\n")


def reference_errors() -> tuple[str, str]:
    """A venue file and line-up that validate, with an unknown city and a film id given twice."""
    venues = edit(VENUES_TEXT, "    city: st-petersburg\n", "    city: novgorod\n", after="avrora")
    return venues, edit(PROGRAMME_TEXT, "  - id: hidden-blade\n", "  - id: red-silk\n")


@pytest.mark.parametrize(("texts", "count"), [(shape_errors, 3), (reference_errors, 2)])
def test_load_libyaml_and_ruamel_give_the_same_problems(
    pair: Pair, monkeypatch: pytest.MonkeyPatch, texts: Callable[[], tuple[str, str]], count: int
) -> None:
    """Shape errors and cross-checks, in both files, at the same lines whichever reader read them."""
    venues, programme = texts()

    fast, slow = by_each_reader(lambda: pair.problems(venues, programme), monkeypatch)

    assert len(fast) == count
    assert fast == slow


def test_load_yaml_1_2_scalars_are_read_as_written(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(
        "time: 19:00\noctal: 0o14\nleading-zero: 014\nyes: yes\nno: no\non: on\n"
        "grouped: 1_000\nhex: 0x1F\nexponent: 1e3\ninfinite: -.inf\ntilde: ~\nempty:\n"
        "date: 2025-05-13\nminute: 2025-05-13T19:00\nquoted: \"12\"\nsingle: 'true'\n"
        "true: True\nstring: !!str 5\nfloat: !!float 1\n",
        encoding="utf-8",
    )

    data = read_yaml(path).data

    assert data == {
        "time": "19:00",
        "octal": 12,
        "leading-zero": 14,
        "yes": "yes",
        "no": "no",
        "on": "on",
        "grouped": 1000,
        "hex": 31,
        "exponent": 1000.0,
        "infinite": float("-inf"),
        "tilde": None,
        "empty": None,
        "date": dt.date(2025, 5, 13),
        "minute": "2025-05-13T19:00",
        "quoted": "12",
        "single": "true",
        "true": True,
        "string": "5",
        "float": 1.0,
    }


def test_load_lines_of_keys_and_items_are_those_of_the_text(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "lines.yaml"
    path.write_text(
        "# a comment\n"
        "a:\n"
        "  b: |\n"
        "    two\n"
        "    lines\n"
        "  c: [x,\n"
        "     y]\n"
        "x-h: &h {open: 1}\n"
        "list:\n"
        "  - *h\n"
        "  -\n"
        "    z: 1\n",
        encoding="utf-8",
    )

    lines = read_yaml(path).lines

    assert lines == {
        ("a",): 2,
        ("a", "b"): 3,
        ("a", "c"): 6,
        ("a", "c", 0): 6,
        ("a", "c", 1): 7,
        ("x-h",): 8,
        ("x-h", "open"): 8,
        ("list",): 9,
        ("list", 0): 10,  # the alias, not its anchor
        ("list", 0, "open"): 8,
        ("list", 1): 12,
        ("list", 1, "z"): 12,
    }


def dense(copies: int) -> str:
    """The May venue file with its venues repeated ``copies`` times under new ids, no comments."""
    text = "".join(
        line.split("   #")[0].rstrip() + "\n"
        for line in VENUES_TEXT.splitlines()
        if not line.lstrip().startswith("#")
    )
    head, rest = text.split("venues:\n", 1)
    venues, pins = rest.split("\npins:\n", 1)
    blocks = re.split(r"(?m)^(?=  - id: )", venues + "\n")[1:]
    repeated = [
        block.replace("  - id: ", f"  - id: copy-{n}-", 1) if n else block
        for n in range(copies)
        for block in blocks
    ]
    return f"{head}venues:\n{''.join(repeated)}pins:\n{pins}"


DENSE = dense(40)


@pytest.mark.parametrize(
    ("after", "old", "new", "problem"),
    [
        (
            "copy-39-avrora",
            "    city:",
            "    sets: 1\n    city:",
            "venues[198].sets: unknown field",
        ),
        (
            "copy-38-dom-kino",
            "    lat: 59.9346",
            "    lat: north",
            "venues[192].lat: Input should be a valid number",
        ),
        (
            "copy-20-illuzion",
            "    city: moscow",
            "    city: moskva",
            "venues[100].city: unknown city 'moskva'",
        ),
        (
            "copy-30-karo",
            "        seats: 180\n",
            "        seats: 180\n        seats: 181\n",
            'YAML syntax: found duplicate key "seats" with value "181" (original value: "180")',
        ),
    ],
)
def test_load_dense_file_locates_a_problem_near_its_end(
    pair: Pair, reader: str, after: str, old: str, new: str, problem: str
) -> None:
    text = edit(DENSE, old, new, after=after)
    assert len(text) > 100_000

    problems = pair.problems(venues=text)

    needle = next(line for line in new.splitlines() if line not in old).strip()
    assert problems == [f"{pair.venues}:{line_of(text, needle, after=after)}: {problem}"]


def test_load_dense_file_with_a_syntax_error_near_its_end_is_located(pair: Pair) -> None:
    """libyaml refuses it, and ruamel reads it again for its message."""
    text = edit(
        DENSE, "    city: kazan\n", "    city: kazan: tatarstan\n", after="copy-39-mir-kazan"
    )

    problems = pair.problems(venues=text)

    line = line_of(text, "city: kazan: tatarstan")
    assert problems == [f"{pair.venues}:{line}: YAML syntax: mapping values are not allowed here"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("!!bool maybe", "maybe is not a valid bool (true or false)"),
        (
            "!!timestamp soon",
            'soon is not a valid date and time (failed to construct timestamp from "soon")',
        ),
        (
            "!!int many",
            "many is not a valid number (invalid literal for int() with base 10: 'many')",
        ),
        ("!binary 90", "YAML tag !binary is not supported here; remove it"),
    ],
)
def test_load_scalar_of_an_explicit_type_it_is_not_is_one_located_line(
    pair: Pair, reader: str, given: str, message: str
) -> None:
    text = edit(VENUES_TEXT, "        seats: 90 ", f"        seats: {given} ")

    problems = pair.problems(venues=text)

    line = line_of(text, given)
    assert problems == [f"{pair.venues}:{line}: venues[0].halls[1].seats: {message}"]


@pytest.mark.parametrize(
    ("added", "needle", "message"),
    [
        ("--- # two\nx: 1\n", "--- # two", "YAML syntax: but found another document"),
        ("x-hours: *nowhere\n", "*nowhere", "YAML syntax: found undefined alias 'nowhere'"),
        ("x: " + "[" * 65 + "]" * 65 + "\n", "x: [", "YAML nested more than 64 levels deep"),
    ],
)
def test_load_document_the_loader_will_not_read_is_refused_at_its_line(
    pair: Pair, reader: str, added: str, needle: str, message: str
) -> None:
    text = VENUES_TEXT + added

    problems = pair.problems(venues=text)

    assert problems == [f"{pair.venues}:{line_of(text, needle)}: {message}"]


def test_load_alias_item_of_the_wrong_type_is_located_at_the_alias(pair: Pair, reader: str) -> None:
    text = edit(VENUES_TEXT, "        seats: 369\n", "        seats: &seats 369\n")
    text = edit(text, "features: [dcp, 35mm]", "features: [dcp, *seats]")

    problems = pair.problems(venues=text)

    line = line_of(text, "features: [dcp, *seats]")
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[0].features[1]: Input should be a valid string"
    ]


def test_load_tab_between_a_value_and_its_comment_is_read(pair: Pair) -> None:
    """YAML 1.2 allows tabs between tokens on a line; libyaml reads them (ruamel refused them)."""
    text = edit(VENUES_TEXT, "        seats: 90 ", "        seats: 90\t")
    pair.write(venues=text)

    inputs = load(pair.venues, pair.programme)

    assert inputs.halls[("illuzion", "small")].hall.seats == 90


@pytest.mark.parametrize("mark", ["\x85", "\u2028", "\u2029"])
def test_load_line_after_a_yaml_1_1_line_break_is_counted_as_an_editor_counts(
    pair: Pair, mark: str
) -> None:
    """NEL, LS and PS end a comment, as in YAML 1.1; libyaml counts them as lines, editors do not:
    ruamel reads such a file, and a line is a \\n."""
    text = edit(VENUES_TEXT, "largest city; opening venue", f"largest city;{mark}# opening venue")
    text = edit(text, "        seats: 90 ", '        seats: "many" ')

    problems = pair.problems(venues=text)

    line = line_of(text, 'seats: "many"')
    assert problems == [
        f"{pair.venues}:{line}: venues[0].halls[1].seats: Input should be a valid integer"
    ]


# --------------------------------------------------------------------------- values as written


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "last_day: 2025-05-17",
            "last_day: 2025-11-31",
            "festival.last_day",
            "2025-11-31 is not a valid date (day is out of range for month)",
        ),
        (
            "- date: 2025-05-15",
            "- date: 2025-02-29",
            "venues[0].halls[1].exceptions[0].date",
            "2025-02-29 is not a valid date (day is out of range for month)",
        ),
        (
            "holidays: []",
            "holidays: [2025-11-31]",
            "policy.holidays[0]",
            "2025-11-31 is not a valid date (day is out of range for month)",
        ),
        (
            "start: 2025-05-13T19:00",
            "start: 2025-11-31T19:00",
            "pins[0].start",
            "Input should be a valid datetime or date, day value is outside expected range",
        ),
        (
            "        seats: 90 ",
            f"        seats: {'9' * 5000} ",
            "venues[0].halls[1].seats",
            "a number 5,000 characters long; numbers here have at most 100",
        ),
    ],
)
def test_load_impossible_date_or_huge_number_is_located(
    pair: Pair, reader: str, old: str, new: str, field: str, message: str
) -> None:
    text = edit(VENUES_TEXT, old, new)

    problems = pair.problems(venues=text)

    assert problems == [f"{pair.venues}:{line_of(text, new.strip())}: {field}: {message}"]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "format_version: 1\n",
            "format_version: 1.0\n",
            "format_version",
            "format_version is the whole number 1, not 1.0",
        ),
        ("    weekend: 1.0", "    weekend: true", "policy.day_weights.weekend", "NUMBER"),
        ("        seats: 90 ", "        seats: true ", "venues[0].halls[1].seats", "INTEGER"),
        ("        seats: 90 ", "        seats: 90.0 ", "venues[0].halls[1].seats", "INTEGER"),
        ("    lat: 55.7472", "    lat: .nan", "venues[0].lat", "Input should be a finite number"),
        (
            "    attendance: 1.0",
            "    attendance: .inf",
            "policy.weights.attendance",
            "Input should be a finite number",
        ),
        (
            '            open: "15:00"',
            '            open: "12:30:45"',
            "venues[0].halls[1].exceptions[0].open",
            "'12:30:45': write a time as HH:MM, without seconds (e.g. \"19:00\")",
        ),
        (
            'day_cutoff: "05:00"',
            "day_cutoff: 300",
            "policy.day_cutoff",
            'write a time as HH:MM (e.g. "19:00"), not 300',
        ),
        (
            "start: 2025-05-13T19:00",
            "start: 2025-05-13T19:00:30",
            "pins[0].start",
            "give the start to the minute, without seconds (e.g. 2025-05-13T19:00)",
        ),
    ],
)
def test_load_loose_value_is_refused(
    pair: Pair, reader: str, old: str, new: str, field: str, message: str
) -> None:
    text = edit(VENUES_TEXT, old, new)
    words = {
        "NUMBER": "Input should be a valid number",
        "INTEGER": "Input should be a valid integer",
    }

    problems = pair.problems(venues=text)

    line = line_of(text, new.strip())
    assert problems == [f"{pair.venues}:{line}: {field}: {words.get(message, message)}"]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "  id: cffr-2025\n",
            "  id: CFFR 2025\n",
            "festival.id",
            "'CFFR 2025' is not an id: ids use lower-case letters, digits and hyphens, and start "
            "with a letter or digit (e.g. red-silk)",
        ),
        (
            "    country: RU   # Russia: the Russian rule pack (126-FZ, 436-FZ) applies\n"
            "    demand_factor: 0.8",
            "    country: ru\n    demand_factor: 0.8",
            "cities[2].country",
            "'ru' is not a country code: two capital letters, ISO 3166 (e.g. RU)",
        ),
        (
            "  base_url: https://cffr.example.org/2025/",
            "  base_url: cffr.example.org/2025/",
            "festival.base_url",
            "'cffr.example.org/2025/' is not a web address: it starts with http:// or https:// "
            "and has no spaces",
        ),
        (
            "  domain: cffr.example.org",
            "  domain: CFFR",
            "festival.domain",
            "'CFFR' is not a domain name: lower-case letters, digits, hyphens and dots, ending in "
            "a dot and a top-level domain (e.g. cffr.example.org)",
        ),
    ],
)
def test_load_pattern_error_is_said_in_words(
    pair: Pair, old: str, new: str, field: str, message: str
) -> None:
    text = edit(VENUES_TEXT, old, new)

    problems = pair.problems(venues=text)

    assert problems == [f"{pair.venues}:{line_of(text, new.strip())}: {field}: {message}"]


def test_load_last_day_before_first_day_is_reported_at_last_day(pair: Pair) -> None:
    text = edit(VENUES_TEXT, "last_day: 2025-05-17", "last_day: 2025-05-12")

    problems = pair.problems(venues=text)

    line = line_of(text, "last_day: 2025-05-12")
    assert problems == [
        f"{pair.venues}:{line}: festival.last_day: last_day 2025-05-12 is before first_day "
        "2025-05-13"
    ]


# ------------------------------------------------------------------------------------ rule packs


def without_countries(text: str) -> str:
    """The venue text with every city's ``country:`` line removed."""
    line = "    country: RU   # Russia: the Russian rule pack (126-FZ, 436-FZ) applies\n"
    assert text.count(line) == 3
    return text.replace(line, "")


def test_load_city_without_country_is_in_the_country_of_its_zone(pair: Pair) -> None:
    pair.write(venues=without_countries(VENUES_TEXT))

    inputs = load(pair.venues, pair.programme)

    assert rule_packs(inputs) == ["russia"]


def test_load_city_country_given_wins_over_its_zone(pair: Pair) -> None:
    text = without_countries(VENUES_TEXT).replace(
        "    timezone: Europe/Moscow", "    country: KZ\n    timezone: Europe/Moscow"
    )
    pair.write(venues=text)

    inputs = load(pair.venues, pair.programme)

    assert rule_packs(inputs) == []


def test_load_documented_venue_file_without_country_applies_the_russian_pack(pair: Pair) -> None:
    page = (ROOT / "docs" / "venue-file.md").read_text(encoding="utf-8")
    venue = page.split("## An annotated venue file\n\n```yaml\n", 1)[1].split("```", 1)[0]
    pair.write(venues=venue)

    inputs = load(pair.venues, pair.programme)

    assert [(c.timezone, c.country) for c in inputs.venues.cities] == [("Europe/Moscow", None)]
    assert rule_packs(inputs) == ["russia"]


# ------------------------------------------------------------------------------ clock changes

BERLIN = """format_version: 1
festival:
  id: spring
  name: {ru: Весна, en: Spring, zh: 春}
  first_day: 2025-03-28
  last_day: 2025-03-31
  base_url: https://spring.example.org/
  domain: spring.example.org
  organizer: {name: Kino, email: kino@example.org}
cities:
  - {id: berlin, name: {ru: Берлин, en: Berlin, zh: 柏林}, timezone: Europe/Berlin}
venues:
  - id: kino
    name: {ru: Кино, en: Kino, zh: 影院}
    city: berlin
    address: {ru: ул. 1, en: 1 St, zh: 1街}
    lat: 52.5
    lon: 13.4
    halls:
      - id: main
        name: {ru: Зал, en: Main, zh: 厅}
        seats: 400
        features: [dcp]
        hours: {open: "10:00", close: "00:30"}
pins:
  - {film: red-silk, venue: kino, hall: main, start: 2025-03-29T19:00}
"""
"""A festival over the night Berlin's clocks go forward (30 March 2025, 02:00 → 03:00)."""


def test_load_pin_at_a_time_the_clocks_skip_is_located(pair: Pair) -> None:
    text = edit(BERLIN, "start: 2025-03-29T19:00", "start: 2025-03-30T02:30")

    problems = pair.problems(venues=text)

    assert problems == [
        f"{pair.venues}:{line_of(text, '2025-03-30T02:30')}: pins[0].start: 2025-03-30 02:30 "
        "does not exist in Europe/Berlin: the clocks go forward then; give another time"
    ]


def test_cli_check_pin_in_a_hall_closing_when_the_clocks_skip_exits_3(pair: Pair) -> None:
    pair.write(venues=edit(BERLIN, 'close: "00:30"', 'close: "02:30"'))

    result = CliRunner().invoke(app, ["check", str(pair.venues), "--programme", str(LINEUP)])

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.splitlines()[:2] == [
        "no schedule satisfies every rule:",
        "  - pin of Red Silk at Kino, Main, 29 Mar 19:00: 2025-03-30 02:30 does not exist in "
        "Europe/Berlin: the clocks go forward that night [hall_hours]",
    ]
