"""episodes: a state's history with an organization or a treaty as separate, dated episodes.

Uzbekistan signed the Collective Security Treaty in 1992, left it in 1999, returned to the CSTO
in 2006 and suspended its membership in 2012: four episodes, one per change of status, which
must never become one node with four dates, and which two articles about the same episode must
name alike. So an episode's id is made of what identifies it: organization (or treaty), state,
status, and the year it began (or, for an exit, ended) when the text gives one:

    membership/csto--uzbekistan--suspended--2012
    treaty-party/collective-security-treaty--uzbekistan--withdrawn--1999

A text that gives a whole period ("a party from 1993 until it withdrew in 1999") states two
episodes, the joining and the exit, and each gets its own node (the same nodes a signing in 1993
and another article's "withdrew in 1999" make).

Reference data decides the rest, so no rule names a particular state or date:

* a membership stated for a time before the organization existed (`schema:foundingDate`) is its
  founding treaty's (`csto:foundingTreaty`): joining then is acceding to the treaty, leaving then
  is withdrawing from it;
* the states that sign a treaty, or join it, in the year of its first signing
  (`schema:legislationDate`) are its founding signatories (articles misdate the day: 15 or 17 May
  1992), states that sign it in a later year accede to it;
* a membership that starts after the same state's exit from the organization or its treaty, in
  the same article, is a return (restored).
"""

from __future__ import annotations

from csto_kg.extract.gazetteer import Gazetteer
from csto_kg.extract.records import Record

#: Statuses an episode is dated by its end (the exit), not its start.
_DATED_BY_END = frozenset({"withdrawn"})
_TREATY_STATUS = {"member": "acceded", "restored": "acceded", "withdrawn": "withdrawn", "suspended": "withdrawn"}


def name_episodes(records: list[Record], gazetteer: Gazetteer) -> list[Record]:
    """The records with memberships and treaty parties as episodes (see the module docstring)."""
    others = [r for r in records if r.type not in ("Membership", "TreatyParty")]
    episodes: dict[str, Record] = {}
    for record in records:
        for episode in _split_periods(record) if record.type in ("Membership", "TreatyParty") else ():
            if episode.type == "Membership":
                episode = _membership_or_treaty_party(episode, gazetteer)
            _keep(episodes, episode)
    for record in records:
        if record.type == "Signing":
            for party in _signatories(record, gazetteer):
                _keep(episodes, party)
    _mark_returns(list(episodes.values()))
    return others + [_named(record) for record in episodes.values()]


def _keep(episodes: dict[str, Record], record: Record) -> None:
    """Merge a record into the one of the same episode (evidence and dates joined)."""
    key = _named(record).id
    found = episodes.get(key)
    if found is None:
        episodes[key] = record
        return
    for evidence in record.evidence:
        found.add_evidence(evidence)
    for name in ("startDate", "endDate", "asOf"):
        mine, theirs = found.properties.get(name), record.properties.get(name)
        if theirs is not None and (mine is None or (len(theirs.iso) > len(mine.iso) and theirs.iso.startswith(mine.iso))):
            found.properties[name] = theirs  # "1993" and "1993-09-24" name one day: keep the day


def _split_periods(record: Record) -> list[Record]:
    """An exit stated with the start of the membership it ends: the joining and the exit."""
    properties = record.properties
    if properties.get("membershipStatus") not in _DATED_BY_END or properties.get("startDate") is None or properties.get("endDate") is None:
        return [record]
    joined = {k: v for k, v in properties.items() if k not in ("endDate", "membershipStatus")}
    joined["membershipStatus"] = "member" if record.type == "Membership" else "acceded"
    left = {k: v for k, v in properties.items() if k != "startDate"}
    return [Record(record.type, record.id, joined, list(record.evidence)), Record(record.type, record.id, left, list(record.evidence))]


