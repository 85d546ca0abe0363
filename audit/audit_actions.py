"""Action codes of ``accounts`` (which sits below audit and so cannot register them itself)."""

from django.utils.translation import gettext_lazy as _

from .registry import register_many

register_many(
    {
        "accounts.staff.created": _("{actor} đã tạo hồ sơ của {person}"),
        "accounts.staff.changed": _("{actor} đã sửa hồ sơ của {person}: {changes}"),
        "accounts.staff.left": _("{actor} đã ghi nhận {person} thôi công tác"),
        "accounts.staff.returned": _("{actor} đã ghi nhận {person} công tác trở lại"),
        "accounts.staff.deleted": _("{actor} đã xoá hồ sơ của {person}"),
        "accounts.account.created": _("{actor} đã tạo tài khoản {object} cho {person}"),
        "accounts.account.credentials_issued": _("{actor} đã cấp mật khẩu lần đầu cho tài khoản {object}"),
        "accounts.account.password_reset": _("{actor} đã cấp lại mật khẩu cho tài khoản {object}"),
        "accounts.unit.created": _("{actor} đã tạo đơn vị {object}"),
        "accounts.unit.changed": _("{actor} đã sửa thông tin đơn vị {object}: {changes}"),
        "accounts.unit.deleted": _("{actor} đã xoá đơn vị {object}"),
        "accounts.unit.moved": _("{actor} đã chuyển {object} từ {before} sang {after}"),
        "accounts.unit.dissolved": _("{actor} đã giải thể {object} ({after})"),
        "accounts.unit.merged": _("{actor} đã sáp nhập {before} vào {after}"),
        "accounts.unit.renamed": _("{actor} đã đổi tên, mã đơn vị {object}: {changes}"),
        "accounts.unit.middle_tier_levels": _("{actor} đã chọn cấp học báo cáo qua cấp xã của {object}: {changes}"),
    }
)
