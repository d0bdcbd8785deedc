"""{{ tag|tag_url }}: a tag's page, built from its stored slug without ever failing."""

from django import template

from speeches.tags import tag_url as build_tag_url

register = template.Library()


@register.filter
def tag_url(tag):
    return build_tag_url(tag)
