"""A timeline of an organization's memberships and chairmanships, drawn as SVG on the server.

One row per state that has a membership or chairmanship in the organization. A membership is a
bar from its start to its end; a bar without an end runs to "now" and ends in an arrow (open); a
membership whose dates are only "as of" (the text says it holds at some date) is dashed from the
first such date and marked with a dot at each one; an exit known only by its date is a cross.
Chair periods are drawn in another colour, thinner, over the row. Every text (labels, tooltips)
is escaped; the picture needs no JavaScript (tooltips are SVG <title> elements).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from markupsafe import Markup, escape

from csto_kg.namespaces import CSTO, ORG, SCHEMA
from csto_kg.server.resources import RDF_TYPE

MEMBER = ox.NamedNode(ORG + "member")
ORGANIZATION = ox.NamedNode(ORG + "organization")
STATUS = ox.NamedNode(CSTO + "membershipStatus")
START = ox.NamedNode(SCHEMA + "startDate")
END = ox.NamedNode(SCHEMA + "endDate")
AS_OF = ox.NamedNode(CSTO + "asOf")
MEMBERSHIP = ox.NamedNode(CSTO + "Membership")
CHAIRMANSHIP = ox.NamedNode(CSTO + "Chairmanship")

COLOURS = {"member": "#2b6cb0", "suspended": "#d69e2e", "withdrawn": "#718096", "chair": "#c53030"}
#: Later kinds are drawn over earlier ones: a suspension over the membership, the chair on top.
DRAWING_ORDER = {"member": 0, "withdrawn": 1, "suspended": 2, "chair": 3}
ARROW = 12  # px: the "open to now" arrowhead, no taller than a membership bar
CHAIR_OFFSET = 10  # px below the row's middle: within the row (30 px), clear of the membership bar
_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def year_of(lexical: str) -> float | None:
    """`1992-05-15` -> 1992.37; `2022-01` -> 2022.0; `2012` -> 2012.0; None if not a date."""
    match = _DATE.match(lexical)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 1)
    day = int(match.group(3) or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


@dataclass
class Period:
    """One membership or chairmanship node, with every date the articles give for it."""

    iri: str
    kind: str  # member / suspended / withdrawn / chair
    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    as_of: list[str] = field(default_factory=list)


@dataclass
class Row:
    state: str
    label: str
    periods: list[Period] = field(default_factory=list)


def timeline_rows(store: ox.Store, organization: ox.NamedNode, label: Callable[[str], str]) -> list[Row]:
    """The organization's memberships and chairmanships grouped by state, rows sorted by label."""
    rows: dict[str, Row] = {}
    seen: set[str] = set()
    for quad in store.quads_for_pattern(None, ORGANIZATION, organization, None):
        node = quad.subject
        if not isinstance(node, ox.NamedNode) or node.value in seen:
            continue
        seen.add(node.value)
        types, members, statuses = set(), set(), set()
        period = Period(node.value, "member")
        for fact in store.quads_for_pattern(node, None, None, None):
            predicate, value = fact.predicate, fact.object
            if predicate == RDF_TYPE:
                types.add(value)
            elif predicate == MEMBER and isinstance(value, ox.NamedNode):
                members.add(value.value)
            elif predicate == STATUS and isinstance(value, ox.NamedNode):
                statuses.add(value.value.rsplit("#", 1)[-1])
            elif isinstance(value, ox.Literal):
                for target, dates in ((START, period.starts), (END, period.ends), (AS_OF, period.as_of)):
                    if predicate == target and value.value not in dates:
                        dates.append(value.value)
        for dates in (period.starts, period.ends, period.as_of):
            dates.sort(key=lambda d: (-len(d), d))  # most precise first, whatever order the store gave
        if CHAIRMANSHIP in types:
            period.kind = "chair"
        elif MEMBERSHIP in types:
            period.kind = next(iter(sorted(statuses)), "member")
        else:
            continue
        for state in members:
            row = rows.setdefault(state, Row(state, label(state)))
            row.periods.append(period)
    return sorted(rows.values(), key=lambda row: row.label.casefold())


