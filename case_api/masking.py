"""Masking of personal data (ID numbers, phone numbers) for public views, logs and the assistant."""

from __future__ import annotations

import re


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


# Secrets and personal numbers in free text (log lines). Order matters: credentials first, then ID numbers (18
# characters) before mobile numbers (11 digits), whose digit-boundary rule then cannot match inside an ID number.
_BEARER = re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9\-._~+/]{16,}=*")  # credentials, not prose
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_SECRET_FIELD = re.compile(
    r"""(?ix)
    (["']?\b(?:[a-z]+_)*(?:password|passwd|pwd|secret(?:_key)?|api_?key|token)\b["']?  # name (hashed_password …)
     \s*[=:]\s*)                                                  # = (query, form) or : (JSON, repr)
    ("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&"',;}\])]+)       # value: quoted, or up to a delimiter
    """
)
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(
    rf"([{PLATE_PROVINCES}][A-HJ-NP-Z])[\s·•・.\-]?([A-Z0-9])[A-Z0-9]{{3,4}}([A-Z0-9挂学警])(?![A-Z0-9])"
)
MASK = "***"


def mask_plate(plate: str | None) -> str | None:
    """渝F·12345 → 渝F·1***5 (licence plates are personal data: logs and eval data show only this)."""
    if not plate:
        return plate
    match = _PLATE.search(plate)
    return f"{match.group(1)}·{match.group(2)}{MASK}{match.group(3)}" if match else MASK


def _masked_value(match: re.Match[str]) -> str:
    value = match.group(2)
    quote = value[0] if value[:1] in ("'", '"') else ""
    return f"{match.group(1)}{quote}{MASK}{quote}"


def mask_secrets(text: str) -> str:
    """Mask bearer tokens, JWTs, ``password=``/``"password": …`` values (and other secret fields), 18-digit ID
    numbers (身份证号), licence plates and 11-digit mobile numbers in ``text``. Idempotent: masked text has nothing left to mask."""
    if not text:
        return text
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _JWT.sub(MASK, text)
    text = _SECRET_FIELD.sub(_masked_value, text)
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)) or "", text)
    text = _PLATE.sub(lambda m: f"{m.group(1)}·{m.group(2)}{MASK}{m.group(3)}", text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)) or "", text)


# The patterns themselves, for the assistant's placeholder masking (assistant.masking): one place for all of them.
ID_NUMBER_PATTERN = _ID_NUMBER
MOBILE_PATTERN = _MOBILE
PLATE_PATTERN = _PLATE
