"""The Nu Html Checker (vnu) on the HTML the server sends, every public page in one run."""

import urllib.error
import urllib.request

from tests.e2e.site_pages import E2E_MARKS, PAGE_NAMES
from tests.e2e.tools import ARTIFACTS, format_vnu_message, require, vnu_errors

pytestmark = E2E_MARKS

# No proxy: the live server is on the loopback, whatever the environment says.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str]:
    try:
        with _opener.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_every_page_is_valid_html(site):
    require("java", "vnu")
    html_dir = ARTIFACTS / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    files, problems = {}, []
    for name in PAGE_NAMES:
        status, html = fetch(site.page_url(name))
        if status != 200:
            problems.append(f"{site.paths[name]} : HTTP {status}")
            continue
        files[name] = html_dir / f"{name}.html"
        files[name].write_text(html, encoding="utf-8")

    errors = vnu_errors(list(files.values()))

    for name, path in files.items():
        if errors[path]:
            problems.append(
                f"{site.paths[name]} : {len(errors[path])} erreur(s)\n"
                + "\n".join(format_vnu_message(message) for message in errors[path])
            )
    assert not problems, "\n".join(problems)
