"""The certificate renderer: ``render(certificate) -> (filename, mimetype, bytes)`` and a whole school as one PDF.

Each certificate is drawn from its own snapshot with the layout it was issued with
(``templates/certificates/pdf/<layout>.html`` and ``.css``): a new layout is a new pair of files and a new
``services.CURRENT_LAYOUT``; a released layout is never edited, so an issued certificate prints the same forever.

Fonts and the fonts-only URL fetcher are ``core.pdf``'s. Text is NFC-normalised before it reaches the template.
"""

import unicodedata
from urllib.parse import urlparse

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core import pdf
from core.pdf import PDF
from core.vietnamese import official_date

from .models import CertificateError

CHUNK = 20  # certificates laid out at a time when rendering a whole school (progress is reported per chunk)


def font_css():
    try:
        return pdf.font_css()
    except pdf.FontsMissing as error:
        raise CertificateError(str(error)) from error


# ---------------------------------------------------------------------------------------------------------------
# The verification URL and its QR code
# ---------------------------------------------------------------------------------------------------------------


def public_base_url(*, request=None, fallback=""):
    """Scheme and host the QR codes point to: settings.BDTX_PUBLIC_URL, else the request's, else ``fallback``
    (a base URL a job stored from the request that started it; used only when its host is an allowed host)."""
    configured = (getattr(settings, "BDTX_PUBLIC_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    parsed = urlparse(fallback or "")
    if parsed.scheme in ("http", "https") and parsed.netloc:
        domain, _port = split_domain_port(parsed.netloc)
        if domain and validate_host(domain, settings.ALLOWED_HOSTS):
            return f"{parsed.scheme}://{parsed.netloc}"
    raise CertificateError(
        _("Chưa cấu hình địa chỉ công khai của hệ thống (BDTX_PUBLIC_URL) nên chưa tạo được mã QR tra cứu.")
    )


def verification_url(certificate, *, base_url):
    return base_url + reverse("certificates:verify", args=[certificate.token])


def qr_svg(url):
    import segno

    return segno.make_qr(url, error="m").svg_inline(scale=1, border=0, omitsize=True, dark="#000")


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _page_context(certificate, base_url):
    url = verification_url(certificate, base_url=base_url)
    fields = {
        name: _nfc(getattr(certificate, name))
        for name in (
            "number",
            "full_name",
            "birth_date",
            "birth_place",
            "school_name",
            "year_name",
            "classification_label",
            "completed_hours",
            "issuer_parent_heading",
            "issuer_heading",
            "signer_title",
            "signer_name",
            "place",
            "issue_date",
        )
    }
    return {
        "c": fields,
        "issued_on": official_date(certificate.issue_date),
        "verify_url": url,
        "qr_svg": qr_svg(url),
    }


def _layout(certificate):
    layout = certificate.layout
    if not layout.isalnum():
        raise CertificateError(_("Mẫu giấy chứng nhận không hợp lệ."))
    return layout


def _html(certificates, base_url):
    layouts, pages = [], []
    for certificate in certificates:
        layout = _layout(certificate)
        if layout not in layouts:
            layouts.append(layout)
        pages.append(render_to_string(f"certificates/pdf/{layout}.html", _page_context(certificate, base_url)))
    styles = [render_to_string(f"certificates/pdf/{layout}.css") for layout in layouts]
    return render_to_string(
        "certificates/pdf/document.html",
        {"font_css": font_css(), "styles": styles, "pages": pages, "title": _("Giấy chứng nhận BDTX")},
    )


def _document(certificates, base_url):
    return pdf.html_document(_html(certificates, base_url))


def render(certificate, *, base_url):
    """One certificate as (file name, mimetype, PDF bytes)."""
    filename = f"giay-chung-nhan-{certificate.number}.pdf"
    return filename, PDF, pdf.write_pdf(_document([certificate], base_url))


def render_many(certificates, *, base_url, progress=None):
    """Many certificates as one PDF, one page each, in the given order; ``progress(done, total)`` per chunk."""
    certificates = list(certificates)
    if not certificates:
        raise CertificateError(_("Không có giấy chứng nhận nào để in."))
    total = len(certificates)
    if progress is not None:
        progress(0, total)
    documents = []
    for start in range(0, total, CHUNK):
        documents.append(_document(certificates[start : start + CHUNK], base_url))
        if progress is not None:
            progress(min(start + CHUNK, total), total)
    pages = [page for document in documents for page in document.pages]
    return pdf.write_pdf(documents[0].copy(pages))
