"""Money in integer đồng: format_vnd, the vnd template filter and the money input."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.money import MoneyError, format_figure, format_vnd, parse_vnd
from courses.forms import CourseForm, MoneyField


@pytest.mark.parametrize(
    "amount, text",
    [
        (0, "0 đ"),
        (5, "5 đ"),
        (999, "999 đ"),
        (1_000, "1.000 đ"),
        (1_500_000, "1.500.000 đ"),
        (150_000_000, "150.000.000 đ"),
        (1_000_000_000, "1.000.000.000 đ"),
        (2_204_000_000, "2.204.000.000 đ"),
        (-1_500_000, "-1.500.000 đ"),
        (-999, "-999 đ"),
    ],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize("value", [1.5, Decimal("1500000"), "1500000", None, True])
def test_format_vnd_takes_integers_only(value):
    with pytest.raises(TypeError):
        format_vnd(value)


@pytest.mark.parametrize(
    "value, shown",
    [
        (1_500_000, "1.500.000 đ"),
        (0, "0 đ"),
        (-2_000, "-2.000 đ"),
        (None, "—"),
        (Decimal("150000000"), "150.000.000 đ"),  # a whole SUM() some databases return as Decimal
        (Decimal("1.5"), "1,5"),  # not whole: shown as a number (localised), never rounded into money
    ],
)
def test_vnd_filter(value, shown):
    assert Template("{% load money %}{{ value|vnd }}").render(Context({"value": value})) == shown


def test_vnd_number_filter():
    template = Template("{% load money %}{{ a|vnd_number }}|{{ b|vnd_number }}")
    assert template.render(Context({"a": 1180, "b": None})) == "1.180|—"


@pytest.mark.parametrize(
    "text, amount",
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1\u00a0500\u00a0000", 1_500_000),  # non-breaking spaces pasted from a document
        ("  1.500.000 đ ", 1_500_000),
        ("1500000 đồng", 1_500_000),
        ("1.500.000 VNĐ", 1_500_000),
        ("0", 0),
        ("900.000", 900_000),
        ("1.000", 1_000),
        ("+2.000", 2_000),
    ],
)
def test_parse_vnd_accepts_the_usual_ways_of_writing_money(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Hãy nhập số tiền"),
        ("   ", "Hãy nhập số tiền"),
        ("-1.500.000", "không được âm"),
        ("−1500000", "không được âm"),
        ("1.500.000,5", "không có phần thập phân"),
        ("1500000,50", "không có phần thập phân"),
        ("1,500,000", "không có phần thập phân"),
        ("1500.5", "không có phần lẻ"),
        ("1.5", "không có phần lẻ"),
        ("1.50.000", "không có phần lẻ"),
        ("một triệu", "không hợp lệ"),
        ("1e6", "không hợp lệ"),
    ],
)
def test_parse_vnd_refuses_decimals_negatives_and_words(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_vnd(text)


def test_money_field_gives_a_vietnamese_error_and_an_int():
    field = MoneyField(label="Kinh phí")
    assert field.clean("1 500 000") == 1_500_000
    with pytest.raises(Exception, match="không được âm") as error:
        field.clean("-5")
    assert type(error.value).__name__ == "ValidationError"
    with pytest.raises(Exception, match="Hãy nhập số tiền"):
        field.clean("")


def test_money_field_has_an_upper_bound():
    field = MoneyField(max_value=10_000)
    assert field.clean("10.000") == 10_000
    with pytest.raises(Exception, match="không được quá 10.000 đ"):
        field.clean("10.001")


def test_course_form_shows_the_saved_amount_with_dots(db):
    from years.models import TrainingYear

    form = CourseForm(organisers=None, years=TrainingYear.objects.none(), initial={"cost_per_person": 1_500_000})
    assert 'value="1.500.000"' in str(form["cost_per_person"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1234567, "1.234.567"),
        (Decimal("75.5"), "75,5"),
        (Decimal("75.0"), "75"),
        (Decimal("1234.5"), "1.234,5"),
        (100.0, "100"),
    ],
)
def test_figures_in_tables_are_written_the_vietnamese_way(value, text):
    assert format_figure(value) == text
