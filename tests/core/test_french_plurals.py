"""French plurals: 0 and 1 take the singular, for every plural message of the templates."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.templatetags.i18n import BlockTranslateNode
from django.utils import translation


def _template_files():
    for directory in engines["django"].template_dirs:
        yield from Path(directory).rglob("*.html")
        yield from Path(directory).rglob("*.txt")


def _plural_messages():
    engine = engines["django"].engine
    for path in _template_files():
        if not Path(path).is_relative_to(settings.BASE_DIR) or ".venv" in path.parts:
            continue
        template = engine.from_string(path.read_text(encoding="utf-8"))
        for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
            if node.plural:
                singular, _ = node.render_token_list(node.singular)
                plural, _ = node.render_token_list(node.plural)
                yield path.relative_to(settings.BASE_DIR), singular, plural


PLURALS = sorted(set(_plural_messages()))


def test_the_templates_have_plural_messages():
    assert len(PLURALS) > 10


@pytest.mark.parametrize(("path", "singular", "plural"), PLURALS)
def test_zero_and_one_take_the_singular(path, singular, plural):
    with translation.override("fr"):
        assert translation.ngettext(singular, plural, 0) == singular, (
            f"{path} : « {singular} » manque au catalogue des pluriels "
            "(python manage.py french_plurals)"
        )
        assert translation.ngettext(singular, plural, 1) == singular
        assert translation.ngettext(singular, plural, 2) == plural


def test_a_rendered_count_of_zero_reads_in_the_singular():
    source = (
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} partenaire"
        "{% plural %}{{ counter }} partenaires{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert Template(source).render(Context({"n": 0})) == "0 partenaire"
        assert Template(source).render(Context({"n": 3})) == "3 partenaires"
