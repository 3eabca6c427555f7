"""Process definitions for the demo catalogue's `process` keys (docs/catalog/FORMAT.md §4).
Departments are kinds of the implementing department's region; "lead" is the implementing
department itself and "centre" its region's 政务服务中心 (the comprehensive window)."""

from __future__ import annotations


def _intake() -> dict:
    return {"code": "intake", "name": "综合窗口受理", "kind": "intake", "departments": ["centre"]}


def _decision(limit: int | None = None) -> dict:
    step = {"code": "decision", "name": "审批决定", "kind": "decision", "departments": ["lead"]}
    return step | ({"limit_days": limit} if limit else {})


def _issuance() -> dict:
    return {"code": "issuance", "name": "制证发证", "kind": "issuance", "departments": ["lead"]}


def _review(code: str, name: str, departments: list[str], mode: str = "parallel") -> dict:
    return {"code": code, "name": name, "kind": "review", "departments": departments, "mode": mode}


DEFINITIONS: dict[str, tuple[str, list[dict]]] = {
    "on-the-spot": ("即办件", [_intake(), _decision()]),
    "booking": ("预约办理", [_intake(), _decision()]),
    "single-department": (
        "单部门审批",
        [
            _intake(),
            _review("review", "部门审查", ["lead"]),
            _decision(),
            _issuance(),
        ],
    ),
    "food-licence": (
        "食品经营许可并联审批",
        [
            _intake(),
            _review("joint-review", "并联审查（市场监管、卫健、消防）", ["lead", "wjw", "xf"]),
            _decision(),
            _issuance(),
        ],
    ),
    "parallel-three": (
        "开办企业并联办理",
        [
            _intake(),
            _review("joint-review", "并联办理（登记、税务、社保）", ["lead", "sw", "rsj"]),
            _decision(),
            _issuance(),
        ],
    ),
    "birth-bundle": (
        "出生“一件事”联办",
        [
            _intake(),
            _review(
                "joint-review", "联办（卫健、公安、医保、人社）", ["lead", "gaj", "ybj", "rsj"]
            ),
            _decision(),
        ],
    ),
    "benefit-approval": (
        "待遇审核",
        [
            _intake(),
            _review("review", "待遇审核", ["lead"]),
            _decision(),
        ],
    ),
    "two-level-review": (
        "两级审核",
        [
            _intake(),
            _review("first-review", "初审", ["lead"]),
            _review("second-review", "复审", ["lead"]),
            _decision(),
            _issuance(),
        ],
    ),
    "construction-approval": (
        "工程建设并联审批",
        [
            _intake(),
            _review(
                "joint-review", "并联审查（住建、自然资源和规划、消防）", ["lead", "zrzy", "xf"]
            ),
            _decision(),
            _issuance(),
        ],
    ),
    "property-registration": (
        "不动产登记",
        [
            _intake(),
            _review("review", "登记审核与完税确认", ["lead", "sw"], mode="sequential"),
            _decision(),
            _issuance(),
        ],
    ),
}
