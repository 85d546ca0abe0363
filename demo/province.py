"""Demo data: a realistic province (Sơn La) with its Phòng, schools, staff and demo accounts, or the nation.

Everything is drawn from one seeded ``random.Random``, so the same size and seed always give the same
province. Rows are written with ``bulk_create`` (no audit history for seeded rows). Each step is a
function taking the :class:`DemoContext`; ``seed_demo`` runs them in order and later apps append theirs.

The ``nation`` size is the 34 provinces of ``demo.provinces``, one :class:`ProvinceShape` each
(``nation_shapes``): Sơn La first, exactly the ``province`` demo, then the others with generated districts and
communes. ``seed_demo`` runs the steps once per province, each with a fresh context and its own transaction.
"""

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import (
    Gender,
    Level,
    OrgUnit,
    PastPlacement,
    Position,
    Role,
    Staff,
    SupportContact,
    UnitLetterhead,
    User,
)
from demo.provinces import COMMUNE_FIRST, COMMUNE_SECOND, PROVINCES, SON_LA

DEMO_PASSWORD = "Demo@2026bdtx"
DEMO_USERNAMES = ("admin", "so", "xa", "hieutruong", "totruong", "giaovien")
# The Sở's support line in the demo (example.vn: a domain that receives no mail).
DEMO_SUPPORT = {
    "name": "Phòng Tổ chức cán bộ, Sở GD&ĐT",
    "phone": "0212 3852 000",
    "email": "hotro.bdtx@example.vn",
    "hours_note": "Giờ hành chính, thứ Hai đến thứ Sáu",
}
BATCH_SIZE = 2000


def _current_school_year_start(today=None):
    """A school year runs from August to July: the demo is always seeded into the year in progress."""
    today = today or date.today()
    return today.year if today.month >= 8 else today.year - 1


SCHOOL_YEAR_START = _current_school_year_start()


# ---------------------------------------------------------------------------------------------------------------
# Name pools
# ---------------------------------------------------------------------------------------------------------------


def _words(text):
    return tuple(text.split())


# Family names with their approximate share of the population (per cent); the tail is the north-west's
# Thái and Mông families, common among Sơn La's teachers.
FAMILY_NAMES = [
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.1),
    ("Hoàng", 4.6),
    ("Huỳnh", 0.5),
    ("Phan", 4.5),
    ("Vũ", 3.0),
    ("Võ", 0.9),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.9),
    ("Trịnh", 0.6),
    ("Đào", 0.6),
    ("Mai", 0.5),
    ("Lương", 0.5),
    ("Hà", 0.7),
    ("Cao", 0.4),
    ("Tạ", 0.3),
    ("Lò", 1.2),
    ("Cầm", 0.7),
    ("Quàng", 0.5),
    ("Lường", 0.4),
    ("Tòng", 0.3),
    ("Điêu", 0.2),
    ("Giàng", 0.3),
    ("Sùng", 0.2),
    ("Thào", 0.2),
]

MALE_MIDDLE = [
    ("Văn", 40),
    ("Đức", 9),
    ("Minh", 8),
    ("Quang", 6),
    ("Hữu", 5),
    ("Xuân", 5),
    ("Thanh", 4),
    ("Công", 4),
    ("Mạnh", 3),
    ("Ngọc", 3),
    ("Tuấn", 3),
    ("Trung", 3),
    ("Duy", 3),
    ("Tiến", 3),
    ("Việt", 3),
    ("Hoàng", 2),
    ("Anh", 2),
]
FEMALE_MIDDLE = [
    ("Thị", 50),
    ("Thị Thu", 4),
    ("Thị Thanh", 3),
    ("Thị Hồng", 2),
    ("Thị Kim", 2),
    ("Thu", 7),
    ("Ngọc", 6),
    ("Thanh", 5),
    ("Hồng", 4),
    ("Thùy", 4),
    ("Minh", 3),
    ("Phương", 3),
    ("Kim", 2),
    ("Bích", 2),
    ("Hải", 2),
    ("Diệu", 1),
]
MALE_GIVEN = _words(
    "An Bình Cường Chiến Dũng Duy Dương Đạt Đông Đức Giang Hải Hậu Hiếu Hòa Hoàng Hùng Huy Hưng Khánh Khoa Kiên "
    "Lâm Linh Long Lợi Mạnh Minh Nam Nghĩa Phong Phúc Quân Quang Quý Sơn Tài Thái Thắng Thành Thịnh Toàn Trung "
    "Trường Tuấn Tùng Tú Việt Vinh Vũ Khải Bảo Cảnh Định Hiệp Luân Tiến Thanh Phương Tâm"
)
FEMALE_GIVEN = _words(
    "Anh Ánh Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hoài Hồng Huệ Huyền Hương Hường Lan Liên Linh Loan Lụa "
    "Mai Nga Ngân Ngọc Nguyệt Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thanh Thơ Thu Thủy Trang Tuyết Vân Yến "
    "Xuân Lệ Nhàn Thoa Lý Diệp Châu Hậu My Nhi Thắm Thúy Phượng"
)

# Birth places: most staff were born in the province (district, Sơn La), the rest in other provinces,
# the neighbours and the Red River delta more often.
HOME_DISTRICTS = [
    "Thành phố Sơn La",
    "Mai Sơn",
    "Mộc Châu",
    "Thuận Châu",
    "Sông Mã",
    "Yên Châu",
    "Phù Yên",
    "Mường La",
    "Bắc Yên",
    "Quỳnh Nhai",
    "Sốp Cộp",
    "Vân Hồ",
]
OTHER_PROVINCES = [
    ("Điện Biên", 5),
    ("Lai Châu", 3),
    ("Yên Bái", 4),
    ("Phú Thọ", 6),
    ("Hòa Bình", 6),
    ("Thái Bình", 7),
    ("Nam Định", 7),
    ("Hà Nam", 3),
    ("Ninh Bình", 3),
    ("Thanh Hóa", 8),
    ("Nghệ An", 5),
    ("Hà Tĩnh", 2),
    ("Hà Nội", 6),
    ("Hải Dương", 4),
    ("Hưng Yên", 3),
    ("Vĩnh Phúc", 3),
    ("Bắc Giang", 2),
    ("Bắc Ninh", 2),
    ("Thái Nguyên", 2),
    ("Tuyên Quang", 2),
    ("Lào Cai", 2),
    ("Hải Phòng", 2),
    ("Quảng Ninh", 1),
    ("Quảng Bình", 1),
    ("Thừa Thiên Huế", 1),
    ("Đà Nẵng", 1),
    ("Thành phố Hồ Chí Minh", 1),
]
HOME_SHARE = 0.62

