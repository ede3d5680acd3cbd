"""Anniversary numbers in each language, checked against tables written out by hand."""

import datetime

import pytest

from core.ordinals import anniversary_label, anniversary_number, ordinal

# Suffix of 1..40 in Azerbaijani: the vowel of the last number word read aloud decides it.
AZ = [
    "1-ci", "2-ci", "3-cü", "4-cü", "5-ci", "6-cı", "7-ci", "8-ci", "9-cu", "10-cu",
    "11-ci", "12-ci", "13-cü", "14-cü", "15-ci", "16-cı", "17-ci", "18-ci", "19-cu", "20-ci",
    "21-ci", "22-ci", "23-cü", "24-cü", "25-ci", "26-cı", "27-ci", "28-ci", "29-cu", "30-cu",
    "31-ci", "32-ci", "33-cü", "34-cü", "35-ci", "36-cı", "37-ci", "38-ci", "39-cu", "40-cı",
]
EN = [
    "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th",
    "11th", "12th", "13th", "14th", "15th", "16th", "17th", "18th", "19th", "20th",
    "21st", "22nd", "23rd", "24th", "25th", "26th", "27th", "28th", "29th", "30th",
    "31st", "32nd", "33rd", "34th", "35th", "36th", "37th", "38th", "39th", "40th",
]
RU = [
    "1-я", "2-я", "3-я", "4-я", "5-я", "6-я", "7-я", "8-я", "9-я", "10-я",
    "11-я", "12-я", "13-я", "14-я", "15-я", "16-я", "17-я", "18-я", "19-я", "20-я",
    "21-я", "22-я", "23-я", "24-я", "25-я", "26-я", "27-я", "28-я", "29-я", "30-я",
    "31-я", "32-я", "33-я", "34-я", "35-я", "36-я", "37-я", "38-я", "39-я", "40-я",
]


@pytest.mark.parametrize("number", range(1, 41))
def test_ordinals_one_to_forty(number):
    assert ordinal(number, "az") == AZ[number - 1]
    assert ordinal(number, "en") == EN[number - 1]
    assert ordinal(number, "ru") == RU[number - 1]


@pytest.mark.parametrize("number", range(1, 41))
def test_anniversary_labels_one_to_forty(number):
    assert anniversary_label(number, "az") == f"{AZ[number - 1]} ildönümü"
    assert anniversary_label(number, "en") == f"{EN[number - 1]} anniversary"
    assert anniversary_label(number, "ru") == f"{RU[number - 1]} годовщина"


@pytest.mark.parametrize(
    "number, az, en",
    [
        (50, "50-ci", "50th"),  # əlli
        (60, "60-cı", "60th"),  # altmış
        (90, "90-cı", "90th"),  # doxsan
        (100, "100-cü", "100th"),  # yüz
        (101, "101-ci", "101st"),
        (111, "111-ci", "111th"),
        (112, "112-ci", "112th"),
        (1000, "1000-ci", "1000th"),  # min
        (2026, "2026-cı", "2026th"),
    ],
)
def test_larger_numbers(number, az, en):
    assert ordinal(number, "az") == az
    assert ordinal(number, "en") == en


def test_the_active_language_is_used_when_none_is_given():
    from django.utils import translation

    for language, expected in [("az", "34-cü ildönümü"), ("en", "34th anniversary"),
                               ("ru", "34-я годовщина")]:
        with translation.override(language):
            assert anniversary_label(34) == expected


@pytest.mark.parametrize(
    "on, number",
    [
        (datetime.date(2026, 2, 26), 34),
        (datetime.date(2026, 2, 25), 34),
        (datetime.date(2023, 2, 26), 31),
        (datetime.date(1993, 2, 26), 1),
    ],
)
def test_anniversary_number_is_that_of_the_commemoration_year(on, number):
    assert anniversary_number(datetime.date(1992, 2, 26), on) == number
