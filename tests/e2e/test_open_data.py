"""The list's data in a real browser: the download links follow the filters a visitor
ticks, with or without JavaScript (updated in place by the script), and give what the list
shows."""

import csv
import io
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from tests.e2e.site_pages import E2E_MARKS, JOURNEY_ACTION, JOURNEY_KEYWORDS
from tests.e2e.test_journeys import keyword_checkbox, submit_form_of

pytestmark = E2E_MARKS


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_the_list_downloads_what_its_filters_show(new_page, site, javascript):
    from playwright.sync_api import expect

    page = new_page(java_script_enabled=javascript)
    site.visit(page, "actions")
    for label in JOURNEY_KEYWORDS:
        keyword_checkbox(page, label).check()
    submit_form_of(keyword_checkbox(page, JOURNEY_KEYWORDS[0]))
    page.wait_for_url(re.compile(r"keyword=.*keyword="))
    download_link = page.get_by_role("link", name="Télécharger (CSV)")
    expect(download_link).to_have_attribute("href", re.compile(r"keyword=.*keyword="))
    assert parse_qs(urlsplit(download_link.get_attribute("href")).query) == parse_qs(
        urlsplit(page.url).query
    )
    shown = page.get_by_role("main").locator(".card-list > li").count()

    # The file the link gives, fetched with the page's own cookies and headers: a click would
    # hand the download to the browser, whose download event some runs never saw.
    response = page.request.get(urljoin(page.url, download_link.get_attribute("href")))

    assert response.ok
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    content = response.body()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert JOURNEY_ACTION in {row["title"] for row in rows}
    assert len(rows) == shown