# ---------------------------------------------------------------------------------------------------------------
# The province: districts (the ten that get a Phòng) and their communes, the district seat first
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    name: str  # "thành phố Sơn La", "huyện Mai Sơn"
    short: str  # "Sơn La", "Mai Sơn"
    communes: tuple
    high_schools: tuple  # THPT names after "Trường THPT "


DISTRICTS = [
    District(
        "thành phố Sơn La",
        "Sơn La",
        (
            "Chiềng Lề",
            "Tô Hiệu",
            "Quyết Thắng",
            "Quyết Tâm",
            "Chiềng Sinh",
            "Chiềng An",
            "Chiềng Cơi",
            "Chiềng Ngần",
            "Chiềng Xôm",
            "Chiềng Đen",
            "Hua La",
            "Chiềng Cọ",
        ),
        ("Tô Hiệu", "Chiềng Sinh", "Nguyễn Du", "Chu Văn Thịnh"),
    ),
    District(
        "huyện Mai Sơn",
        "Mai Sơn",
        (
            "Hát Lót",
            "Cò Nòi",
            "Chiềng Mung",
            "Chiềng Ban",
            "Chiềng Mai",
            "Chiềng Chăn",
            "Chiềng Lương",
            "Chiềng Nơi",
            "Chiềng Sung",
            "Chiềng Ve",
            "Chiềng Dong",
            "Chiềng Kheo",
            "Chiềng Chung",
            "Mường Bon",
            "Mường Bằng",
            "Mường Chanh",
            "Nà Bó",
            "Nà Ớt",
            "Phiêng Cằm",
            "Phiêng Pằn",
            "Tà Hộc",
        ),
        ("Mai Sơn", "Cò Nòi", "Chu Văn Thịnh", "Chiềng Mai", "Nà Bó"),
    ),
    District(
        "huyện Mộc Châu",
        "Mộc Châu",
        (
            "Mộc Lỵ",
            "Nông Trường",
            "Chiềng Hắc",
            "Chiềng Sơn",
            "Chiềng Khừa",
            "Đông Sang",
            "Hua Păng",
            "Lóng Sập",
            "Mường Sang",
            "Nà Mường",
            "Phiêng Luông",
            "Quy Hướng",
            "Tà Lai",
            "Tân Hợp",
            "Tân Lập",
        ),
        ("Mộc Lỵ", "Thảo Nguyên", "Tân Lập", "Chiềng Sơn"),
    ),
    District(
        "huyện Thuận Châu",
        "Thuận Châu",
        (
            "Thuận Châu",
            "Bó Mười",
            "Bon Phặng",
            "Chiềng Bôm",
            "Chiềng La",
            "Chiềng Ly",
            "Chiềng Ngàm",
            "Chiềng Pấc",
            "Chiềng Pha",
            "Co Mạ",
            "Co Tòng",
            "É Tòng",
            "Liệp Tè",
            "Long Hẹ",
            "Muổi Nọi",
            "Mường Bám",
            "Mường Khiêng",
            "Mường É",
            "Nậm Lầu",
            "Noong Lay",
            "Phổng Lái",
            "Phổng Lăng",
            "Púng Tra",
            "Tông Cọ",
            "Tông Lạnh",
        ),
        ("Thuận Châu", "Tông Lệnh", "Bình Thuận", "Co Mạ", "Phổng Lái"),
    ),
    District(
        "huyện Sông Mã",
        "Sông Mã",
        (
            "Sông Mã",
            "Bó Sinh",
            "Chiềng Cang",
            "Chiềng En",
            "Chiềng Khoong",
            "Chiềng Khương",
            "Chiềng Phung",
            "Chiềng Sơ",
            "Đứa Mòn",
            "Huổi Một",
            "Mường Cai",
            "Mường Hung",
            "Mường Lầm",
            "Mường Sai",
            "Nà Nghịu",
            "Nậm Mằn",
            "Nậm Ty",
            "Yên Hưng",
        ),
        ("Sông Mã", "Chiềng Khương", "Mường Lầm", "Chiềng Sơ"),
    ),
    District(
        "huyện Yên Châu",
        "Yên Châu",
        (
            "Yên Châu",
            "Chiềng Đông",
            "Chiềng Hặc",
            "Chiềng Khoi",
            "Chiềng On",
            "Chiềng Pằn",
            "Chiềng Sàng",
            "Chiềng Tương",
            "Lóng Phiêng",
            "Mường Lựm",
            "Phiêng Khoài",
            "Sặp Vạt",
            "Tú Nang",
            "Viêng Lán",
            "Yên Sơn",
        ),
        ("Yên Châu", "Phiêng Khoài", "Chiềng Khoi", "Tú Nang"),
    ),
    District(
        "huyện Phù Yên",
        "Phù Yên",
        (
            "Phù Yên",
            "Bắc Phong",
            "Gia Phù",
            "Huy Bắc",
            "Huy Hạ",
            "Huy Tân",
            "Huy Thượng",
            "Huy Tường",
            "Kim Bon",
            "Mường Bang",
            "Mường Cơi",
            "Mường Do",
            "Mường Lang",
            "Mường Thải",
            "Nam Phong",
            "Quang Huy",
            "Sập Xa",
            "Suối Bau",
            "Suối Tọ",
            "Tân Lang",
            "Tân Phong",
            "Tường Hạ",
            "Tường Phong",
            "Tường Phù",
            "Tường Thượng",
            "Tường Tiến",
            "Đá Đỏ",
        ),
        ("Phù Yên", "Gia Phù", "Tân Lang", "Minh Đức", "Quang Huy"),
    ),
    District(
        "huyện Mường La",
        "Mường La",
        (
            "Ít Ong",
            "Chiềng Ân",
            "Chiềng Công",
            "Chiềng Hoa",
            "Chiềng Lao",
            "Chiềng Muôn",
            "Chiềng San",
            "Hua Trai",
            "Mường Bú",
            "Mường Chùm",
            "Mường Trai",
            "Nậm Giôn",
            "Ngọc Chiến",
            "Pi Toong",
            "Tạ Bú",
        ),
        ("Mường La", "Mường Bú", "Ít Ong", "Chiềng Lao"),
    ),
    District(
        "huyện Bắc Yên",
        "Bắc Yên",
        (
            "Bắc Yên",
            "Chiềng Sại",
            "Chim Vàn",
            "Hang Chú",
            "Hồng Ngài",
            "Hua Nhàn",
            "Làng Chếu",
            "Mường Khoa",
            "Pắc Ngà",
            "Phiêng Côn",
            "Phiêng Ban",
            "Song Pe",
            "Tà Xùa",
            "Tạ Khoa",
            "Xím Vàng",
        ),
        ("Bắc Yên", "Tạ Khoa", "Mường Khoa", "Song Pe"),
    ),
    District(
        "huyện Quỳnh Nhai",
        "Quỳnh Nhai",
        (
            "Mường Giàng",
            "Cà Nàng",
            "Chiềng Bằng",
            "Chiềng Khay",
            "Chiềng Khoang",
            "Chiềng Ơn",
            "Mường Chiên",
            "Mường Giôn",
            "Mường Sại",
            "Nậm Ét",
            "Pá Ma Pha Khinh",
        ),
        ("Quỳnh Nhai", "Mường Giôn", "Mường Chiên", "Chiềng Khay"),
    ),
]

