from django.views.generic import DetailView

from actions_catalog.views import VisibleToUserMixin

from .models import Centre, Partner


class CentreDetailView(DetailView):
    model = Centre


class PartnerDetailView(VisibleToUserMixin, DetailView):
    model = Partner
    queryset = Partner.objects.prefetch_related("centres")
