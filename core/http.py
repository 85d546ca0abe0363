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
