"""Fact patterns over entity types, one module per kind of fact.

`common` holds what they share; `facts.extract` calls each module's `extract_*` functions in order.
"""

from csto_kg.extract.patterns.common import Facts
from csto_kg.extract.patterns.events import extract_events
from csto_kg.extract.patterns.memberships import (
    extract_chairmanships,
    extract_membership_changes,
    extract_membership_lists,
)
from csto_kg.extract.patterns.posts import extract_posts
from csto_kg.extract.patterns.signings import extract_signings

__all__ = [
    "Facts",
    "extract_chairmanships",
    "extract_events",
    "extract_membership_changes",
    "extract_membership_lists",
    "extract_posts",
    "extract_signings",
]