# Schools in district seats are often named after historical figures rather than the ward.
TOWN_NAMES = {
    "TH": ("Tô Hiệu", "Kim Đồng", "Lê Văn Tám", "Võ Thị Sáu", "Nguyễn Văn Trỗi", "Lê Quý Đôn", "Trần Quốc Toản"),
    "THCS": ("Chu Văn An", "Lê Quý Đôn", "Nguyễn Du", "Trần Phú", "Lý Tự Trọng", "Nguyễn Trãi", "Quyết Thắng"),
    "MN": ("Hoa Ban", "Hoa Mai", "Hoa Hồng", "Sơn Ca", "Họa Mi", "Bình Minh", "Ánh Dương", "Tuổi Thơ", "Sao Mai"),
}

# ---------------------------------------------------------------------------------------------------------------
# School kinds
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolKind:
    key: str
    prefix: str  # "Trường Tiểu học"
    boarding_prefix: str  # "Trường PTDTBT Tiểu học", "" when the kind is never a boarding school
    levels: tuple
    groups: tuple  # ((name, level, weight), …)
    staff: int  # typical staff at the province size
    female: float  # share of women among its teachers
    under_district: bool


_TH_GROUPS = (
    ("Tổ 1", Level.TH, 1.0),
    ("Tổ 2", Level.TH, 1.0),
    ("Tổ 3", Level.TH, 1.0),
    ("Tổ 4-5", Level.TH, 1.8),
    ("Tổ Chuyên biệt", Level.TH, 0.8),
)
_THCS_GROUPS = (
    ("Tổ Toán - Tin", Level.THCS, 1.4),
    ("Tổ Ngữ văn", Level.THCS, 1.2),
    ("Tổ Ngoại ngữ", Level.THCS, 0.8),
    ("Tổ Khoa học tự nhiên", Level.THCS, 1.3),
    ("Tổ Khoa học xã hội", Level.THCS, 1.0),
    ("Tổ Nghệ thuật - Thể chất", Level.THCS, 0.8),
)

SCHOOL_KINDS = {
    kind.key: kind
    for kind in (
        SchoolKind(
            "MN",
            "Trường Mầm non",
            "",
            (Level.MN,),
            (
                ("Tổ Nhà trẻ", Level.MN, 0.8),
                ("Tổ Mẫu giáo 3-4 tuổi", Level.MN, 1.3),
                ("Tổ Mẫu giáo 5 tuổi", Level.MN, 1.0),
            ),
            30,
            0.98,
            True,
        ),
        SchoolKind("TH", "Trường Tiểu học", "Trường PTDTBT Tiểu học", (Level.TH,), _TH_GROUPS, 42, 0.8, True),
        SchoolKind("THCS", "Trường THCS", "Trường PTDTBT THCS", (Level.THCS,), _THCS_GROUPS, 45, 0.7, True),
        SchoolKind(
            "TH_THCS",
            "Trường TH&THCS",
            "Trường PTDTBT TH&THCS",
            (Level.TH, Level.THCS),
            (
                ("Tổ Tiểu học 1-2-3", Level.TH, 1.2),
                ("Tổ Tiểu học 4-5", Level.TH, 1.0),
                ("Tổ Khoa học tự nhiên", Level.THCS, 1.1),
                ("Tổ Khoa học xã hội", Level.THCS, 1.0),
            ),
            50,
            0.75,
            True,
        ),
        SchoolKind(
            "THPT",
            "Trường THPT",
            "",
            (Level.THPT,),
            (
                ("Tổ Toán - Tin", Level.THPT, 1.5),
                ("Tổ Ngữ văn", Level.THPT, 1.1),
                ("Tổ Ngoại ngữ", Level.THPT, 1.0),
                ("Tổ Vật lí - Công nghệ", Level.THPT, 0.9),
                ("Tổ Hóa - Sinh", Level.THPT, 1.0),
                ("Tổ Sử - Địa - GDKT&PL", Level.THPT, 1.1),
                ("Tổ Thể dục - GDQP&AN", Level.THPT, 0.8),
            ),
            80,
            0.62,
            False,
        ),
        SchoolKind(
            "GDTX",
            "Trung tâm GDNN-GDTX",
            "",
            (Level.GDTX,),
            (
                ("Tổ Tự nhiên", Level.GDTX, 1.0),
                ("Tổ Xã hội", Level.GDTX, 1.0),
                ("Tổ Dạy nghề - Hướng nghiệp", Level.GDTX, 0.8),
            ),
            30,
            0.55,
            False,
        ),
    )
}


