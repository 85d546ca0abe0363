"""PDF printing with WeasyPrint, shared by the certificates and the official documents.

Fonts: Tinos (metric-compatible with Times New Roman, the font of Vietnamese official documents) from the npm
package ``@fontsource/tinos``, read from ``node_modules`` (``settings.CERTIFICATE_FONT_DIR`` overrides the
folder). Fontsource splits each face into subsets; the Latin and the Vietnamese subsets are declared as two
families and listed together, so every character finds its glyph and the PDF embeds only these fonts. WeasyPrint
fetches nothing else: its URL fetcher only opens the font files, so no text in a document can make it read a file
or call a server.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.utils.translation import gettext as _

PDF = "application/pdf"
FONT_FAMILIES = {"latin": "BDTX Serif Latin", "vietnamese": "BDTX Serif VN"}
FONT_FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]
# WeasyPrint logs every step and fontTools every font it unpacks at INFO: far too chatty for the job log.
for _logger in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_logger).setLevel(logging.WARNING)


class FontsMissing(RuntimeError):
    """The font files are not installed; the message says how to install them."""


def font_dir():
    default = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "tinos" / "files"
    return Path(getattr(settings, "CERTIFICATE_FONT_DIR", default))


def font_files():
    """[(family, weight, style, path)] of every face a document uses."""
    folder = font_dir()
    return [
        (family, weight, style, folder / f"tinos-{subset}-{weight}-{style}.woff")
        for subset, family in FONT_FAMILIES.items()
        for weight, style in FONT_FACES
    ]


def missing_fonts():
    return [str(path) for _family, _weight, _style, path in font_files() if not path.is_file()]


def font_css():
    """The @font-face rules, and the families on ``body`` (and in ``--certificate-fonts``)."""
    missing = missing_fonts()
    if missing:
        raise FontsMissing(
            _("Thiếu tệp phông chữ để in văn bản (%(file)s). Hãy chạy “npm ci” (hoặc “make install”).")
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


def fonts_only_fetcher():
    """A WeasyPrint URL fetcher that opens the font files and refuses everything else."""
    from weasyprint import URLFetcher

    allowed = font_dir().resolve()

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or allowed not in path.parents:
                raise ValueError(f"Documents load nothing but their fonts: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"}, fail_on_errors=True)


def html_document(html):
    """A laid-out WeasyPrint document of ``html`` (which carries ``font_css()`` in its style)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=fonts_only_fetcher(), base_url=font_dir().as_uri()).render()


def write_pdf(document):
    return document.write_pdf(pdf_identifier=None)
