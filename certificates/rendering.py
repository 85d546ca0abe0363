"""The certificate renderer: ``render(certificate) -> (filename, mimetype, bytes)`` and a whole school as one PDF.

Each certificate is drawn from its own snapshot with the layout it was issued with
(``templates/certificates/pdf/<layout>.html`` and ``.css``): a new layout is a new pair of files and a new
``services.CURRENT_LAYOUT``; a released layout is never edited, so an issued certificate prints the same forever.

Fonts: Tinos (metric-compatible with Times New Roman, the font of Vietnamese official documents) from the npm
package ``@fontsource/tinos``, read from ``node_modules`` (``settings.CERTIFICATE_FONT_DIR`` overrides the
folder). Fontsource splits each face into subsets; the Latin and the Vietnamese subsets are declared as two
families and listed together, so every character finds its glyph and the PDF embeds only these fonts. WeasyPrint
fetches nothing else: its URL fetcher only opens the font files, so no text on a certificate can make it read a
file or call a server. Text is NFC-normalised before it reaches the template.
"""

import logging
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import CertificateError

PDF = "application/pdf"
FONT_FAMILIES = {"latin": "BDTX Serif Latin", "vietnamese": "BDTX Serif VN"}
FONT_FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]
# WeasyPrint logs every step and fontTools every font it unpacks at INFO: far too chatty for the job log.
for _logger in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_logger).setLevel(logging.WARNING)
CHUNK = 20  # certificates laid out at a time when rendering a whole school (progress is reported per chunk)


def font_dir():
    default = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "tinos" / "files"
    return Path(getattr(settings, "CERTIFICATE_FONT_DIR", default))


def font_files():
    """[(family, weight, style, path)] of every face the certificate uses."""
    folder = font_dir()
    return [
        (family, weight, style, folder / f"tinos-{subset}-{weight}-{style}.woff")
        for subset, family in FONT_FAMILIES.items()
        for weight, style in FONT_FACES
    ]


def missing_fonts():
    return [str(path) for _family, _weight, _style, path in font_files() if not path.is_file()]


def font_css():
    missing = missing_fonts()
    if missing:
        raise CertificateError(
            _("Thiếu tệp phông chữ của giấy chứng nhận (%(file)s). Hãy chạy “npm ci” (hoặc “make install”).")
            % {"file": missing[0]}
        )
    rules = [
        f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{path.resolve().as_uri()}') format('woff'); }}"
        for family, weight, style, path in font_files()
    ]
    families = ", ".join(f"'{family}'" for family in FONT_FAMILIES.values())
    rules.append(f":root {{ --certificate-fonts: {families}; }} body {{ font-family: {families}; }}")
    return "\n".join(rules)


def _fetcher():
    from weasyprint import URLFetcher

    allowed = font_dir().resolve()

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or allowed not in path.parents:
                raise ValueError(f"Certificates load nothing but their fonts: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"}, fail_on_errors=True)


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


def official_date(day):
    """The date as official documents write it: 'ngày 05 tháng 01 năm 2026' (zero before days < 10 and months
    1 and 2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}


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
    from weasyprint import HTML

    return HTML(string=_html(certificates, base_url), url_fetcher=_fetcher(), base_url=font_dir().as_uri()).render()


def _write(document):
    return document.write_pdf(pdf_identifier=None)


def render(certificate, *, base_url):
    """One certificate as (file name, mimetype, PDF bytes)."""
    filename = f"giay-chung-nhan-{certificate.number}.pdf"
    return filename, PDF, _write(_document([certificate], base_url))


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
    return _write(documents[0].copy(pages))
