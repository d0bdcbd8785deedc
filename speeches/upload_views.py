"""The editor's image upload endpoint (CKEditor 5's simple upload adapter talks to it).

It replaces django-ckeditor-5's own view, which keeps the client's file name, stores any
file Pillow can open (GIF+HTML polyglots included) as it was sent, and lets any staff user
upload regardless of permissions. Answers use the adapter's JSON shapes:
{"url": ...} or {"error": {"message": ...}}.
"""

from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from .uploads import ImageRejected, clean_image, editor_image_path

UPLOAD_PERMISSIONS = ("speeches.add_speech", "speeches.change_speech")


def _error(message, status):
    return JsonResponse({"error": {"message": message}}, status=status)


@require_POST
@csrf_protect
def upload_editor_image(request):
    user = request.user
    if not (user.is_active and user.is_staff):
        return _error("请先以编辑身份登录管理后台。", 403)
    if not any(user.has_perm(permission) for permission in UPLOAD_PERMISSIONS):
        return _error("您没有编辑讲话稿的权限，不能上传图片。", 403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _error("没有收到文件。", 400)
    try:
        image = clean_image(upload)
    except ImageRejected as rejected:
        return _error(rejected.message, 400)
    name = default_storage.save(editor_image_path(image), image)
    return JsonResponse({"url": default_storage.url(name)})