@dataclass(frozen=True)
class SizeSpec:
    districts: int
    # Schools per Phòng: {kind: count} for a fixed shape, or {kind: per commune ratio} scaled by the communes.
    per_district: dict
    per_commune: bool
    high_schools_per_district: int
    staff_scale: float


SIZES = {
    # 2 Phòng, 12 schools, ~300 staff.
    "small": SizeSpec(2, {"MN": 1, "TH": 2, "THCS": 1, "TH_THCS": 1}, False, 0, 0.58),
    # 10 Phòng, ~700 schools, ~30,000 staff.
    "province": SizeSpec(10, {"MN": 1.3, "TH": 1.25, "THCS": 0.82, "TH_THCS": 0.37}, True, 4, 1.03),
}
# The 34 provinces, each shaped like ``province`` (Sơn La exactly that one): ≈ 1.2 million staff.
NATION = "nation"
# Staff of each generated province: drawn in this range (Sơn La's is ≈ 30,000).
NATION_STAFF = (31_000, 41_000)


@dataclass(frozen=True)
class ProvinceShape:
    """One province to seed: who it is, its districts (a Phòng each when the province has Phòng), its size."""

    province: object  # demo.provinces.Province
    districts: tuple  # [District]
    spec: SizeSpec
    home_places: tuple  # birth places inside the province ("Mai Sơn" → "Mai Sơn, Sơn La")
    seed: object = None  # the rng seed of the province (the command's seed for the first one)


def province_shape(size):
    """Sơn La at ``size`` (``small`` or ``province``): what the demo seeds when it seeds one province."""
    return ProvinceShape(SON_LA, tuple(DISTRICTS), SIZES[size], tuple(HOME_DISTRICTS))


def _generated_districts(rng, count, communes):
    """``count`` districts of ``communes`` (low, high) generated communes each, names unique in the province."""
    pool = [f"{first} {second}" for first in COMMUNE_FIRST for second in COMMUNE_SECOND if first != second]
    rng.shuffle(pool)
    districts = []
    for _ in range(count):
        names = tuple(pool.pop() for _ in range(rng.randint(*communes)))
        seat = names[0]
        districts.append(District(f"huyện {seat}", seat, names, names[:5]))
    return districts


def _expected_staff(spec, districts):
    """Roughly the staff ``step_units`` and ``step_staff`` give at ``staff_scale`` 1 (uniform spread averages 1)."""
    kinds = SCHOOL_KINDS
    total = 2 * kinds["THPT"].staff + kinds["GDTX"].staff
    for district in districts:
        for key, ratio in spec.per_district.items():
            count = max(1, round(ratio * len(district.communes))) if spec.per_commune else ratio
            total += count * kinds[key].staff
        total += spec.high_schools_per_district * kinds["THPT"].staff + kinds["GDTX"].staff
    return total


def nation_shapes(seed, *, limit=None, size="province", codes=None):
    """The provinces of ``seed_demo --size nation``: Sơn La as the ``size`` demo, then the others by code.

    A generated province draws its districts and its size from its own rng (seeded with the seed and its code),
    so the first provinces do not change when fewer are asked for. ``size="small"`` shrinks every province to the
    small demo's shape (for tests); ``limit`` keeps the first ones, ``codes`` only those listed.
    """
    template = SIZES[size]
    shapes = []
    for province in PROVINCES:
        if codes is not None and province.code not in codes:
            continue
        if province == SON_LA:
            shapes.append(replace(province_shape(size), seed=seed))
            continue
        rng = random.Random(f"{seed}:{province.code}")
        if template.per_commune:
            districts = _generated_districts(rng, rng.randint(9, 13), (12, 24))
            scale = rng.uniform(*NATION_STAFF) / _expected_staff(template, districts)
        else:
            districts = _generated_districts(rng, template.districts, (3, 6))
            scale = template.staff_scale * rng.uniform(0.9, 1.1)
        spec = replace(template, districts=len(districts), staff_scale=scale)
        home = tuple(district.short for district in districts)
        shapes.append(ProvinceShape(province, tuple(districts), spec, home, seed=f"{seed}:{province.code}:data"))
    return shapes[:limit] if limit is not None else shapes


# ---------------------------------------------------------------------------------------------------------------
# The context the steps share
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class DemoContext:
    size: str
    seed: int = 2026
    rng: random.Random = None
    shape: ProvinceShape = None  # Sơn La at ``size`` unless given
    ministry: OrgUnit = None  # created by step_units unless given (the nation's later provinces)
    department: OrgUnit = None
    districts: list = field(default_factory=list)  # the middle tier: Phòng GD&ĐT, then UBND xã/phường
    # Built as in 2018 (a Phòng per district) and restructured into communes after the past year (the first
    # province); False: built as it is since 1/7/2025 (the nation's other provinces).
    restructures: bool = True
    school_communes: dict = field(default_factory=dict)  # school code → (District, commune it stands in)
    schools: list = field(default_factory=list)  # [(OrgUnit, SchoolKind)]
    staff_by_school: dict = field(default_factory=dict)  # school pk → [Staff]
    users: dict = field(default_factory=dict)  # username → User
    year: object = None  # plans.TrainingYear
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def __post_init__(self):
        if self.shape is None:
            self.shape = province_shape(self.size)
        if self.rng is None:
            self.rng = random.Random(self.seed if self.shape.seed is None else self.shape.seed)

    @property
    def spec(self):
        return self.shape.spec

    @property
    def province(self):
        return self.shape.province


def _weighted(pool):
    names = [name for name, _weight in pool]
    cumulative, total = [], 0.0
    for _name, weight in pool:
        total += weight
        cumulative.append(total)
    return names, cumulative


