"""axe-core on every public page, with a full-page screenshot of each for a human look."""

import pytest

from tests.e2e.site_pages import E2E_MARKS, PAGE_NAMES
from tests.e2e.tools import require

pytestmark = E2E_MARKS


@pytest.fixture(scope="module")
def axe():
    require("axe")
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_axe_violation(page, site, axe, screenshots_dir, name):
    site.visit(page, name)
    page.screenshot(path=screenshots_dir / f"{name}.png", full_page=True)

    results = axe.run(page)

    assert results.violations_count == 0, f"{site.paths[name]}\n{results.generate_report()}"
