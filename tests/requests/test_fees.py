"""Fee computation (Art. 42; 国办函〔2020〕109号)."""

from decimal import Decimal

import pytest

from requests.choices import FeeStandard
from requests.fees import compute_fee


@pytest.mark.parametrize(
    ("quantity", "prior", "amount"),
    [
        (10, 0, 0),  # up to 10 items a month are free
        (11, 0, 100),  # the 11th costs 100
        (30, 0, 20 * 100),
        (31, 0, 20 * 100 + 200),  # the first item of the 31–40 band costs 200
        (40, 0, 20 * 100 + 10 * 200),
        (45, 0, 20 * 100 + 10 * 200 + 5 * 300),  # 41–50 costs 300
        (5, 8, 3 * 100),  # items 9–13 this month: 9, 10 free; 11–13 cost 100
    ],
)
def test_per_item_fees_count_per_applicant_per_month(quantity, prior, amount):
    fee = compute_fee(
        standard=FeeStandard.PER_ITEM, quantity=quantity, prior_items_this_month=prior
    )
    assert fee.amount == Decimal(amount)


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (30, 0),
        (31, 10),
        (100, 70 * 10),
        (101, 70 * 10 + 20),
        (200, 70 * 10 + 100 * 20),
        (250, 70 * 10 + 100 * 20 + 50 * 40),
    ],
)
def test_per_page_fees_are_progressive(pages, amount):
    assert compute_fee(standard=FeeStandard.PER_PAGE, quantity=pages).amount == Decimal(amount)


def test_the_computation_is_shown_line_by_line():
    fee = compute_fee(standard=FeeStandard.PER_PAGE, quantity=150)
    assert [(line.first, line.last, line.unit_price, line.subtotal) for line in fee.lines] == [
        (1, 30, Decimal(0), Decimal(0)),
        (31, 100, Decimal(10), Decimal(700)),
        (101, 150, Decimal(20), Decimal(1000)),
    ]


def test_the_two_standards_are_never_mixed():
    with pytest.raises(ValueError):
        compute_fee(standard=FeeStandard.PER_PAGE, quantity=40, prior_items_this_month=3)
    with pytest.raises(ValueError):
        compute_fee(standard="both", quantity=40)