_FAMILY = _weighted(FAMILY_NAMES)
_MALE_MIDDLE = _weighted(MALE_MIDDLE)
_FEMALE_MIDDLE = _weighted(FEMALE_MIDDLE)
_OTHER_PROVINCES = _weighted(OTHER_PROVINCES)


def _pick(rng, weighted):
    names, cumulative = weighted
    return rng.choices(names, cum_weights=cumulative)[0]


def random_person(rng, *, female, min_age=23, max_age=58, mode_age=38, shape=None):
    """(full_name, gender, birth_date, birth_place) of a plausible Vietnamese teacher of ``shape``'s province
    (Sơn La by default)."""
    family = _pick(rng, _FAMILY)
    middle = _pick(rng, _FEMALE_MIDDLE if female else _MALE_MIDDLE)
    given_pool = FEMALE_GIVEN if female else MALE_GIVEN
    given = rng.choice(given_pool)
    while given == middle.split()[-1]:
        given = rng.choice(given_pool)
    age = rng.triangular(min_age, max_age, mode_age)
    birth_date = date(SCHOOL_YEAR_START - int(age), 1, 1) + timedelta(days=rng.randrange(365))
    if rng.random() < HOME_SHARE:
        home, province = (shape.home_places, shape.province.name) if shape else (HOME_DISTRICTS, SON_LA.name)
        birth_place = f"{rng.choice(home)}, {province}"
    else:
        birth_place = _pick(rng, _OTHER_PROVINCES)
    gender = Gender.FEMALE if female else Gender.MALE
    return f"{family} {middle} {given}", gender, birth_date, birth_place


# ---------------------------------------------------------------------------------------------------------------
# Step 1: the tree
# ---------------------------------------------------------------------------------------------------------------


def insert_rows(model, fields, rows, *, batch_size=5000):
    """Insert ``rows`` (tuples of ``fields``' values, attnames such as ``plan_id``) without building model
    instances: COPY on PostgreSQL (the nation seed writes millions of plan items and scores, and model instances
    were most of its time), ``bulk_create`` elsewhere. Fields left out take their model default; the rows get
    their ids in order, like ``bulk_create``. Returns the number of rows."""
    rows = list(rows)
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=batch_size)
        return len(rows)
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = {name: index for index, name in enumerate(fields)}
    defaults = {f.attname: f.get_default() for f in concrete if f.attname not in given}
    layout = [(given.get(f.attname), defaults.get(f.attname)) for f in concrete]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in concrete)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[index] if index is not None else default for index, default in layout])
    return len(rows)


def _bulk_create_units(units):
    """bulk_create then make sure every row has its pk (PostgreSQL and SQLite ≥ 3.35 return them)."""
    OrgUnit.objects.bulk_create(units, batch_size=BATCH_SIZE)
    if any(unit.pk is None for unit in units):
        pks = dict(OrgUnit.objects.filter(code__in=[u.code for u in units]).values_list("code", "pk"))
        for unit in units:
            unit.pk = pks[unit.code]
    for unit in units:
        unit.path, unit.depth = unit.compute_path()
    OrgUnit.objects.bulk_update(units, ["path", "depth"], batch_size=BATCH_SIZE)
    return units


class _Names:
    """Hands out unit names, never the same one twice."""

    def __init__(self):
        self.used = set()

    def take(self, *candidates):
        for name in candidates:
            if name not in self.used:
                self.used.add(name)
                return name
        base = candidates[-1]
        number = 2
        while f"{base} ({number})" in self.used:
            number += 1
        name = f"{base} ({number})"
        self.used.add(name)
        return name


