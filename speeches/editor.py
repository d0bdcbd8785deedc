"""Admin form wiring for rich text: the CKEditor 5 widget, sanitizing, checked cover images.

Models keep plain TextFields; the editor package is only used here, in admin forms.
"""

from django import forms
from django_ckeditor_5.widgets import CKEditor5Widget

from .sanitize import dropped_images, sanitize_html
from .uploads import COVER_MAX_SIDE, clean_image


class RichTextFormMixin:
    """For ModelForms of models with `rich_text_fields`: editor widget and sanitized values.

    `dropped_images` lists the images sanitizing removed (not from the site's media), for
    the admin to tell the editor."""

    dropped_images = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self._rich_text_fields():
            self.fields[name].widget = CKEditor5Widget(config_name="default")

    def _rich_text_fields(self):
        return [name for name in self._meta.model.rich_text_fields if name in self.fields]

    def clean(self):
        cleaned_data = super().clean()
        dropped = []
        for name in self._rich_text_fields():
            if name in cleaned_data:
                dropped += dropped_images(cleaned_data[name])
                cleaned_data[name] = sanitize_html(cleaned_data[name])
        self.dropped_images = dropped
        return cleaned_data


def dropped_images_message(forms) -> str:
    """What to tell the editor about images dropped from these forms, or ""."""
    sources = [src for form in forms for src in getattr(form, "dropped_images", ())]
    if not sources:
        return ""
    shown = "、".join(sources[:3]) + ("等" if len(sources) > 3 else "")
    return (
        f"已删除 {len(sources)} 张不是本站上传的图片（{shown}）：正文只能使用上传到本站的图片，"
        "请用编辑器的“上传图片”按钮重新插入。"
    )


class CheckedImageField(forms.FileField):
    """An image upload checked and re-encoded by speeches.uploads (clear Chinese errors)."""

    def __init__(self, *args, max_side=COVER_MAX_SIDE, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, max_side=self.max_side)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/png,image/jpeg,image/webp"
        return attrs
