"""taggit's Tag held to the site's rules: clean names, usable slugs, URLs that always build.

taggit's model is used as it is (other code and the admin rely on it); its writes go
through `save()`, so a pre_save receiver is where its rows are cleaned. Names given to
`speech.tags.add()/set()` are cleaned before taggit looks them up (`CleanTagManager`,
the manager of Speech.tags). Tags readers may see come from querysets.published_tags().
"""

import math

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.managers import _TaggableManager
from taggit.models import Tag

from .cleaning import clean_text
from .slugs import slug_url, usable_slug

NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length


def clean_tag_name(name) -> str:
    """A tag name as stored: no control characters or line breaks, no surrounding spaces."""
    return clean_text(name or "", multiline=False).strip()


@receiver(pre_save, sender=Tag, dispatch_uid="speeches-clean-tag")
def clean_tag(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance.name = clean_tag_name(instance.name)
    instance.slug = usable_slug(instance.slug, instance.name, SLUG_MAX_LENGTH, prefix="tag")


def cloud_sizes(uses: list[int], steps: int = 5) -> list[int]:
    """A tag cloud's size class (1…steps) for each use count: logarithmic between the least
    and most used, so one very common tag does not flatten all the others to size 1."""
    if not uses:
        return []
    low, high = math.log(min(uses)), math.log(max(uses))
    if high == low:
        return [1 for _ in uses]
    return [1 + round((math.log(count) - low) / (high - low) * (steps - 1)) for count in uses]


def tag_url(tag) -> str:
    return slug_url("speeches:tag", tag.slug, tag.name)


class CleanTagManager(_TaggableManager):
    """speech.tags: names are cleaned before taggit looks them up or creates them, so
    "标签" and "标\x01签" are one tag and a name the database refuses never reaches it."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        cleaned = [clean_tag_name(tag) if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances([tag for tag in cleaned if tag != ""], tag_kwargs)
