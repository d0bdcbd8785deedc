"""Why a computed link was chosen, in words staff read in the admin (no database)."""

from .weights import WEIGHTS


def explain(parts: dict) -> str:
    if not parts:
        return ""
    reasons = []
    if parts.get("shared_tags"):
        reasons.append("共同标签：" + "、".join(parts["shared_tags"]))
    if parts.get("meeting"):
        reasons.append("同一会议")
    if parts.get("category") == 1:
        reasons.append("同一栏目")
    elif parts.get("category"):
        reasons.append("同属上级栏目")
    reasons.append(f"文本相似度 {parts.get('text', 0):.2f}")
    reasons.append(f"新近度 {parts.get('fresh', 0):.2f}")
    score = sum(weight * parts.get(name, 0) for name, weight in WEIGHTS.items())
    reasons.append(f"得分 {score:.3f}")
    return ";".join(reasons)
