"""What a visitor does: search, tick filters, open a sheet and come back, with or without
JavaScript, on a 320 px screen, and never leaving the site for a third-party resource."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from fiches.models import Action
from tests.e2e.site_pages import (
    E2E_MARKS,
    JOURNEY_ACTION,
    JOURNEY_KEYWORDS,
    JOURNEY_SEARCH,
    PAGE_NAMES,
)

pytestmark = E2E_MARKS

# The elements that stick out of the screen or spill their content out of their box, the
# innermost ones only (the culprits, not their parents), as "tag#id.class (right edge)".
OVERFLOWING_ELEMENTS_JS = """() => {
  const width = document.documentElement.clientWidth;
  const overflowing = [...document.body.querySelectorAll("*")].filter((element) => {
    const box = element.getBoundingClientRect();
    const spills = element.scrollWidth > element.clientWidth + 1
      && getComputedStyle(element).overflowX === "visible";
    return box.right > width + 1 || spills;
  });
  const culprits = overflowing.filter(
    (element) => !overflowing.some((other) => other !== element && element.contains(other)));
  return culprits.slice(0, 10).map((element) =>
    element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + [...element.classList].map((name) => "." + name).join("")
    + " (" + Math.round(element.getBoundingClientRect().left + element.scrollWidth) + " px)");
}"""


def keyword_checkbox(page, label: str):
    """The checkbox a visitor reads as ``label``; the label may add a count after it."""
    return page.get_by_role("checkbox", name=re.compile(rf"^\s*{re.escape(label)}\b", re.I))


def submit_form_of(field) -> None:
    field.locator("xpath=ancestor::form[1]").locator(
        "button[type=submit], input[type=submit], button:not([type])"
    ).first.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_search_filter_open_a_sheet_and_come_back(new_page, site, javascript):
    from playwright.sync_api import expect

    action_path = Action.objects.get(title=JOURNEY_ACTION).get_absolute_url()
    page = new_page(java_script_enabled=javascript)
    site.visit(page, "accueil")

    search = page.get_by_role("main").locator("input[name=q]").first
    expect(search).to_have_accessible_name(re.compile(r"\w"))
    search.fill(JOURNEY_SEARCH)
    search.press("Enter")
    page.wait_for_url(re.compile(rf"/actions/\?(.*&)?q={JOURNEY_SEARCH}\b"))
    result = page.get_by_role("main").get_by_role("link", name=JOURNEY_ACTION, exact=True)
    expect(result).to_be_visible()

    for label in JOURNEY_KEYWORDS:
        keyword_checkbox(page, label).check()
    submit_form_of(keyword_checkbox(page, JOURNEY_KEYWORDS[0]))
    page.wait_for_url(re.compile(r"keyword=.*keyword="))
    filtered_url = page.url
    query = parse_qs(urlsplit(filtered_url).query)
    assert query["q"] == [JOURNEY_SEARCH]
    assert sorted(query["keyword"]) == ["environnement", "intergenerationnel"]

    result.click()
    expect(page).to_have_url(site.url + action_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(JOURNEY_ACTION)

    page.go_back()
    expect(page).to_have_url(filtered_url)
    expect(page.locator("input[name=q]").first).to_have_value(JOURNEY_SEARCH)
    for label in JOURNEY_KEYWORDS:
        expect(keyword_checkbox(page, label)).to_be_checked()
    # The same state from the server itself, not from the browser's form restoration.
    page.goto(filtered_url)
    for label in JOURNEY_KEYWORDS:
        expect(keyword_checkbox(page, label)).to_be_checked()
    expect(result).to_be_visible()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_a_320_px_screen(new_page, site, screenshots_dir, name):
    page = new_page(viewport={"width": 320, "height": 640})
    site.visit(page, name)
    page.screenshot(path=screenshots_dir / f"{name}-320px.png", full_page=True)

    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )

    assert scroll_width <= client_width, (
        f"{site.paths[name]} défile horizontalement à 320 px ({scroll_width} px de large) ; "
        f"débordent : {', '.join(page.evaluate(OVERFLOWING_ELEMENTS_JS))}"
    )


def test_pages_request_nothing_from_another_host(page, site, requests_seen):
    for name in PAGE_NAMES:
        site.visit(page, name)
        page.wait_for_load_state("networkidle")

    assert requests_seen, "aucune requête enregistrée"
    foreign = sorted({url for url in requests_seen if not site.is_own(url)})
    assert not foreign, "requêtes vers d'autres hôtes :\n" + "\n".join(foreign)


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_a_sheet_offers_to_print_and_share_it(new_page, site, javascript):
    from playwright.sync_api import expect

    page = new_page(
        java_script_enabled=javascript, permissions=["clipboard-read", "clipboard-write"]
    )
    site.visit(page, "action")
    button = page.get_by_role("button", name="Imprimer")
    hint = page.get_by_text("utilisez la commande « Imprimer » de votre navigateur")
    share = page.get_by_role("link", name="Partager")

    if not javascript:
        expect(button).to_be_hidden()
        expect(hint).to_be_visible()
        assert share.get_attribute("href").startswith("mailto:")
        return
    expect(button).to_be_visible()
    expect(hint).to_be_hidden()
    share.click()
    expect(page.get_by_role("status")).to_have_text(re.compile("Adresse de la fiche copiée"))
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_on_a_phone_results_come_first_and_filters_open_in_a_panel(
    new_page, site, screenshots_dir, javascript
):
    from playwright.sync_api import expect

    suffix = "js" if javascript else "sans-js"
    page = new_page(java_script_enabled=javascript, viewport={"width": 375, "height": 667})
    site.visit(page, "actions")
    main = page.get_by_role("main")
    first_result = main.locator(".card-list > li").first
    page.screenshot(path=screenshots_dir / f"actions-375px-{suffix}.png")
    expect(first_result).to_be_in_viewport()
    filters = main.get_by_role("checkbox")
    expect(filters.first).to_be_hidden()

    main.get_by_role("link", name="Filtrer (0)").click()
    expect(keyword_checkbox(page, JOURNEY_KEYWORDS[0])).to_be_visible()
    if javascript:
        expect(page.get_by_role("dialog", name="Filtrer les fiches")).to_be_visible()
        page.keyboard.press("Escape")
        expect(filters.first).to_be_hidden()
        expect(main.get_by_role("link", name="Filtrer (0)")).to_be_focused()
        main.get_by_role("link", name="Filtrer (0)").click()
    keyword_checkbox(page, JOURNEY_KEYWORDS[0]).check()
    page.screenshot(path=screenshots_dir / f"actions-375px-filtres-{suffix}.png")
    see = main.get_by_role("button", name=re.compile(r"^Voir (la fiche|les \d+ fiches)$"))
    see.click()

    page.wait_for_url(re.compile(r"keyword="))
    expect(main.get_by_role("link", name="Filtrer (1)")).to_be_visible()
    expect(keyword_checkbox(page, JOURNEY_KEYWORDS[0])).to_be_hidden()
    expect(main.locator("#resultats-titre")).to_be_in_viewport()
    (slug,) = parse_qs(urlsplit(page.url).query)["keyword"]
    count = Action.objects.filter(keywords__slug=slug).count()
    heading = main.locator("#resultats-titre")
    expect(heading).to_have_text(re.compile(rf"^{count} fiches? actions?$"))