def _district_school_plan(ctx, district):
    """[(school kind, commune, name candidates)] for the MN/TH/THCS schools of one district."""
    spec = ctx.spec
    rng = ctx.rng
    communes = list(district.communes)
    if spec.per_commune:
        counts = {key: max(1, round(ratio * len(communes))) for key, ratio in spec.per_district.items()}
    else:
        counts = dict(spec.per_district)
    plan = []
    seat = communes[0]
    # Multi-level TH&THCS schools serve the remote communes, the last ones in the list.
    remote = list(reversed(communes[1:])) or communes
    for index in range(counts.get("TH_THCS", 0)):
        commune = remote[index % len(remote)]
        plan.append(("TH_THCS", commune, index // len(remote)))
    multi = {commune for key, commune, _round in plan}
    for key in ("MN", "TH", "THCS"):
        pool = [c for c in communes if key == "MN" or c not in multi] or communes
        for index in range(counts.get(key, 0)):
            plan.append((key, pool[index % len(pool)], index // len(pool)))
    result = []
    for key, commune, round_ in plan:
        kind = SCHOOL_KINDS[key]
        boarding = kind.boarding_prefix and commune != seat and rng.random() < 0.22
        prefix = kind.boarding_prefix if boarding else kind.prefix
        candidates = []
        if round_ == 0:
            candidates.append(f"{prefix} {commune}")
        elif commune == seat and key in TOWN_NAMES:
            candidates.extend(f"{kind.prefix} {hero}" for hero in TOWN_NAMES[key])
        candidates.append(f"{prefix} số {round_ + 1} {commune}")
        result.append((kind, commune, candidates))
    order = {"MN": 0, "TH": 1, "TH_THCS": 2, "THCS": 3}
    result.sort(key=lambda item: order[item[0].key])
    return result


def commune_name(district, commune):
    """ "UBND phường Chiềng Lề" in a city or town, "UBND xã Chiềng Mung" elsewhere."""
    urban = district.name.startswith(("thành phố", "thị xã"))
    return f"UBND {'phường' if urban else 'xã'} {commune}"


def _commune_units(ctx, pairs):
    """{(district name, commune): the commune's People's Committee under the Sở} for the (district, commune)
    pairs the schools stand in, created in that order."""
    wanted = list(dict.fromkeys((district.name, commune, district) for district, commune in pairs))
    units = _bulk_create_units(
        [
            OrgUnit(
                kind=OrgUnit.Kind.COMMUNE,
                code=f"UBX{ctx.province.code}{number:03d}",
                name=commune_name(district, commune),
                parent=ctx.department,
                levels="",
            )
            for number, (_name, commune, district) in enumerate(wanted, start=1)
        ]
    )
    return {(name, commune): unit for (name, commune, _district), unit in zip(wanted, units, strict=True)}


def step_units(ctx):
    """Bộ → Sở → (UBND xã/phường, Phòng GD&ĐT or nothing) → trường; THPT and GDTX directly under the Sở.

    A province that is restructured later (``ctx.restructures``: the demo's Sơn La) starts with the tree it had in
    2018–2019, a Phòng per district; ``step_restructure_2025`` dissolves them into communes once the past year is
    seeded. The nation's other provinces are built as they are since 1/7/2025: MN/TH/THCS schools under the
    People's Committee of their commune, or straight under the Sở. The Bộ is created unless the context already
    has it (the nation's later provinces).
    """
    spec = ctx.spec
    province = ctx.province
    code = province.code
    K = OrgUnit.Kind
    names = _Names()
    if ctx.ministry is None:
        (ctx.ministry,) = _bulk_create_units(
            [OrgUnit(kind=K.MINISTRY, code="BGDDT", name="Bộ Giáo dục và Đào tạo", levels="")]
        )
    (ctx.department,) = _bulk_create_units(
        [
            OrgUnit(
                kind=K.DEPARTMENT,
                code=f"SGD{code}",
                name=f"Sở GD&ĐT {province.title}",
                parent=ctx.ministry,
                levels="",
            )
        ]
    )
    districts = ctx.shape.districts[: spec.districts]
    planned = [(number, district, _district_school_plan(ctx, district)) for number, district in enumerate(districts, 1)]
    ctx.districts = []
    if ctx.restructures:
        ctx.districts = _bulk_create_units(
            [
                OrgUnit(
                    kind=K.DISTRICT,
                    code=f"PGD{code}{number:02d}",
                    name=f"Phòng GD&ĐT {district.name}",
                    parent=ctx.department,
                    levels="",
                )
                for number, district in enumerate(districts, start=1)
            ]
        )
        phong_of = {district.name: phong for phong, district in zip(ctx.districts, districts, strict=True)}

        def parent_of(district, _commune):
            return phong_of[district.name]
    elif province.has_communes:
        communes = _commune_units(
            ctx, [(district, commune) for _number, district, plan in planned for _kind, commune, _names in plan]
        )
        ctx.districts = list(communes.values())

        def parent_of(district, commune):
            return communes[(district.name, commune)]
    else:

        def parent_of(_district, _commune):
            return ctx.department

    schools = []
    ctx.school_communes = {}
    for number, district, plan in planned:
        for index, (kind, commune, candidates) in enumerate(plan, start=1):
            school_code = f"{code}{number:02d}{index:03d}"
            ctx.school_communes[school_code] = (district, commune)
            schools.append((kind, parent_of(district, commune), school_code, names.take(*candidates)))
    # Directly under the Sở: THPT schools and GDTX centres.
    direct = []
    thpt, gdtx = SCHOOL_KINDS["THPT"], SCHOOL_KINDS["GDTX"]
    if spec.high_schools_per_district:
        direct.append((thpt, f"Trường THPT chuyên {province.name}"))
        direct.append((thpt, f"Trường Phổ thông Dân tộc nội trú {province.title}"))
        for district in districts:
            for name in district.high_schools[: spec.high_schools_per_district]:
                direct.append((thpt, f"Trường THPT {name}"))
        direct.append((gdtx, f"Trung tâm GDTX {province.title}"))
        for district in districts:
            direct.append((gdtx, f"{gdtx.prefix} {district.name}"))
    else:
        direct.append((thpt, f"Trường THPT {districts[0].high_schools[0]}"))
        direct.append((gdtx, f"{gdtx.prefix} {districts[-1].name}"))
    for index, (kind, name) in enumerate(direct, start=1):
        schools.append((kind, ctx.department, f"{code}00{index:03d}", names.take(name)))
    units = [
        OrgUnit(kind=K.SCHOOL, code=code, name=name, parent=parent, levels=",".join(kind.levels))
        for kind, parent, code, name in schools
    ]
    _bulk_create_units(units)
    ctx.schools = [(unit, kind) for unit, (kind, *_rest) in zip(units, schools, strict=True)]
    kind_count = "Phòng GD&ĐT" if ctx.restructures else "UBND xã, phường"
    ctx.counts[kind_count] = len(ctx.districts)
    ctx.counts["Trường, trung tâm"] = len(units)


# The province's units were set up before its first recorded year; the district level ended on 1/7/2025.
UNITS_CREATED_AT = timezone.make_aware(datetime(2018, 8, 1, 8, 0))
RESTRUCTURED_AT = timezone.make_aware(datetime(2025, 7, 1, 8, 0))


def step_restructure_2025(ctx):
    """1/7/2025, the district level ends (regulations.md §7.5): each Phòng is dissolved, its schools go to the
    People's Committee of the commune they stand in, its officers' accounts are closed; THPT and GDTX stay under
    the Sở. Through the move service, as a Sở would do it, so 2018–2019 keeps the tree it had (PastPlacement).
    Then the demo's commune officer (``xa``) gets an account at the demo school's commune."""
    from accounts import restructure
    from accounts.services import before_restructure
    from audit.models import AuditEntry

    if not ctx.restructures or not ctx.districts:
        return
    # The Sở restructures its own province (the admin when the demo has no Sở account).
    actor = ctx.users.get("so") or ctx.users.get("admin") or User.objects.filter(is_superuser=True).first()
    # The units' first history rows (the demo writes units in bulk, without them): each move and closure below is
    # then a change the audit log can describe ("chuyển … từ Phòng … sang UBND xã …").
    started = timezone.now()
    OrgUnit.history.bulk_history_create(
        list(OrgUnit.objects.all()), default_change_reason="Dữ liệu mẫu", default_date=UNITS_CREATED_AT
    )
    before_restructure()  # the past years' tree is kept before the communes exist
    by_code = {unit.code: unit for unit, _kind in ctx.schools}
    communes = _commune_units(ctx, [ctx.school_communes[code] for code in by_code if code in ctx.school_communes])
    destinations = {
        by_code[code].pk: communes[(district.name, commune)]
        for code, (district, commune) in ctx.school_communes.items()
    }
    reason = "Sắp xếp đơn vị hành chính hai cấp từ 01/07/2025"
    for phong in ctx.districts:
        restructure.dissolve(phong, destinations, actor=actor, reason=reason)
    for unit, _kind in ctx.schools:
        unit.refresh_from_db(fields=["parent", "path", "depth"])
    # Written as of the day it happened, not the day the demo was seeded.
    OrgUnit.history.filter(history_date__gte=started).update(history_date=RESTRUCTURED_AT)
    AuditEntry.objects.filter(at__gte=started, action__startswith="accounts.").update(at=RESTRUCTURED_AT)
    ctx.districts = list(communes.values())
    ctx.counts["UBND xã, phường"] = len(ctx.districts)
    school = ctx.users["hieutruong"].unit if "hieutruong" in ctx.users else None
    if school is not None:
        school.refresh_from_db()
        officer = User(
            username="xa",
            role=Role.DISTRICT_OFFICER,
            unit_id=school.parent_id,
            first_name=random_person(ctx.rng, female=False, shape=ctx.shape)[0],
            password=make_password(DEMO_PASSWORD),
        )
        if not User.objects.filter(username="xa").exists():
            officer.save()
            ctx.users["xa"] = officer
            ctx.counts["Tài khoản demo"] = ctx.counts.get("Tài khoản demo", 0) + 1


# ---------------------------------------------------------------------------------------------------------------
# Step 2: staff
# ---------------------------------------------------------------------------------------------------------------


def _split(total, weights):
    """Split ``total`` into parts proportional to ``weights`` (largest remainder)."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _school_staff(ctx, school, kind, next_code):
    rng = ctx.rng
    size = max(12, round(kind.staff * ctx.spec.staff_scale * rng.uniform(0.75, 1.25)))
    is_centre = kind.key == "GDTX"
    head_position = Position.DIRECTOR if is_centre else Position.PRINCIPAL
    deputy_position = Position.DEPUTY_DIRECTOR if is_centre else Position.DEPUTY_PRINCIPAL
    deputies = 1 if size < 25 else 2
    manager_female = kind.female if kind.key == "MN" else kind.female - 0.2
    staff = []

    def add(position, level, group, *, female_share, manager=False, core=False, active=True):
        full_name, gender, birth_date, birth_place = random_person(
            rng,
            female=rng.random() < female_share,
            min_age=32 if manager else 23,
            mode_age=48 if manager else 38,
            shape=ctx.shape,
        )
        member = Staff(
            code=next_code(),
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            birth_place=birth_place,
            unit=school,
            position=position,
            level=level,
            subject_group=group,
            is_core_teacher=core,
            is_active=active,
        )
        member.refresh_derived()
        staff.append(member)

    levels = kind.levels
    add(head_position, levels[-1], "", female_share=manager_female, manager=True)
    for index in range(deputies):
        add(deputy_position, levels[index % len(levels)], "", female_share=manager_female, manager=True)
    teachers = size - 1 - deputies
    group_sizes = _split(teachers, [weight for _name, _level, weight in kind.groups])
    for (group, level, _weight), group_size in zip(kind.groups, group_sizes, strict=True):
        for index in range(group_size):
            if index == 0:
                position = Position.GROUP_HEAD
            elif index == 1 and group_size >= 8:
                position = Position.GROUP_DEPUTY
            else:
                position = Position.TEACHER
            core = rng.random() < (0.25 if index == 0 else 0.05)
            # A few teachers have retired or moved away during the year.
            active = position != Position.TEACHER or rng.random() >= 0.01
            add(position, level, group, female_share=kind.female, core=core, active=active)
    return staff


def step_staff(ctx):
    """Every school: 1 HT (GĐ for a centre), 1–2 PHT, a TTCM per subject group (TPCM in big groups), teachers."""
    counter = iter(range(1, 10**8))
    prefix = ctx.province.code

    def next_code():
        return f"{prefix}{next(counter):08d}"

    batch = []
    total = 0
    for school, kind in ctx.schools:
        members = _school_staff(ctx, school, kind, next_code)
        ctx.staff_by_school[school.pk] = members
        batch.extend(members)
        if len(batch) >= BATCH_SIZE:
            Staff.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            total += len(batch)
            batch = []
    Staff.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    total += len(batch)
    ctx.counts["Cán bộ, giáo viên"] = total


# ---------------------------------------------------------------------------------------------------------------
# Step 3: demo accounts
# ---------------------------------------------------------------------------------------------------------------


def step_accounts(ctx):
    """The demo accounts, all with DEMO_PASSWORD (hashed once): the commune officer ``xa`` here when the province
    has its communes already, else once ``step_restructure_2025`` has made them."""
    middle = ctx.districts[0] if ctx.districts else ctx.department
    school = next(unit for unit, kind in ctx.schools if unit.parent_id == middle.pk and kind.key == "TH")
    members = ctx.staff_by_school[school.pk]
    principal = next(m for m in members if m.position == Position.PRINCIPAL)
    head = next(m for m in members if m.position == Position.GROUP_HEAD)
    teacher = next(
        m for m in members if m.position == Position.TEACHER and m.subject_group == head.subject_group and m.is_active
    )
    so_name = random_person(ctx.rng, female=True, shape=ctx.shape)[0]
    officer_name = random_person(ctx.rng, female=False, shape=ctx.shape)[0]
    password = make_password(DEMO_PASSWORD)
    wanted = [
        User(username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True, first_name="Quản trị hệ thống"),
        User(username="so", role=Role.DEPARTMENT_OFFICER, unit=ctx.department, first_name=so_name),
        *(
            [User(username="xa", role=Role.DISTRICT_OFFICER, unit=middle, first_name=officer_name)]
            if middle.kind == OrgUnit.Kind.COMMUNE
            else []
        ),
        User(username="hieutruong", role=Role.SCHOOL_MANAGER, unit=school, staff=principal),
        User(username="totruong", role=Role.GROUP_HEAD, unit=school, staff=head),
        User(username="giaovien", role=Role.TEACHER, unit=school, staff=teacher),
    ]
    existing = set(User.objects.filter(username__in=[u.username for u in wanted]).values_list("username", flat=True))
    for username in sorted(existing):
        ctx.notes.append(f"Tài khoản {username} đã có sẵn, giữ nguyên.")
    created = [user for user in wanted if user.username not in existing]
    for user in created:
        user.password = password
    User.objects.bulk_create(created)
    ctx.users = {user.username: user for user in created}
    ctx.counts["Tài khoản demo"] = len(created)
    ctx.counts["Tài khoản của cán bộ, giáo viên"] = _staff_accounts(ctx, password)


def _staff_accounts(ctx, password):
    """Every active staff member's own account, as the staff import makes them (people.onboarding: the staff code in
    lower case, the role of the position), with the demo password already set so each can be tried at once."""
    from people.onboarding import staff_account, username_for

    have = set(User.objects.filter(staff__isnull=False).values_list("staff_id", flat=True))
    taken = set(User.objects.values_list("username", flat=True))
    users = []
    for members in ctx.staff_by_school.values():
        for member in members:
            if not member.is_active or member.pk in have:
                continue
            username = username_for(member.code, taken)
            taken.add(username)
            users.append(staff_account(member, username, password=password))
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    return len(users)


# ---------------------------------------------------------------------------------------------------------------
# Step 4: the current training year and the Sở's deadlines
# ---------------------------------------------------------------------------------------------------------------


def demo_deadlines(today=None):
    """The year's deadlines, with plan submission and approval still open on the day the demo is seeded
    (so the demo accounts can walk the whole plan loop), clamped into the school year and kept in order."""
    today = today or date.today()
    start, end = SCHOOL_YEAR_START, SCHOOL_YEAR_START + 1
    evaluation_end = date(end, 5, 15)
    submit = min(max(date(start, 10, 15), today + timedelta(days=14)), evaluation_end - timedelta(days=14))
    approve = min(max(date(start, 10, 31), submit + timedelta(days=14)), evaluation_end)
    return {
        "PLAN_SUBMIT": submit,
        "PLAN_APPROVE": approve,
        "EVALUATION_START": max(date(end, 5, 1), approve),
        "EVALUATION_END": evaluation_end,
        "SCHOOL_REPORT": date(end, 5, 20),
        "DISTRICT_REPORT": date(end, 5, 21),
        "DEPARTMENT_REPORT": date(end, 6, 30),
    }


def step_training_year(ctx):
    """The Sở's current year (the school year in progress) under the regime of its start year (TT 19/2019 since
    2020–2021) with that regime's quotas (40 + 40 + 40), and the demo's own deadline of every kind, still open."""
    from years.models import Deadline, DeadlineKind, TrainingYear
    from years.rulesets import Ruleset, default_ruleset, regime

    ruleset = default_ruleset(SCHOOL_YEAR_START) or Ruleset.TT19_2019
    quota1, quota2, quota3 = regime(ruleset).default_quotas
    ctx.year = TrainingYear.objects.create(
        department=ctx.department,
        start_year=SCHOOL_YEAR_START,
        is_current=True,
        ruleset=ruleset,
        quota_content1=quota1,
        quota_content2=quota2,
        quota_content3=quota3,
        hours_required=True,  # as a year opened in the app (years.services.year_create)
    )
    deadlines = demo_deadlines()
    Deadline.objects.bulk_create(
        [
            Deadline(year=ctx.year, kind=kind, unit=ctx.department, due_date=deadlines[kind])
            for kind in DeadlineKind.values
        ]
    )
    ctx.counts["Thời hạn"] = len(DeadlineKind.values)
    # The Sở's support line, on every page's footer and the help pages.
    SupportContact.objects.create(
        department=ctx.department,
        name=DEMO_SUPPORT["name"],
        phone=DEMO_SUPPORT["phone"],
        email=DEMO_SUPPORT["email"],
        hours_note=DEMO_SUPPORT["hours_note"],
    )


# ---------------------------------------------------------------------------------------------------------------
# Reset
# ---------------------------------------------------------------------------------------------------------------

# Every row of these apps belongs to a training year of some unit, so it goes with the demo province.
YEAR_DATA_APPS = (
    "audit",
    "jobs",
    "years",
    "plans",
    "study",
    "assessment",
    "reports",
    "certificates",
    "gdpt",
    "coreteachers",
    "qualifications",
    "courses",
)


def _delete_all(model, where=""):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # Table names come from the models, never from input.
        cursor.execute(f"DELETE FROM {table} {where}")


def demo_reset():
    """Delete the demo data: year data, local modules and topics, staff, units, their history, and all accounts
    except superusers created by hand (those stay, unbound from any unit).

    Plain DELETEs in one transaction (the caller's): foreign keys are checked at commit, and seeded rows need no
    per-row signals or history.
    """
    tables = set(connection.introspection.table_names())
    for label in YEAR_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.db_table in tables:
                _delete_all(model)
    if apps.is_installed("modules"):
        _delete_all(apps.get_model("modules", "Topic"))
        _delete_all(apps.get_model("modules", "Module"), "WHERE owner_id IS NOT NULL")
    # What the units set for themselves: their letterhead and the Sở's support contact, with their history.
    for model in (UnitLetterhead, SupportContact):
        _delete_all(model.history.model)
        _delete_all(model)
    _delete_all(Staff.history.model)
    _delete_all(OrgUnit.history.model)
    kept = User.objects.filter(is_superuser=True).exclude(username__in=DEMO_USERNAMES)
    kept.update(unit=None, staff=None)
    User.objects.filter(Q(is_superuser=False) | Q(username__in=DEMO_USERNAMES)).delete()
    _delete_all(Staff)
    _delete_all(PastPlacement)
    _delete_all(OrgUnit)
