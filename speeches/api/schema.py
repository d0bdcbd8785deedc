"""The OpenAPI document's error responses: every operation may answer with a problem
(errors.py); GETs may answer 304 to a conditional request."""

PROBLEM = {
    "type": "object",
    "description": "错误说明（RFC 9457 problem details）",
    "properties": {
        "type": {"type": "string", "description": "错误类型，目前总是 about:blank"},
        "title": {"type": "string", "description": "错误类别的中文名称"},
        "status": {"type": "integer", "description": "HTTP 状态码"},
        "detail": {"type": "string", "description": "中文说明"},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "参数错误时，各参数的错误信息",
        },
    },
    "required": ["type", "title", "status", "detail"],
}
READ_ERRORS = {
    "400": "请求参数有误",
    "404": "没有找到",
    "405": "不支持这种请求方法",
    "406": "无法提供所要求的格式",
    "429": "请求过于频繁",
}
WRITE_ERRORS = {
    "401": "需要令牌",
    "403": "没有权限",
    "409": "与讲话稿当前状态冲突",
    "413": "内容太大",
    "415": "不支持这种内容类型",
}


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    problem = {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for url, path in result.get("paths", {}).items():
        for method, operation in path.items():
            staff_only = method != "get" or "/editorial/" in url
            errors = {**READ_ERRORS, **(WRITE_ERRORS if staff_only else {})}
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                responses.setdefault(code, {"description": description, **problem})
            if method == "get":
                responses.setdefault(
                    "304", {"description": "未修改：请求中的 If-None-Match / If-Modified-Since 仍然有效"}
                )
    return result
