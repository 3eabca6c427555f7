"""The demo province: real GB/T 2260 region codes of 山东省 with two of its cities, twelve
departments in each city, officials for every role, citizens and a company. Department and
company codes are synthetic but carry correct GB 32100 check characters. Everything here is
public demo material: README lists the credentials."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "Tongban@2026"  # noqa: S105 - public demo password, listed in README

PROVINCE = ("370000", "山东省")
CITIES: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    # key: (code, name, counties)
    "jn": (
        "370100",
        "济南市",
        [
            ("370102", "历下区"),
            ("370103", "市中区"),
            ("370104", "槐荫区"),
            ("370105", "天桥区"),
            ("370112", "历城区"),
        ],
    ),
    "qd": (
        "370200",
        "青岛市",
        [("370202", "市南区"), ("370203", "市北区"), ("370211", "黄岛区"), ("370212", "崂山区")],
    ),
}

# kind, name pattern ({city} is the city name), short name, organisation-code body
DEPARTMENTS: list[tuple[str, str, str, int]] = [
    ("zwfw", "{city}政务服务中心", "政务服务中心", 1001),
    ("scjg", "{city}市场监督管理局", "市场监管局", 1002),
    ("wjw", "{city}卫生健康委员会", "卫健委", 1003),
    ("gaj", "{city}公安局", "公安局", 1004),
    ("rsj", "{city}人力资源和社会保障局", "人社局", 1005),
    ("ybj", "{city}医疗保障局", "医保局", 1006),
    ("zjj", "{city}住房和城乡建设局", "住建局", 1007),
    ("zrzy", "{city}自然资源和规划局", "自然资源和规划局", 1008),
    ("sw", "国家税务总局{city}税务局", "税务局", 1009),
    ("xf", "{city}消防救援支队", "消防救援支队", 1010),
    ("jt", "{city}交通运输局", "交通运输局", 1011),
    ("mz", "{city}民政局", "民政局", 1012),
]


@dataclass(frozen=True)
class DemoOfficial:
    username: str
    name: str
    city: str
    department_kind: str
    roles: tuple[str, ...]


def demo_officials() -> list[DemoOfficial]:
    """Per city: a window clerk, a supervisor and a catalogue administrator at the service
    centre; a reviewer and an approver in every other department."""
    officials: list[DemoOfficial] = []
    for city in CITIES:
        officials += [
            DemoOfficial(f"{city}_window", "窗口受理员", city, "zwfw", ("window_clerk",)),
            DemoOfficial(f"{city}_supervisor", "电子监察员", city, "zwfw", ("supervisor",)),
            DemoOfficial(f"{city}_catalogue", "目录管理员", city, "zwfw", ("catalogue_admin",)),
        ]
        for kind, _name, short, _body in DEPARTMENTS[1:]:
            officials += [
                DemoOfficial(
                    f"{city}_{kind}_reviewer", f"{short}审查员", city, kind, ("reviewer",)
                ),
                DemoOfficial(
                    f"{city}_{kind}_approver", f"{short}审批员", city, kind, ("approver",)
                ),
            ]
    return officials


@dataclass(frozen=True)
class DemoCitizen:
    name: str
    id_first17: str
    mobile: str


CITIZENS = [
    DemoCitizen("张伟", "37010219850312001", "13800000001"),
    DemoCitizen("王芳", "37010319900708002", "13800000002"),
    DemoCitizen("李娜", "37020219981125003", "13800000003"),  # legal representative
    DemoCitizen("刘洋", "37010419950101004", "13800000004"),  # the company's agent
]

COMPANY = {
    "uscc_first17": "91370102MA3C00001",
    "name": "济南市历下区通办示范餐饮有限公司",
    "region": "370102",
    "legal_representative_mobile": "13800000003",
    "agent_mobile": "13800000004",
}
