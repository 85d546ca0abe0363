"""Small request helpers shared by the apps' views."""

from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme


def own_url(request, url):
    """``url`` when it points into this site (safe to redirect to or link back to), else ""."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def query_without_page(request):
    """The request's query string without its ``page``: what a page's pager links keep (includes_pagination.html)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Types a browser shows itself (its image view, its PDF viewer) and never runs: the only ones sent inline.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "application/pdf"})

# An attachment is saved, never shown: nothing may load or run should a browser open it anyway.
_ATTACHMENT_POLICY = "default-src 'none'; sandbox"
# Shown inline, still without any script (no script-src). The browser's own image page and PDF viewer style
# themselves inline (without 'unsafe-inline' Chromium pins an image to the corner; older Chrome shrank the PDF
# viewer); the PDF viewer is the document's object. A PDF is not sandboxed: Chromium 156 shows one anyway, but
# Firefox and older Chrome refuse their PDF viewer in a sandboxed document; with nosniff and no script-src nothing
# in it runs as the site's page.
_INLINE_POLICIES = {
    "image/jpeg": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
    "image/png": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
    "application/pdf": "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'",
}


# How long a signed link straight to the object store lasts: the browser follows it at once.
SIGNED_URL_SECONDS = 60


def private_file_response(file, *, filename, content_type, inline=False):
    """A stored private file (evidence, a signed scan: a ``FieldFile``) sent with headers that keep a browser from
    running or sniffing it; 404 when the file is gone. The caller has checked the user's scope.

    Sent as an attachment, or with ``inline=True`` shown in the browser (an image, a PDF: ``INLINE_TYPES`` only),
    still private and never cached. See ``stored_file_response``."""
    return stored_file_response(file.storage, file.name, filename=filename, content_type=content_type, inline=inline)


def stored_file_response(storage, name, *, filename, content_type, inline=False):
    """The file ``name`` of ``storage`` for a user whose scope the caller has checked; 404 when it is gone.

    From the local folder it is streamed by this process. From an S3 bucket an attachment is a redirect to a link
    signed for ``SIGNED_URL_SECONDS`` that makes the bucket send it with our name and type (no web host copies the
    bytes; ``PRIVATE_STORAGE_REDIRECT = False`` streams it instead, for a bucket the browsers cannot reach). A file
    shown inline is always streamed: its page keeps the headers below, and the pages that show it (thumbnails) load
    images from this site only."""
    from django.http import FileResponse, Http404, HttpResponseRedirect

    if inline and content_type not in INLINE_TYPES:
        raise ValueError(f"{content_type} is never sent inline")
    if not name:
        raise Http404
    if not inline and _signs_links(storage):
        if not storage.exists(name):
            raise Http404
        disposition = content_disposition_header(as_attachment=True, filename=filename)
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = _INLINE_POLICIES[content_type] if inline else _ATTACHMENT_POLICY
    return response


def _signs_links(storage):
    """True for an S3 storage whose links are signed, when the settings let downloads go straight to it."""
    from django.conf import settings

    if not getattr(settings, "PRIVATE_STORAGE_REDIRECT", True):
        return False
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # django-storages is not installed: files are local
        return False
    return isinstance(storage, S3Storage) and storage.querystring_auth
