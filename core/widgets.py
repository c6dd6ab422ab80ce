"""Form widgets shared by the workspace's forms."""

from django import forms
from django.utils.html import format_html, format_html_join


class DatalistTextInput(forms.TextInput):
    """A text input that suggests values as one types (an HTML5 ``datalist``: no script);
    any other value may still be typed, the field stays free text."""

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-suggestions"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">', ((option,) for option in self.options)
        )
        return field + format_html('<datalist id="{}">{}</datalist>', list_id, options)
