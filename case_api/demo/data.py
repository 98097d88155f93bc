"""The demo district as plain data. Polygons are plausible, not surveyed: WGS-84, [经度, 纬度], around 万州城区."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEMO_MARKER_GRID = "WZ-WQ"  # the grid code whose presence means "already seeded"


@dataclass(frozen=True)
class DemoGrid:
    name: str
    code: str
    ring: tuple[tuple[float, float], ...]  # (lon, lat), open ring
    description: str

    def geojson(self) -> dict[str, Any]:
        coords = [list(p) for p in self.ring]
        return {"type": "Polygon", "coordinates": [[*coords, coords[0]]]}


GRIDS = (
    DemoGrid(
        "五桥片区",
        "WZ-WQ",
        ((108.364, 30.746), (108.396, 30.744), (108.398, 30.772), (108.380, 30.777), (108.362, 30.770)),
        "五桥街道：万州机场路、五桥客运站一带",
    ),
    DemoGrid(
        "高笋塘片区",
        "WZ-GST",
        ((108.381, 30.800), (108.404, 30.801), (108.405, 30.819), (108.392, 30.821), (108.380, 30.816)),
        "高笋塘商圈、万达广场一带",
    ),
    DemoGrid(
        "牌楼片区",
        "WZ-PL",
        ((108.356, 30.816), (108.380, 30.816), (108.381, 30.834), (108.366, 30.837), (108.355, 30.830)),
        "牌楼街道、万州北站一带",
    ),
    DemoGrid(
        "江南新区",
        "WZ-JN",
        ((108.396, 30.767), (108.428, 30.766), (108.431, 30.789), (108.410, 30.792), (108.397, 30.786)),
        "江南新区：行政中心、江南市民广场一带",
    ),
    DemoGrid(
        "钟鼓楼片区",
        "WZ-ZGL",
        ((108.356, 30.796), (108.380, 30.796), (108.380, 30.816), (108.356, 30.815)),
        "钟鼓楼街道、三峡港口一带",
    ),
    DemoGrid(
        "龙都片区",
        "WZ-LD",
        ((108.381, 30.821), (108.410, 30.820), (108.411, 30.845), (108.384, 30.846)),
        "龙都街道、万州火车站一带",
    ),
    DemoGrid(
        "百安坝片区",
        "WZ-BAB",
        ((108.405, 30.792), (108.434, 30.792), (108.436, 30.815), (108.406, 30.816)),
        "百安坝街道、三峡学院一带",
    ),
)

PASSWORD = "zhifa-demo-2025"  # development only; printed by `zhifa demo users`

# username, role, full name, badge (执法证号), phone, grid code of today's day shift, unit
StaffRow = tuple[str, str, str, str | None, str, str | None, str]
STAFF: tuple[StaffRow, ...] = (
    ("admin", "admin", "周管理", None, "13700000001", None, "信息科"),
    ("legal", "legal", "赵法制", None, "13700000002", None, "法制科"),
    ("commander", "commander", "钱指挥", None, "13700000003", None, "指挥中心"),
    ("officer", "officer", "李建国", "50010120001", "13700000011", "WZ-WQ", "一中队"),
    ("officer2", "officer", "王晓东", "50010120002", "13700000012", "WZ-WQ", "一中队"),
    ("officer3", "officer", "陈静", "50010120003", "13700000013", "WZ-GST", "二中队"),
    ("officer4", "officer", "刘洋", "50010120004", "13700000014", "WZ-GST", "二中队"),
    ("officer5", "officer", "杨帆", "50010120005", "13700000015", "WZ-PL", "三中队"),
    ("officer6", "officer", "黄伟", "50010120006", "13700000016", "WZ-JN", "四中队"),
    ("officer7", "officer", "吴敏", "50010120007", "13700000017", "WZ-ZGL", "三中队"),
    ("officer8", "officer", "徐磊", "50010120008", "13700000018", "WZ-LD", "五中队"),
)
CITIZEN: StaffRow = ("citizen", "citizen", "张三", None, "13912345678", None, "")
CITIZEN_CASE_STATES = ("served", "executed")  # the demo citizen is the party of these cases

VEHICLES = (
    ("渝F·A1234", "执法车", "WZ-WQ"),
    ("渝F·A2345", "执法车", "WZ-GST"),
    ("渝F·A3456", "执法车", "WZ-JN"),
    ("渝F·B0001", "电动巡逻车", "WZ-PL"),
    ("渝F·B0002", "电动巡逻车", "WZ-LD"),
)

# (title, offence, location, fine in yuan, target state) — one case per state of the machine
CASES = (
    ("五桥客运站门前占道经营水果", "占道经营", "五桥街道 客运站路 12 号", 200, "lead"),
    ("高笋塘商圈店外摆放货架", "出店经营", "高笋塘 太白路 88 号", 300, "accepted"),
    ("牌楼菜市场旁流动摊贩", "无照游商", "牌楼街道 北山大道 3 号", 500, "filed"),
    ("江南新区工地渣土车抛洒", "渣土车抛洒", "江南大道 与 南滨路 交叉口", 5000, "investigating"),
    ("钟鼓楼小区违规张贴广告", "乱张贴", "钟鼓楼街道 二马路 17 号", 1000, "legal_review"),
    ("龙都街道夜间施工噪声", "夜间施工噪声", "龙都街道 龙都大道 201 号", 20000, "notified"),
    ("龙都建筑工地夜间施工（当事人申请听证）", "夜间施工噪声", "龙都街道 沙河路 66 号", 10000, "hearing"),
    ("百安坝商铺违规设置户外广告", "违规设置户外广告", "百安坝 学府大道 55 号", 8000, "decided"),
    ("高笋塘店外经营（已送达待缴款）", "出店经营", "高笋塘 新城路 6 号", 200, "served"),
    ("五桥烧烤摊占道经营（已缴款）", "占道经营", "五桥街道 百安路 9 号", 200, "executed"),
    ("牌楼乱倒建筑垃圾（已结案）", "乱倒垃圾", "牌楼街道 沙龙路 21 号", 1000, "closed"),
    ("江南新区毁坏绿地（已归档）", "毁坏绿地", "江南新区 滨江公园", 500, "archived"),
    ("龙都首次违法占道经营（首违不罚）", "占道经营", "龙都街道 红光路 3 号", 0, "dropped"),
)

# camera id, location, (lat, lon), kind, confidence, plate, detail, outcome: candidate | approved | rejected
CAMERA_EVENTS = (
    (
        "WZ-CAM-0012",
        "高笋塘 太白路口",
        (30.8105, 108.3921),
        "违章停车",
        0.91,
        "渝F·C8888",
        "禁停区停留 12 分钟",
        "candidate",
    ),
    (
        "WZ-CAM-0031",
        "五桥 客运站广场",
        (30.7590, 108.3810),
        "无照游商",
        0.84,
        None,
        "流动摊位停留 25 分钟",
        "candidate",
    ),
    (
        "WZ-CAM-0045",
        "牌楼 北山大道",
        (30.8260, 108.3680),
        "出店经营",
        0.88,
        None,
        "店外摆放货架 40 分钟",
        "approved",
    ),
    (
        "WZ-CAM-0052",
        "江南新区 市民广场",
        (30.7800, 108.4150),
        "违章停车",
        0.57,
        None,
        "画面逆光，车辆不可辨",
        "rejected",
    ),
)
