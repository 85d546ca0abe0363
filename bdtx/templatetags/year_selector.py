"""``{% year_selector year %}``: links to the same page for every other training year of the user's Sở.

Every year-bound page shows it, so a past year's grid, confirmation or results stays one click away once the Sở
makes a new year current (before, they were reachable only by typing ``?year=`` into the address bar). The links
keep the page's other query parameters (filters) and drop the page number.
"""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.inclusion_tag("includes/year_selector.html", takes_context=True)
def year_selector(context, year):
    from years.selectors import years_visible_to

    request = context.get("request")
    if request is None or year is None or not request.user.is_authenticated:
        return {"options": []}
    years = years_visible_to(user=request.user).filter(department_id=year.department_id).order_by("-start_year")
    params = {key: request.GET.getlist(key) for key in request.GET if key not in ("year", "page")}
    options = []
    for option in years:
        query = urlencode({**params, "year": option.pk}, doseq=True)
        options.append({"year": option, "url": f"{request.path}?{query}", "selected": option.pk == year.pk})
    return {"options": options if len(options) > 1 else [], "year": year}
