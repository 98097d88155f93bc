from __future__ import annotations

import pytest

from vision.ocr import normalise_plate


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("渝F·12345", "渝F·12345"),
        ("渝F 12345", "渝F·12345"),
        ("渝f-12345", "渝F·12345"),
        ("渝F·I2345", "渝F·12345"),  # I and O never appear in the serial
        ("渝FO1234", "渝F·01234"),
        ("车牌：粤B·D12345 停放", "粤B·D12345"),  # new-energy plates have six characters
        ("京A12345挂", "京A·12345挂"),
    ],
)
def test_plates_are_normalised(raw, plate):
    assert normalise_plate(raw) == plate


@pytest.mark.parametrize("raw", ["", "hello", "12345", "渝I12345", "上海A12345"])
def test_text_without_a_plate_gives_none(raw):
    assert normalise_plate(raw) is None
