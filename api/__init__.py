"""The catalogue's read-only JSON API (``/api/``), its OpenAPI document and its documentation
page. Above the domain apps, below the site's pages."""