def _membership_or_treaty_party(record: Record, gazetteer: Gazetteer) -> Record:
    """A membership dated in a year before its organization was founded becomes a treaty party
    episode. The founding year is the founders' own: the organization was decided in May 2002
    and founded by its charter in October; "members since 14 May 2002" are its founders."""
    organization = gazetteer.by_id(record.properties["organization"])
    if organization is None:
        return record
    founded, treaty = organization.links.get("foundingDate"), organization.links.get("foundingTreaty")
    date = record.properties.get("startDate") or record.properties.get("endDate")
    if founded is None or treaty is None or date is None or not _before(date.iso[:4], founded[:4]):
        return record
    status = _TREATY_STATUS.get(record.properties["membershipStatus"], record.properties["membershipStatus"])
    first_signed = getattr(gazetteer.by_id(treaty), "links", {}).get("legislationDate")
    if status == "acceded" and first_signed is not None and date.iso[:4] == first_signed[:4]:
        status = "founding_signatory"
    properties = {"party": record.properties["member"], "treaty": treaty, "membershipStatus": status}
    for name in ("startDate", "endDate"):
        if record.properties.get(name) is not None:
            properties[name] = record.properties[name]
    return Record("TreatyParty", record.id, properties, list(record.evidence))


def _signatories(signing: Record, gazetteer: Gazetteer) -> list[Record]:
    """Each state that signs a treaty: a founding signatory on its first signing date, else an
    accession. A signing with no date says neither, and a document that is no treaty nothing."""
    document = gazetteer.by_id(signing.properties.get("signedDocument", ""))
    date = signing.properties.get("startDate")
    if document is None or document.kind != "Treaty" or date is None or "legislationDate" not in document.links:
        return []
    first = document.links["legislationDate"]
    if date.iso[:4] < first[:4]:
        return []
    status = "founding_signatory" if date.iso[:4] == first[:4] else "acceded"
    return [
        Record("TreatyParty", "", {"party": state, "treaty": document.id, "membershipStatus": status, "startDate": date}, list(signing.evidence))
        for state in signing.properties.get("signatory", [])
    ]


def _mark_returns(episodes: list[Record]) -> None:
    """A membership that starts after the same state's exit (from the organization or from its
    founding treaty, which the organization continues) is a return."""
    exits = {}
    for record in episodes:
        state = record.properties.get("member") or record.properties.get("party")
        end = record.properties.get("endDate")
        if record.properties.get("membershipStatus") == "withdrawn" and end is not None:
            exits.setdefault(state, []).append(end.iso)
    for record in episodes:
        start = record.properties.get("startDate")
        if record.type != "Membership" or record.properties.get("membershipStatus") != "member" or start is None:
            continue
        if any(not _before(start.iso, end) and start.iso[:4] > end[:4] for end in exits.get(record.properties["member"], [])):
            record.properties["membershipStatus"] = "restored"


def _named(record: Record) -> Record:
    """The record under its episode id."""
    properties = record.properties
    status = properties["membershipStatus"]
    if record.type == "TreatyParty":
        kind, whole, member = "treaty-party", properties["treaty"], properties["party"]
    else:
        kind, whole, member = "membership", properties["organization"], properties["member"]
    date = properties.get("endDate") if status in _DATED_BY_END else properties.get("startDate")
    year = f"--{date.iso[:4]}" if date is not None else ""
    # A return is a membership: articles that know of the earlier exit say "restored", others
    # "member", and both name the same episode (reconcile.yaml prefers "restored").
    named = "member" if status == "restored" else status
    record.id = f"{kind}/{_local(whole)}--{_local(member)}--{named}{year}"
    return record


def _local(entity_id: str) -> str:
    return entity_id.rsplit("/", 1)[-1]


def _before(iso: str, other: str) -> bool:
    """Whether one ISO date (any precision) is wholly before another: "1999" < "2002-10-07"."""
    common = min(len(iso), len(other))
    return iso[:common] < other[:common]
