"""Response headers that Django's own middleware does not set, and one reading of the
catalogue's state per page."""

from django.conf import settings

from .changes import one_state_per_request


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy``, refusing the features named in
    ``PERMISSIONS_POLICY_DISABLED_FEATURES`` to every page and to anything a page embeds: a
    script that got in anyway could not reach the camera, the location or a payment.

    A header of constant names, set in a few lines rather than by a library; the settings are
    read at each response so that tests may change them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = settings.PERMISSIONS_POLICY_DISABLED_FEATURES
        if features and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(f"{feature}=()" for feature in features)
        return response


class OneCatalogueStateMiddleware:
    """A GET or HEAD reads the catalogue's state once (``core.changes.request_state``): the
    page cache, the facet indexes and the values kept per version all agree on it. Other
    methods may write the catalogue, and then must see their own writes: each of their
    readings reads the state anew."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_state_per_request():
            return self.get_response(request)
