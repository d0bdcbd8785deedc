"""Rows written before text was cleaned on the way in (speeches/cleaning.py): control
characters out of every text field, tag and 栏目 slugs that make a URL.

The rules are frozen here on purpose (a migration must not follow later code). The
database finds the rows to fix, so a clean site reads nothing but its tags and 栏目.
"""

import hashlib
import re

from django.db import IntegrityError, migrations, models, transaction
from django.db.models import Q
from django.utils.text import slugify

CONTROLS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
MULTILINE = re.compile(f"[{CONTROLS}]")
SINGLE_LINE = re.compile(f"[{CONTROLS}\t\n\r]")
USABLE_SLUG = re.compile(r"^[-\w]+\Z")
MODELS = ["Category", "Meeting", "Speech", "Section", "RelatedArticle"]


def clean(value, multiline):
    value = MULTILINE.sub("", value)
    return value if multiline else re.sub(r"[\t\n\r]+", " ", value)


def usable_slug(slug, name, max_length, prefix):
    if USABLE_SLUG.match(slug or "") and len(slug) <= max_length:
        return slug
    digest = hashlib.sha1((name or "").casefold().encode()).hexdigest()[:10]
    base = slugify(slug or "", allow_unicode=True) or slugify(name or "", allow_unicode=True)
    if not base:
        return f"{prefix}-{digest}"
    return base if len(base) <= max_length else f"{base[: max_length - 11]}-{digest}"


def clean_model(model):
    fields = {
        field.name: isinstance(field, models.TextField)
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    }
    dirty = Q()
    for name, multiline in fields.items():
        dirty |= Q(**{f"{name}__regex": (MULTILINE if multiline else SINGLE_LINE).pattern})
    for row in model.objects.filter(dirty).iterator(chunk_size=500):
        for name, multiline in fields.items():
            value = getattr(row, name)
            if isinstance(value, str):
                setattr(row, name, clean(value, multiline))
        try:
            with transaction.atomic():
                row.save(update_fields=list(fields))
        except IntegrityError:  # its cleaned text now equals another row's unique value: keep it
            pass


def fix_slugs(model, prefix):
    max_length = model._meta.get_field("slug").max_length
    taken = set(model.objects.values_list("slug", flat=True))
    for row in model.objects.all().only("pk", "slug", "name"):
        slug = usable_slug(row.slug, row.name, max_length, prefix)
        if slug != row.slug:
            while slug in taken:
                slug = f"{slug[: max_length - 2]}_x"
            taken.add(slug)
            model.objects.filter(pk=row.pk).update(slug=slug)


def clean_stored_text(apps, schema_editor):
    for name in MODELS:
        clean_model(apps.get_model("speeches", name))
    clean_model(apps.get_model("taggit", "Tag"))
    fix_slugs(apps.get_model("taggit", "Tag"), "tag")
    fix_slugs(apps.get_model("speeches", "Category"), "category")


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0010_login_failures"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
