"""The 34 provincial-level units of Vietnam since 1 July 2025 (Nghị quyết 202/2025/QH15), for ``seed_demo --size
nation``: code (the two-digit code of Quyết định 19/2025/QĐ-TTg), short name, the name with its kind, and whether
whether its MN/TH/THCS schools sit under the People's Committee of their commune (UBND xã/phường) or straight
under the Sở (since 1/7/2025 there is no district level: a few of the demo's provinces have that second shape).

Sơn La comes first: the demo accounts live there, and its first province is the ``province`` demo unchanged.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str  # "14"
    name: str  # "Sơn La"
    title: str  # "tỉnh Sơn La", "thành phố Hà Nội": follows "Sở GD&ĐT"
    has_communes: bool = True


def _city(code, name, has_communes=True):
    title = "Thành phố Hồ Chí Minh" if name == "Hồ Chí Minh" else f"thành phố {name}"
    return Province(code, name, title, has_communes)


def _province(code, name, has_communes=True):
    return Province(code, name, f"tỉnh {name}", has_communes)


SON_LA = _province("14", "Sơn La")

PROVINCES = [
    SON_LA,
    _city("01", "Hà Nội"),
    _province("04", "Cao Bằng"),
    _province("08", "Tuyên Quang"),
    _province("11", "Điện Biên"),
    _province("12", "Lai Châu"),
    _province("15", "Lào Cai"),
    _province("19", "Thái Nguyên"),
    _province("20", "Lạng Sơn"),
    _province("22", "Quảng Ninh", has_communes=False),
    _province("24", "Bắc Ninh"),
    _province("25", "Phú Thọ"),
    _city("31", "Hải Phòng"),
    _province("33", "Hưng Yên"),
    _province("37", "Ninh Bình"),
    _province("38", "Thanh Hóa"),
    _province("40", "Nghệ An"),
    _province("42", "Hà Tĩnh"),
    _province("44", "Quảng Trị"),
    _city("46", "Huế", has_communes=False),
    _city("48", "Đà Nẵng", has_communes=False),
    _province("51", "Quảng Ngãi"),
    _province("52", "Gia Lai"),
    _province("56", "Khánh Hòa", has_communes=False),
    _province("66", "Đắk Lắk"),
    _province("68", "Lâm Đồng"),
    _province("75", "Đồng Nai"),
    _city("79", "Hồ Chí Minh"),
    _province("80", "Tây Ninh"),
    _province("82", "Đồng Tháp"),
    _province("86", "Vĩnh Long"),
    _province("91", "An Giang"),
    _city("92", "Cần Thơ", has_communes=False),
    _province("96", "Cà Mau"),
]

# Commune names for the provinces whose communes the demo does not list: two common place-name syllables.
COMMUNE_FIRST = [
    "An",
    "Bình",
    "Tân",
    "Phú",
    "Hòa",
    "Thạnh",
    "Long",
    "Vĩnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hưng",
    "Quang",
    "Minh",
    "Thuận",
    "Xuân",
    "Hồng",
    "Đức",
    "Thanh",
    "Kim",
    "Ngọc",
    "Mỹ",
    "Hiệp",
    "Lộc",
    "Gia",
    "Hải",
    "Phước",
    "Trung",
    "Đại",
]
COMMUNE_SECOND = [
    "Bình",
    "Phú",
    "Hòa",
    "Lợi",
    "Thịnh",
    "An",
    "Hưng",
    "Thành",
    "Lộc",
    "Phong",
    "Tiến",
    "Sơn",
    "Hải",
    "Long",
    "Thuận",
    "Trung",
    "Đông",
    "Tân",
    "Mỹ",
    "Hiệp",
    "Định",
    "Phước",
    "Khánh",
    "Yên",
    "Lâm",
]
