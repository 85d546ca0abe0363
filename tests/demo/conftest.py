"""The GVPT catalog (GVPT01–GVPT15, 20 tiết each) the demo's TT 19/2019 year draws its modules from.

A data migration ships it; until that migration is in every database the tests run on, ``gvpt_catalog`` adds the
rows that are missing (as ``modules.csv`` lists them), so these tests never depend on which of the two came first.
"""

import pytest

# number: (group, title) as modules.csv has them (GVPT13 and GVPT15 without a confirmed title).
GVPT_MODULES = {
    1: ("I. Phẩm chất nhà giáo", "Nâng cao phẩm chất đạo đức nhà giáo trong bối cảnh hiện nay"),
    2: ("I. Phẩm chất nhà giáo", "Xây dựng phong cách của giáo viên cơ sở giáo dục phổ thông trong bối cảnh hiện nay"),
    3: ("II. Phát triển chuyên môn, nghiệp vụ", "Phát triển chuyên môn của bản thân"),
    4: (
        "II. Phát triển chuyên môn, nghiệp vụ",
        "Xây dựng kế hoạch dạy học và giáo dục theo hướng phát triển phẩm chất, năng lực học sinh",
    ),
    5: (
        "II. Phát triển chuyên môn, nghiệp vụ",
        "Sử dụng phương pháp dạy học và giáo dục phát triển phẩm chất, năng lực học sinh",
    ),
    6: (
        "II. Phát triển chuyên môn, nghiệp vụ",
        "Kiểm tra, đánh giá học sinh ở cơ sở giáo dục phổ thông theo hướng phát triển phẩm chất, năng lực học sinh",
    ),
    7: ("II. Phát triển chuyên môn, nghiệp vụ", "Tư vấn và hỗ trợ học sinh trong hoạt động dạy học và giáo dục"),
    8: ("III. Xây dựng môi trường giáo dục", "Xây dựng văn hóa nhà trường ở cơ sở giáo dục phổ thông"),
    9: ("III. Xây dựng môi trường giáo dục", "Thực hiện quyền dân chủ trong nhà trường ở cơ sở giáo dục phổ thông"),
    10: (
        "III. Xây dựng môi trường giáo dục",
        "Thực hiện và xây dựng trường học an toàn, phòng chống bạo lực học đường ở cơ sở giáo dục phổ thông",
    ),
    11: (
        "IV. Phát triển mối quan hệ giữa nhà trường, gia đình và xã hội",
        "Tạo dựng mối quan hệ hợp tác với cha mẹ học sinh và các bên liên quan trong hoạt động dạy học và giáo dục "
        "học sinh ở cơ sở giáo dục phổ thông",
    ),
    12: (
        "IV. Phát triển mối quan hệ giữa nhà trường, gia đình và xã hội",
        "Phối hợp giữa nhà trường, gia đình và xã hội để thực hiện hoạt động dạy học cho học sinh ở cơ sở giáo dục "
        "phổ thông",
    ),
    13: ("IV. Phát triển mối quan hệ giữa nhà trường, gia đình và xã hội", ""),
    14: (
        "V. Sử dụng ngoại ngữ hoặc tiếng dân tộc, ứng dụng công nghệ thông tin",
        "Nâng cao năng lực sử dụng ngoại ngữ hoặc tiếng dân tộc cho giáo viên cơ sở giáo dục phổ thông",
    ),
    15: ("V. Sử dụng ngoại ngữ hoặc tiếng dân tộc, ứng dụng công nghệ thông tin", ""),
}


def ensure_gvpt_catalog():
    from modules.models import Module

    existing = set(Module.objects.filter(level="GVPT").values_list("code", flat=True))
    for number, (group, title) in GVPT_MODULES.items():
        code = f"GVPT{number:02d}"
        if code not in existing:
            Module.objects.create(
                code=code, level="GVPT", audience="GV", hours=20, group=group, title=title, sequence=number
            )


@pytest.fixture
def gvpt_catalog(db):
    ensure_gvpt_catalog()
