"""The API's addresses: its documentation page at its root, then its operations and its
OpenAPI document (``openapi.json``), named in the ``api`` namespace."""

from django.urls import path

from .docs import ApiDocumentationView
from .endpoints import api

urlpatterns = [
    # Before the API's own root, which would answer the same address.
    path("", ApiDocumentationView.as_view(), name="api_documentation"),
    path("", api.urls),
]
