"""Every 4xx of the API as JSON problem details (RFC 9457), with a Chinese message.

{"type": "about:blank", "title": "请求参数有误", "status": 400, "detail": "…",
 "errors": {"year": ["年份不能晚于今年。"]}}   # "errors" only for invalid input
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response
from rest_framework.views import exception_handler

from speeches.workflow import WorkflowError

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "请求参数有误",
    401: "需要登录",
    403: "没有权限",
    404: "没有找到",
    405: "不支持这种请求方法",
    406: "无法提供所要求的格式",
    409: "与讲话稿当前状态冲突",
    413: "内容太大",
    415: "不支持这种内容类型",
    429: "请求过于频繁",
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求内容太大。"


def problem(status_code, detail, **extra):
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "请求有误"),
        "status": status_code,
        "detail": detail,
    }
    response = Response({**body, **extra}, status=status_code)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            f"请求内容太大，不能超过 {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024 // 1024} MB（文件请用 multipart 上传）。"
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if exc.args else "没有找到。")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if exc.args else "你没有执行这项操作的权限。")
    elif isinstance(exc, WorkflowError):
        return problem(status.HTTP_409_CONFLICT, str(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 page and logging
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        result = problem(response.status_code, first_message(errors), errors=errors)
    else:
        result = problem(response.status_code, str(exc.detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


def first_message(errors):
    """The first message of a nested error structure, as the problem's `detail`."""
    while isinstance(errors, (dict, list)) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors) if errors else "请求参数有误。"


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404 problem, not the site's HTML page."""
    raise exceptions.NotFound("没有这个接口。")
