"""The page links a list's pager shows (``includes/pagination.html``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def page_links(page: Any) -> list[int | None]:
    """The first and last pages, the current one and its neighbours; ``None`` for a gap shown
    as an ellipsis. Worked out here: a loop over every page of a 400-page list in the
    template cost more than the rest of the page."""
    current, last = page.number, page.paginator.num_pages
    links: list[int | None] = []
    for number in sorted({1, last, *range(current - 2, current + 3)}):
        if number < 1 or number > last:
            continue
        if number in (1, last) or current - 1 <= number <= current + 1:
            links.append(number)
        elif number in (current - 2, current + 2):
            links.append(None)
    return links
