"""Response headers that Django's own middleware does not set."""

from django.conf import settings


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
