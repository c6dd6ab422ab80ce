"""The Atom feed of the sheets newly published or updated (``/actions/flux.atom``), with the
list's filters: a feed reader follows a theme (``?keyword=sante``) or a centre
(``?centre=…``). Only published sheets, whoever asks."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from fiches.filters import filters_query, with_query

from .open_data import public_filterset

FEED_ENTRIES = 50


class LatestActionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Actions des centres sociaux : fiches publiées et mises à jour")
    subtitle = _("Les dernières fiches actions publiées ou mises à jour du catalogue.")
    language = "fr"

    def get_object(self, request):
        return public_filterset(request)

    def link(self, filterset):
        return with_query(reverse("fiches:action_list"), filters_query(filterset))

    def feed_url(self, filterset):
        return with_query(filterset.request.path, filters_query(filterset))

    def author_name(self):
        return settings.PUBLISHER_NAME

    def feed_copyright(self):
        return settings.DATA_LICENCE_NAME

    def items(self, filterset):
        return (
            filterset.qs.recently_updated()
            .select_related("centre")
            .prefetch_related("keywords")[:FEED_ENTRIES]
        )

    def item_title(self, action):
        return action.title

    def item_description(self, action):
        return action.summary

    def item_author_name(self, action):
        return action.centre.display_name

    def item_pubdate(self, action):
        return action.created_at

    def item_updateddate(self, action):
        return action.updated_at

    def item_categories(self, action):
        return [keyword.name for keyword in action.keywords.all()]
