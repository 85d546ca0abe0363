"""The PDF: one A4 landscape page per certificate, the bundled fonts, Vietnamese text intact, the QR's URL."""

import subprocess
import unicodedata

import pytest
from django.template.loader import get_template

from certificates import rendering
from certificates.models import Certificate, CertificateError
from core import pdf

from .conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

BASE = "https://bdtx.example.vn"


def _fonts(content):
    names = set()
    for page in pdf_pages(content):
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_one_certificate_renders_with_vietnamese_text_and_only_bundled_fonts(cast, issued, a1_ready):
    certificate = Certificate.objects.get(staff=a1_ready["hang"])
    filename, mimetype, content = rendering.render(certificate, base_url=BASE)
    assert filename == f"giay-chung-nhan-{certificate.number}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    (page,) = pdf_pages(content)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 210  # A4 landscape
    text = pdf_text(content)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN A",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "GIẤY CHỨNG NHẬN",
        "Hoàn thành chương trình bồi dưỡng thường xuyên năm học 2025–2026",
        "Nguyễn Thị Hằng",
        "05/03/1985",
        "Chiềng Lề, Sơn La",
        "Trường Tiểu học A1",
        "Xếp loại: Giỏi",
        f"Số: {certificate.number}",
        "A, ngày 25 tháng 5 năm 2026",
        "TRƯỞNG PHÒNG",
    ):
        assert expected in text, expected
    assert _fonts(content) <= {
        f"BDTX-Serif-{family}{face}" for family in ("Latin", "VN") for face in ("", "-Bold", "-Italic", "-Bold-Italic")
    }


def test_pdftotext_reads_the_vietnamese_name(cast, issued, a1_ready, tmp_path):
    certificate = Certificate.objects.get(staff=a1_ready["hang"])
    path = tmp_path / "c.pdf"
    path.write_bytes(rendering.render(certificate, base_url=BASE)[2])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFC", text.decode())
    assert "Nguyễn Thị Hằng" in text and "Giỏi" in text and "Trường Tiểu học A1" in text


def test_decomposed_input_is_printed_composed(cast, issued, a1_ready):
    certificate = Certificate.objects.get(staff=a1_ready["hang"])
    certificate.full_name = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")  # in memory only, never saved
    context = rendering._page_context(certificate, BASE)
    assert context["c"]["full_name"] == "Nguyễn Thị Hằng" and unicodedata.is_normalized(
        "NFC", context["c"]["full_name"]
    )


def test_a_school_is_one_pdf_with_one_page_per_certificate(cast, issued):
    certificates = list(Certificate.objects.order_by("staff__sort_key"))
    seen = []
    content = rendering.render_many(certificates * 2, base_url=BASE, progress=lambda done, total: seen.append(done))
    assert content.startswith(b"%PDF") and len(pdf_pages(content)) == 4
    assert seen[0] == 0 and seen[-1] == 4
    with pytest.raises(CertificateError):
        rendering.render_many([], base_url=BASE)


def test_qr_points_to_the_public_verification_page(cast, issued, settings):
    certificate = Certificate.objects.first()
    context = rendering._page_context(certificate, rendering.public_base_url())
    assert context["verify_url"] == f"https://bdtx.example.vn/chung-nhan/xac-minh/{certificate.token}/"
    assert context["qr_svg"].startswith("<svg") and "viewBox" in context["qr_svg"]
    settings.BDTX_PUBLIC_URL = ""
    assert rendering.public_base_url(fallback="http://localhost:8000/") == "http://localhost:8000"
    with pytest.raises(CertificateError):
        rendering.public_base_url(fallback="https://attacker.example/")


def test_every_layout_in_use_has_its_templates(cast, issued):
    for layout in set(Certificate.objects.values_list("layout", flat=True)):
        get_template(f"certificates/pdf/{layout}.html")
        get_template(f"certificates/pdf/{layout}.css")


def test_the_renderer_fetches_nothing_but_its_fonts(tmp_path):
    fetcher = pdf.fonts_only_fetcher()
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    for url in (secret.as_uri(), "https://example.com/a.png", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = pdf.font_files()[0][3]
    assert fetcher.fetch(font.as_uri()).read(4) == b"wOFF"


def test_missing_fonts_fail_loudly(settings, tmp_path):
    settings.CERTIFICATE_FONT_DIR = tmp_path
    with pytest.raises(CertificateError, match="npm ci"):
        rendering.font_css()
