"""Information processing fees (Art. 42; 国办函〔2020〕109号), as a pure computation.

Two standards, never both for one request:

* per item (按件计收), counted per applicant per calendar month: items 1–10 free; items
  11–30 ¥100 each; from item 31 on, each band of 10 items costs ¥100 more per item than
  the band before (31–40 ¥200, 41–50 ¥300, …);
* per page (按量计收), per request: pages 1–30 free; 31–100 ¥10; 101–200 ¥20; 201 and
  above ¥40 each.
"""

from dataclasses import dataclass
from decimal import Decimal

from .choices import FeeStandard


@dataclass(frozen=True)
class FeeLine:
    first: int
    last: int
    unit_price: Decimal

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.count


@dataclass(frozen=True)
class FeeComputation:
    standard: str
    lines: tuple[FeeLine, ...]

    @property
    def amount(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal("0"))


def _item_price(n: int) -> Decimal:
    if n <= 10:
        return Decimal("0")
    if n <= 30:
        return Decimal("100")
    return Decimal(100 * (2 + (n - 31) // 10))


def _page_price(n: int) -> Decimal:
    if n <= 30:
        return Decimal("0")
    if n <= 100:
        return Decimal("10")
    if n <= 200:
        return Decimal("20")
    return Decimal("40")


def compute_fee(*, standard: str, quantity: int, prior_items_this_month: int = 0) -> FeeComputation:
    """The fee for ``quantity`` items or pages, line by line (bands of equal unit price).

    For the per-item standard, ``prior_items_this_month`` is how many items the same
    applicant already asked for this calendar month; they count towards the bands.
    """
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    if standard == FeeStandard.PER_ITEM:
        first, price = prior_items_this_month + 1, _item_price
    elif standard == FeeStandard.PER_PAGE:
        if prior_items_this_month:
            raise ValueError("the per-page standard counts one request only")
        first, price = 1, _page_price
    else:
        raise ValueError(f"unknown fee standard {standard!r}")
    last = first + quantity - 1
    lines: list[FeeLine] = []
    n = first
    while n <= last:
        unit = price(n)
        end = n
        while end + 1 <= last and price(end + 1) == unit:
            end += 1
        lines.append(FeeLine(n, end, unit))
        n = end + 1
    return FeeComputation(standard=str(standard), lines=tuple(lines))
