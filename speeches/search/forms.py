"""The search page's query string: the words and the filters, validated."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from speeches.models import Category, Meeting
from speeches.navigation import tree_nodes
from speeches.querysets import published_tags

FIRST_YEAR = 1949


class PlainSelect(forms.Select):
    """A <select> written in Python. Django's widget templates render every <option>
    through the template engine: the search page's two selects (about 110 options) took
    longer than the search itself."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = frozenset(str(item) for item in self.format_value(value))
        options = render_options(tuple((str(option), str(label)) for option, label in self.choices), selected)
        return format_html(
            "<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options
        )


@functools.lru_cache(maxsize=64)
def render_options(choices, selected):
    """The <option>s of (value, label) `choices`, those in `selected` marked. Remembered:
    the choices change once a year or when the 栏目 change, and escaping about 110 options
    anew for every search cost a millisecond."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value in selected else "", label) for value, label in choices),
    )


def category_options():
    """(slug, label) of every 栏目 readers may see, each top-level one followed by its subcategories."""
    for node in tree_nodes():
        yield node.slug, f"{node.parent.name} > {node.name}" if node.parent_id else node.name


def filter_field(field_class, label, not_found, widget=None, **options):
    """An optional search filter: a select named for screen readers unless `widget` says
    otherwise, and a value that is not among the choices answered with `not_found`."""
    return field_class(
        label=label,
        required=False,
        error_messages={"invalid_choice": not_found},
        widget=widget or PlainSelect(attrs={"aria-label": label}),
        **options,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=True)
    category = filter_field(
        forms.ModelChoiceField,
        "栏目",
        "没有这个栏目。",
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label="全部栏目",
    )
    year = filter_field(forms.TypedChoiceField, "年份", "请选择列表中的年份。", coerce=int, empty_value=None)
    # Filters accept only what readers may see (querysets set per form: they depend on the
    # time): a draft-only meeting, tag or 栏目 is "not found".
    meeting = filter_field(forms.ModelChoiceField, "会议", "没有这个会议。", forms.HiddenInput, queryset=None)
    tag = filter_field(
        forms.ModelChoiceField, "标签", "没有这个标签。", forms.HiddenInput, queryset=None, to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", "全部年份")] + [(year, f"{year}年") for year in years]
        # The options come from the header's cached 栏目 tree (no query of their own); the
        # queryset still validates a submitted slug.
        self.fields["category"].widget.choices = [("", "全部栏目"), *category_options()]
        self.fields["meeting"].queryset = Meeting.objects.with_published_speeches()
        self.fields["tag"].queryset = published_tags()

    def clean_category(self):
        """The 栏目's tree node (it knows its subcategories readers may see)."""
        category = self.cleaned_data.get("category")
        if category is None:
            return None
        node = next((node for node in tree_nodes() if node.id == category.id), None)
        if node is None:
            raise forms.ValidationError(self.fields["category"].error_messages["invalid_choice"], code="invalid_choice")
        return node

    FILTERS = ("category", "meeting", "tag", "year")

    def filters(self):
        """The chosen filters, for search_page."""
        return {name: self.cleaned_data.get(name) for name in self.FILTERS}
