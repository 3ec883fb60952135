"""The vocabularies the graph uses, named once (the IRIs end in '#' or '/', so `CSTO + "State"`).

Every module that writes or reads terms takes them from here; `PREFIXES` is what dumps and
queries abbreviate them with.
"""

from __future__ import annotations

from csto_kg.config import ONTOLOGY_NS

CSTO = ONTOLOGY_NS
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
DCAT = "http://www.w3.org/ns/dcat#"

PREFIXES = {
    "csto": CSTO,
    "org": ORG,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "void": VOID,
}
