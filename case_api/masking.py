"""Masking of personal data (ID numbers, phone numbers) for public views, logs and the assistant."""

from __future__ import annotations


def mask_middle(value: str | None, keep_start: int, keep_end: int, fill: str = "*") -> str | None:
    if value is None:
        return None
    if len(value) <= keep_start + keep_end:
        return fill * len(value)
    return value[:keep_start] + fill * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_phone(phone: str | None) -> str | None:
    """13812345678 → 138****5678."""
    return mask_middle(phone, 3, 4)


def mask_id_number(id_number: str | None) -> str | None:
    """500101199001011234 → 5001**********1234 (also 统一社会信用代码)."""
    return mask_middle(id_number, 4, 4)


def mask_name(name: str | None) -> str | None:
    """张三丰 → 张**."""
    return mask_middle(name, 1, 0)
