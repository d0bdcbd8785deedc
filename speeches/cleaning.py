"""What every stored text goes through on the way in, whoever writes it.

Control characters never reach the database: they are invisible to editors, break XML
(RSS, sitemaps) and, for NUL and lone surrogates, PostgreSQL itself. Single-line fields
(CharField and its kin) also lose line breaks and tabs, which become one space. Rich-text
fields are then sanitized (speeches/sanitize.py).

`CleanTextModel.save()` and `CleanTextQuerySet` (bulk_create, bulk_update, update) apply
it, so the admin, the importer, the generator and any API share it without doing anything.
`clean_text()` is a plain function for everything else (taggit's tags, form fields).
"""

import functools
import re

from django.db import models

from .sanitize import sanitize_html

# C0 controls but tab, line feed and carriage return; DEL and the C1 block; lone UTF-16
# surrogates; the non-characters U+FDD0..U+FDEF, U+FFFE and U+FFFF (illegal in XML 1.0).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\t\n\r]+")


def clean_text(value, multiline=True):
    """`value` without control characters; with `multiline=False`, breaks become one space."""
    if not isinstance(value, str) or not value:
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if not multiline:
        value = LINE_BREAKS.sub(" ", value)
    return value


@functools.cache
def text_fields(model) -> dict[str, bool]:
    """{field name: multiline} for the model's concrete text fields."""
    return {
        field.name: isinstance(field, models.TextField)
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    }


def clean_value(model, name, value):
    """The stored form of `value` for field `name` of `model` (anything else unchanged)."""
    multiline = text_fields(model).get(name)
    if multiline is None or not isinstance(value, str):
        return value
    value = clean_text(value, multiline)
    if name in getattr(model, "rich_text_fields", ()):
        value = sanitize_html(value)
    return value


def clean_stored_text(obj, names) -> None:
    """Clean the named text fields of one object in place."""
    model = type(obj)
    for name in set(names) & text_fields(model).keys():
        setattr(obj, name, clean_value(model, name, getattr(obj, name)))


def saved_fields(instance, update_fields):
    """Names of the fields a save() writes: loaded ones, or only `update_fields`."""
    names = {field.name for field in instance._meta.concrete_fields} - instance.get_deferred_fields()
    return names if update_fields is None else names & set(update_fields)


class CleanTextModel(models.Model):
    """Cleans the text fields a save() writes. Rich-text fields are named in `rich_text_fields`."""

    rich_text_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        clean_stored_text(self, saved_fields(self, kwargs.get("update_fields")))
        super().save(*args, **kwargs)


class CleanTextQuerySet(models.QuerySet):
    """The same cleaning for bulk writes, which bypass save()."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        names = text_fields(self.model).keys()
        for obj in objs:
            clean_stored_text(obj, names)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            clean_stored_text(obj, fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        return super().update(**{name: clean_value(self.model, name, value) for name, value in kwargs.items()})
