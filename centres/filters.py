"""The partner directory's filters: by category and by centre, several values each
(``/partenaires/?category=associatif&centre=maison-de-quartier-des-chantiers``)."""

from django.utils.translation import gettext_lazy as _

from core.filters import ChoicesFilter, FacetedFilterSet, RelatedFilter

from .enums import PartnerCategory
from .models import Centre, Partner


class PartnerFilterSet(FacetedFilterSet):
    category = ChoicesFilter("category", choices=PartnerCategory.choices, label=_("Catégorie"))
    centre = RelatedFilter(
        "centres",
        many=True,
        queryset=Centre.objects.all(),
        label_field="display_name",
        label=_("Centre partenaire"),
    )

    class Meta:
        model = Partner
        fields = []  # every filter is declared above

    def order(self, queryset):
        return queryset.in_directory_order()
