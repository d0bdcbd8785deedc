"""The search page's query string: the words and the filters, validated."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from taggit.models import Tag

from speeches.models import Category, Meeting
from speeches.navigation import category_tree

FIRST_YEAR = 1949


class PlainSelect(forms.Select):
    """A <select> written in Python. Django's widget templates render every <option>
    through the template engine: the search page's two selects (about 110 options) took
    longer than the search itself."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = frozenset(str(item) for item in self.format_value(value))
        options = render_options(tuple((str(option), str(label)) for option, label in self.choices), selected)
        return format_html("<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options)


@functools.lru_cache(maxsize=64)
def render_options(choices, selected):
    """The <option>s of (value, label) `choices`, those in `selected` marked. Remembered:
    the choices change once a year or when the 栏目 change, and escaping about 110 options
    anew for every search cost a millisecond."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>', ((value, " selected" if value in selected else "", label) for value, label in choices)
    )


def category_options():
    """(slug, label) of every 栏目, each top-level one followed by its subcategories."""
    for top in category_tree():
        yield top.slug, top.name
        for child in top.subcategories:
            yield child.slug, f"{top.name} > {child.name}"


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=True)
    category = forms.ModelChoiceField(
        label="栏目", queryset=Category.objects.all(), to_field_name="slug", required=False,
        empty_label="全部栏目",
        error_messages={"invalid_choice": "没有这个栏目。"},
        widget=PlainSelect(attrs={"aria-label": "栏目"}),
    )
    year = forms.TypedChoiceField(
        label="年份", coerce=int, required=False, empty_value=None,
        error_messages={"invalid_choice": "请选择列表中的年份。"},
        widget=PlainSelect(attrs={"aria-label": "年份"}),
    )
    meeting = forms.ModelChoiceField(
        label="会议", queryset=Meeting.objects.all(), required=False,
        error_messages={"invalid_choice": "没有这个会议。"},
        widget=forms.HiddenInput,
    )
    tag = forms.ModelChoiceField(
        label="标签", queryset=Tag.objects.all(), to_field_name="slug", required=False,
        error_messages={"invalid_choice": "没有这个标签。"},
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", "全部年份")] + [(year, f"{year}年") for year in years]
        # The options come from the header's cached 栏目 tree (no query of their own); the
        # queryset still validates a submitted slug.
        self.fields["category"].widget.choices = [("", "全部栏目"), *category_options()]

    FILTERS = ("category", "meeting", "tag", "year")

    def has_filters(self):
        return any(self.cleaned_data.get(name) for name in self.FILTERS)

    def filter(self, speeches):
        """Apply the chosen filters to a queryset of speeches."""
        data = self.cleaned_data
        if data.get("category"):
            category = data["category"]
            speeches = speeches.filter(category__in=[category, *category.children.all()])
        if data.get("meeting"):
            speeches = speeches.filter(meeting=data["meeting"])
        if data.get("tag"):
            speeches = speeches.filter(tags=data["tag"])
        if data.get("year"):
            speeches = speeches.filter(published_at__year=data["year"])
        return speeches
