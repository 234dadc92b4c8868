"""Paging of long lists whose cost does not grow with the city."""

from datetime import date

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 2000  # rows counted at most: 40 pages of 50; past that, filter


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (`SELECT COUNT(*)` over a
    `LIMIT cap + 1` subquery), so a list of 500,000 activities costs what a
    list of 2,000 does; `capped` says the list is longer ("2000余条")."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            return rows.order_by()[: self.cap + 1].count()
        return len(rows[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def year_bounds(years, today: date) -> tuple[int, int]:
    """The first and last year a page's year navigation goes to: the years
    with data (`years`: e.g. the Min and Max of a date's year), this year
    included, so 上一年/下一年 never lead to an empty 1983 or 2047."""
    found = [int(year) for year in years if year] + [today.year]
    return min(found), max(found)


def month_bounds(days, today: date) -> tuple[date, date]:
    """The first and last month (their first days) with data, this month
    included."""
    found = [day for day in days if day] + [today]
    return min(found).replace(day=1), max(found).replace(day=1)
