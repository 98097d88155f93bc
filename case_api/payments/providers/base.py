"""The seam every payment channel sits behind (第六十七条: the bureau decides, the channel collects)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar


class NoticeRejected(Exception):
    """A payment notice that cannot be trusted or does not parse; ``reason`` is a short Chinese message."""

    def __init__(self, reason: str, *, code: str = "invalid_notice") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.notice: PaymentNotice | None = (
            None  # set when the signature was valid but the payment is refused
        )


@dataclass(frozen=True)
class Prepay:
    """What the citizen's page needs to start paying."""

    provider: str
    out_trade_no: str
    amount_fen: int
    code_url: str  # QR content for the channel's own scan-to-pay (NATIVE) flow
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentNotice:
    """A verified (signature-checked) notice from a channel; business checks happen in the service."""

    provider: str
    out_trade_no: str
    transaction_id: str
    total_fen: int
    paid_at: datetime  # timezone-aware
    success: bool
    fields: dict[str, str]


@dataclass(frozen=True)
class Ack:
    """The reply the channel expects to a notice."""

    body: str
    media_type: str


class PaymentProvider(ABC):
    name: ClassVar[str]

    @abstractmethod
    def prepay(self, *, out_trade_no: str, amount_fen: int, description: str, notify_url: str) -> Prepay:
        """Place the order with the channel (unified order)."""

    @abstractmethod
    def parse_notice(self, body: bytes) -> PaymentNotice:
        """Parse a notice and verify its signature; raise :class:`NoticeRejected` otherwise."""

    @abstractmethod
    def ack(self, ok: bool, message: str = "OK") -> Ack:
        """The channel-format reply to a notice."""
