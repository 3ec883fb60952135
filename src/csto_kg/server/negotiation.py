"""Proactive content negotiation: pick the offered media type an Accept header prefers.

Implements the matching rules of RFC 9110 §12.5.1 that matter to a data endpoint: q-values,
`type/*` and `*/*` ranges, and "the most specific range decides an offer's quality", so that
`text/*;q=0.5, text/csv;q=0` refuses CSV while still accepting TSV. Media-type parameters other
than `q` are ignored: every representation served here is UTF-8 and has no variants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

WILDCARD = "*"


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: `type/subtype` (either may be `*`) with its quality."""

    type: str
    subtype: str
    quality: float

    @property
    def specificity(self) -> int:
        """2 for `type/subtype`, 1 for `type/*`, 0 for `*/*`: a more specific range overrides."""
        return (self.type != WILDCARD) + (self.subtype != WILDCARD)

    def matches(self, media_type: str) -> bool:
        """Whether this range covers `media_type` (a bare, lower-case `type/subtype`)."""
        type_, _, subtype = media_type.partition("/")
        return self.type in (WILDCARD, type_) and self.subtype in (WILDCARD, subtype)


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header into media ranges, dropping malformed elements.

    A malformed element is skipped rather than failing the request: RFC 9110 lets a server
    ignore what it cannot parse, and a client with a sloppy header still deserves an answer.
    A lone `*` (sent by old Java clients) is read as `*/*`.
    """
    ranges: list[MediaRange] = []
    for element in header.split(","):
        media_type, *parameters = (part.strip() for part in element.split(";"))
        media_type = media_type.lower()
        if media_type == WILDCARD:
            media_type = "*/*"
        type_, slash, subtype = media_type.partition("/")
        if not slash or not type_ or not subtype or (type_ == WILDCARD and subtype != WILDCARD):
            continue
        quality = _quality(parameters)
        if quality is not None:
            ranges.append(MediaRange(type_, subtype, quality))
    return ranges


def _quality(parameters: Sequence[str]) -> float | None:
    """The `q` parameter's value (1 when absent), or None when it is not a number in [0, 1]."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return None
            return quality if 0.0 <= quality <= 1.0 else None
    return 1.0


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """Return the offer the client prefers, or None when the client accepts none of them.

    `offers` are lower-case `type/subtype` strings in the server's order of preference; the first
    is the default for a missing, empty or unparseable Accept header. Between offers of equal
    quality, one the client named explicitly beats one matched by a wildcard (so
    `application/ld+json, */*` yields JSON-LD, not the server's default), then server order decides.
    """
    ranges = parse_accept(accept) if accept else []
    if not ranges:
        return offers[0] if offers else None
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for index, offer in enumerate(offers):
        matching = [media_range for media_range in ranges if media_range.matches(offer)]
        if not matching:
            continue
        decisive = max(matching, key=lambda media_range: media_range.specificity)
        if decisive.quality <= 0.0:
            continue
        rank = (decisive.quality, decisive.specificity, -index)
        if best is None or rank > best:
            best, chosen = rank, offer
    return chosen


class Offer(Protocol):
    """Something served in one media type, also accepted under aliases (a format, a serializer)."""

    @property
    def media_type(self) -> str: ...

    @property
    def aliases(self) -> Iterable[str]: ...


O = TypeVar("O", bound=Offer)


def choose_offer(accept: str | None, offers: Sequence[O]) -> tuple[str, O] | None:
    """The offer the Accept header prefers, with the media type it asked for.

    Canonical media types outrank aliases (application/json is sparql-results+json's alias).
    """
    by_type: dict[str, O] = {}
    for offer in offers:
        by_type.setdefault(offer.media_type, offer)
    for offer in offers:
        for alias in offer.aliases:
            by_type.setdefault(alias, offer)
    chosen = negotiate(accept, list(by_type))
    return None if chosen is None else (chosen, by_type[chosen])
