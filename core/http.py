"""Small request helpers shared by the apps' views."""

from django.utils.http import url_has_allowed_host_and_scheme


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


def private_file_response(file, *, filename, content_type):
    """A stored private file (evidence, a signed scan) sent as an attachment with headers that keep a browser from
    running or sniffing it; 404 when the file is gone. The caller has checked the user's scope."""
    from django.http import FileResponse, Http404

    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
