"""The Sở's report to the Ministry as an official document: its narrative (đánh giá chung, khó khăn, kiến nghị),
the figures of the page (the accepted reports) in the Ministry's table, and the scan of the signed paper."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.documents import format_value, render_pdf
from reports import chain, papers
from reports.chain_selectors import accepted_counts, results_table
from tests.documents import docx_lines, docx_tables, pdf_text

from .test_ministry import MISSING_REASON, province, sent_up, year  # noqa: F401 (fixtures of the Ministry report)

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "number": "215",
    "summary": "Các đơn vị triển khai đúng kế hoạch.\nTỷ lệ hoàn thành cao hơn năm trước.",
    "difficulties": "Một số trường vùng cao thiếu thiết bị.",
    "proposals": "Đề nghị Bộ sớm ban hành danh mục mô đun mới.",
}


def test_the_report_prints_the_narrative_and_the_figures_of_the_page(cast, sent_up, login):  # noqa: F811
    client = login(cast.so_officer)
    response = client.post(reverse("reports:ministry_paper"), {"year": sent_up.pk, **NARRATIVE})
    assert response.status_code == 302
    results = results_table(counts=accepted_counts(unit=cast.so, year=sent_up), ruleset=sent_up.ruleset)
    docx = client.get(reverse("reports:ministry_document", args=["docx"]), {"year": sent_up.pk})
    lines = docx_lines(docx.content)
    for line in ("UBND TỈNH A", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 215/BC-SGDĐT", "BÁO CÁO", "GIÁM ĐỐC"):
        assert line in lines, line
    for text in ("Tỷ lệ hoàn thành cao hơn năm trước.", NARRATIVE["difficulties"], NARRATIVE["proposals"]):
        assert text in lines
    grand = results.grand_total
    assert grand.total == 10
    table = docx_tables(docx.content)[1]
    total_row = table[-1]
    assert total_row[0] == "Tổng cộng"
    assert total_row[-3:] == [
        format_value(grand.total),
        f"{format_value(grand.completion_rate)}%",
        format_value(grand.no_result),
    ]
    assert [format_value(n) for n in grand.counts] == total_row[2:-3:2]
    pdf = client.get(reverse("reports:ministry_document", args=["pdf"]), {"year": sent_up.pk})
    assert "Số: 215/BC-SGDĐT" in pdf_text(pdf.content)


def test_the_signed_scan_is_taken_after_sending_checked_by_content_and_kept_in_scope(cast, province, login):  # noqa: F811
    client = login(cast.so_officer)
    url = reverse("reports:ministry_scan")
    scan = render_pdf(papers.ministry_document(year=province, department=cast.so, day=province_day()))

    def upload(content, name="bao-cao-da-ky.pdf"):
        return client.post(url, {"year": province.pk, "scan": SimpleUploadedFile(name, content)}, follow=True)

    assert "Hãy ghi nhận đã gửi báo cáo trước" in upload(scan).content.decode()
    chain.report_submit(unit=cast.so, year=province, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON)
    assert "không phải PDF" in upload(b"MZ\x90\x00 not a pdf", name="bao-cao.pdf").content.decode()
    page = upload(scan).content.decode()
    assert "Đã lưu bản chụp văn bản đã ký" in page and 'data-testid="paper-scan"' in page
    download = client.get(reverse("reports:ministry_scan_download"), {"year": province.pk})
    assert download["X-Content-Type-Options"] == "nosniff" and b"".join(download.streaming_content) == scan
    # Another province's officer and a school manager never reach it.
    assert (
        login(cast.so_z_officer).get(reverse("reports:ministry_scan_download"), {"year": province.pk}).status_code
        == 404
    )
    assert (
        login(cast.principal_a1).get(reverse("reports:ministry_scan_download"), {"year": province.pk}).status_code
        == 403
    )


def province_day():
    import datetime

    return datetime.date(2026, 6, 25)