@dataclass(frozen=True)
class Layout:
    width: int = 960
    label_width: int = 170
    row_height: int = 30
    top: int = 34
    right: int = 30


def render_svg(
    rows: list[Row],
    *,
    link: Callable[[str], str],
    title: str,
    today: dt.date | None = None,
    layout: Layout = Layout(),
) -> Markup:
    """The timeline as an inline <svg> element (safe Markup: every text is escaped)."""
    today = today or dt.date.today()
    now = today.year + (today.timetuple().tm_yday - 1) / 365
    years = [
        y
        for row in rows
        for period in row.periods
        for y in map(year_of, period.starts + period.ends + period.as_of)
        if y is not None
    ]
    first = int(min(years + [now - 5]))
    last = int(now) + 1
    span = max(last - first, 1)
    plot_left = layout.label_width
    plot_width = layout.width - layout.label_width - layout.right
    height = layout.top + layout.row_height * max(len(rows), 1) + 64

    def x(year: float) -> float:
        return round(plot_left + (min(max(year, first), last) - first) / span * plot_width, 1)

    parts: list[str] = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'width="{layout.width}" height="{height}" viewBox="0 0 {layout.width} {height}" '
        f'aria-label="{escape(title)}">'),
        f"<title>{escape(title)}</title>",
        # Sized in the picture's own units: sized by the stroke (the default), a 12 px bar made
        # the arrowhead 60 px, over the rows above and below. It starts where its bar stops.
        (f'<defs><marker id="open-end" viewBox="0 0 10 10" refX="0" refY="5" markerUnits="userSpaceOnUse" '
        f'markerWidth="{ARROW}" markerHeight="{ARROW}" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>'),
    ]
    step = 1 if span <= 12 else 2 if span <= 24 else 5
    grid_bottom = layout.top + layout.row_height * max(len(rows), 1)
    parts.append('<g class="axis">')
    for year in range(first - first % step, last + 1, step):
        if year < first:
            continue
        parts.append(
            f'<line x1="{x(year)}" y1="{layout.top - 6}" x2="{x(year)}" y2="{grid_bottom}" stroke="#e2e8f0"/>'
            f'<text x="{x(year)}" y="{layout.top - 12}" font-size="11" text-anchor="middle" fill="#4a5568">{year}</text>'
        )
    parts.append("</g>")
    for index, row in enumerate(rows):
        y_mid = layout.top + index * layout.row_height + layout.row_height / 2
        parts.append(f'<g class="row" data-state="{escape(row.state)}">')
        parts.append(
            f'<a href="{escape(link(row.state))}"><text x="{plot_left - 8}" y="{y_mid + 4}" '
            f'font-size="12" text-anchor="end" fill="#1a202c">{escape(row.label)}</text></a>'
        )
        # By kind, then by IRI: the same page from any store, whatever order its rows come in.
        for period in sorted(row.periods, key=lambda p: (DRAWING_ORDER.get(p.kind, 0), p.iri)):
            parts.extend(_period(period, row.label, y_mid, x, now))
        parts.append("</g>")
    # "now" last, over the bars that run up to it, so it is never hidden.
    parts.append(
        f'<line class="now" x1="{x(now)}" y1="{layout.top - 6}" x2="{x(now)}" y2="{grid_bottom}" stroke="#2d3748" '
        f'stroke-width="1.5" stroke-dasharray="3,3"><title>now: {today.isoformat()}</title></line>'
        f'<text x="{x(now)}" y="{grid_bottom + 12}" font-size="10" text-anchor="middle" fill="#2d3748">now</text>'
    )
    legend_y = grid_bottom + 26
    legend = [
        ("member", "member", ""),
        ("suspended", "suspended", ""),
        ("withdrawn", "withdrawn", ""),
        ("chair", "chair", ""),
        ("member", "only as of (dashed)", "4,3"),
    ]
    parts.append('<g class="legend">')
    offset = plot_left
    for kind, text, dash in legend:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{offset}" y1="{legend_y}" x2="{offset + 22}" y2="{legend_y}" stroke="{COLOURS[kind]}" '
            f'stroke-width="{6 if kind == "chair" else 10}"{dash_attr}/>'
            f'<text x="{offset + 28}" y="{legend_y + 4}" font-size="11" fill="#2d3748">{escape(text)}</text>'
        )
        offset += 40 + 7 * len(text)
    parts.append(
        f'<text x="{offset}" y="{legend_y + 4}" font-size="11" fill="#2d3748">▶ open to now · ● as-of date · ✕ exit</text>'
    )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def _period(period: Period, state_label: str, y: float, x: Callable[[float], float], now: float) -> list[str]:
    colour = COLOURS.get(period.kind, COLOURS["member"])
    starts = sorted(v for v in map(year_of, period.starts) if v is not None)
    ends = sorted(v for v in map(year_of, period.ends) if v is not None)
    as_of = sorted(v for v in map(year_of, period.as_of) if v is not None)
    chair = period.kind == "chair"
    # The chair's thin bar and its dots run below the membership's, clear of its as-of dots.
    y_bar = y + (CHAIR_OFFSET if chair else 0)
    width = 6 if chair else 12
    described = ", ".join(
        part
        for part in (
            f"from {' / '.join(period.starts)}" if period.starts else "",
            f"until {' / '.join(period.ends)}" if period.ends else "",
            f"as of {', '.join(sorted(period.as_of))}" if period.as_of else "",
        )
        if part
    )
    tooltip = escape(f"{state_label}: {period.kind}" + (f" ({described})" if described else ""))
    out = [f'<g class="period {escape(period.kind)}" data-period="{escape(period.iri)}"><title>{tooltip}</title>']

    def bar(start: float, end: float, *, dashed: bool = False, open_end: bool = False) -> None:
        x1, x2 = x(start), max(x(end), x(start) + 3)
        if open_end:  # the bar stops short so that the arrowhead's tip is at "now"
            x2 = max(round(x2 - ARROW, 1), x1 + 1)
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        marker = ' marker-end="url(#open-end)"' if open_end else ""
        out.append(
            f'<line x1="{x1}" y1="{y_bar}" x2="{x2}" y2="{y_bar}" stroke="{colour}" '
            f'stroke-width="{width}" stroke-opacity="{0.95 if chair else 0.8}"{dash}{marker}/>'
        )

    if starts:
        start = starts[0]
        if ends:
            bar(start, ends[-1])
        elif chair:
            bar(start, int(start) + 1)
        elif period.kind == "withdrawn":
            bar(start, start)
        else:
            bar(start, now, open_end=True)
    elif as_of:
        if chair:
            bar(int(as_of[0]), int(as_of[0]) + 1, dashed=True)
        elif ends:
            bar(as_of[0], ends[-1], dashed=True)
        elif period.kind == "withdrawn":
            pass
        else:
            bar(as_of[0], now, dashed=True, open_end=True)
    for value in as_of:
        radius = 2.5 if chair else 3.5
        out.append(f'<circle cx="{x(value)}" cy="{y_bar}" r="{radius}" fill="#fff" stroke="{colour}" stroke-width="2"/>')
    if not starts:
        for value in ends:
            cx = x(value)
            out.append(
                f'<path d="M{cx - 5},{y_bar - 5} L{cx + 5},{y_bar + 5} M{cx - 5},{y_bar + 5} L{cx + 5},{y_bar - 5}" '
                f'stroke="{colour}" stroke-width="2.5"/>'
            )
    out.append("</g>")
    return out
