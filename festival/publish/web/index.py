"""The front page (``index.html``): the festival, the changes notice after a re-plan, the festival
feed and every public PDF, each city's programme in brief, and every film with its count."""

from __future__ import annotations

from festival.domain import Screening
from festival.publish import urls
from festival.publish.phrases import text
from festival.publish.web.site import Site
from festival.publish.web.views import CityView


def page(site: Site, cities: list[CityView], by_film: dict[str, list[Screening]]) -> bytes:
    """``index.html``. ``cities``: every city's view; ``by_film``: confirmed screenings by film."""
    return site.render(
        "index.html",
        urls.INDEX_PAGE,
        title=text(site.schedule.festival.name, site.lang),
        feeds=site.feeds((urls.FESTIVAL_FEED, "festival", site.ui["feed_festival"], "")),
        cities=cities,
        films=[
            (site.films[f.id], site.count(len(by_film[f.id]))) for f in site.inputs.programme.films
        ],
        pdfs=site.pdf_links(urls.INDEX_PAGE, None),
        wall_grids=site.wall_grid_links(urls.INDEX_PAGE),
        guest_feeds=site.guest_feeds(),
        report=site.report,
    )
