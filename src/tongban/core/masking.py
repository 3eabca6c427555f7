"""Masking personal data for display (DESIGN.md: 110***********1234). Pure functions."""

from __future__ import annotations


def mask_middle(value: str, keep_start: int, keep_end: int, mask: str = "*") -> str:
    """Keep the first and last characters and mask the rest, keeping the length."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return mask * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + mask * hidden + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """110105194912310021 -> 110***********0021: the region's first three digits and the last
    four stay, as on national platforms."""
    return mask_middle(value, 3, 4)


def mask_mobile(value: str) -> str:
    """13812345678 -> 138****5678."""
    return mask_middle(value, 3, 4)


def mask_name(value: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: only the first character stays."""
    return mask_middle(value, 1, 0)
