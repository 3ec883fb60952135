"""map: one Mention per way an article writes an entity; every spelling is a surface form."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from csto_kg.config import Config
from csto_kg.extract.facts import extract
from csto_kg.mapping import RulesStore, map_extraction
from csto_kg.pipeline import background_quads
from tests.test_patterns import write_article

CSTO = "https://w3id.org/csto-kg/ontology#"
OA = "http://www.w3.org/ns/oa#"
RUSSIA = "https://w3id.org/csto-kg/id/state/russia"

# Russia three times: twice as روسيا, once as روسيا الاتحادية (two spellings).
TEXT = (
    "قالت روسيا إنها ستشارك في القمة. وأكدت روسيا الاتحادية أن موسكو تدعم المنظمة،"
    " فيما ذكرت روسيا أن الاجتماع سيعقد في الخريف."
)


def test_an_entity_gets_one_mention_per_spelling_at_its_first_place(tmp_path: Path) -> None:
    article = write_article(tmp_path, TEXT)
    extraction = extract(article)
    written = [r.evidence[0] for r in extraction.records if r.type == "Mention" and r.properties["refersTo"] == "state/russia"]
    assert len(written) == 3 and len({e.exact for e in written}) == 2  # the extractor finds all three

    config = Config()
    quads = map_extraction(extraction, config, RulesStore(background_quads(config)))
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    rows = store.query(f"""SELECT ?start ?exact WHERE {{
        ?mention a <{CSTO}Mention> ; <{CSTO}refersTo> <{RUSSIA}> ;
                 <{OA}hasSelector> [ <{OA}start> ?start ] , [ <{OA}exact> ?exact ] }}""")
    published = sorted((int(row["start"].value), row["exact"].value) for row in rows)  # type: ignore[union-attr]
    first = {}
    for evidence in sorted(written, key=lambda e: e.start):
        first.setdefault(evidence.exact, evidence.start)
    assert published == sorted((start, exact) for exact, start in first.items())
    forms = [q.object.value for q in quads if q.subject.value == RUSSIA and q.predicate.value == CSTO + "surfaceForm"]
    assert forms == [exact for exact, _ in sorted(first.items(), key=lambda item: item[1])]
