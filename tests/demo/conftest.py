"""The GVPT catalog (GVPT01–GVPT15, 20 tiết each) the demo's TT 19/2019 year draws its modules from.

A data migration ships it; until that migration is in every database the tests run on, ``gvpt_catalog`` adds the
rows that are missing (codes only, a neutral title), so these tests never depend on which of the two came first.
"""

import pytest

GVPT_GROUPS = {
    1: "I. Phẩm chất nhà giáo",
    2: "I. Phẩm chất nhà giáo",
    **{n: "II. Phát triển chuyên môn, nghiệp vụ" for n in range(3, 8)},
    **{n: "III. Xây dựng môi trường giáo dục" for n in range(8, 11)},
    **{n: "IV. Phát triển mối quan hệ giữa nhà trường, gia đình và xã hội" for n in range(11, 14)},
    14: "V. Sử dụng ngoại ngữ hoặc tiếng dân tộc, ứng dụng công nghệ thông tin",
    15: "V. Sử dụng ngoại ngữ hoặc tiếng dân tộc, ứng dụng công nghệ thông tin",
}


def ensure_gvpt_catalog():
    from modules.models import Module

    existing = set(Module.objects.filter(level="GVPT").values_list("code", flat=True))
    for number, group in GVPT_GROUPS.items():
        code = f"GVPT{number:02d}"
        if code not in existing:
            Module.objects.create(code=code, level="GVPT", audience="GV", hours=20, group=group, sequence=number)


@pytest.fixture
def gvpt_catalog(db):
    ensure_gvpt_catalog()
