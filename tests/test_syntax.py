"""The SPARQL parser that stands between a request and the engine (server/syntax.py).

It must read a query the way pyoxigraph does: where pyoxigraph sees SERVICE, so must we; where
we accept a query, pyoxigraph must read the same tokens. These tests compare the two on queries
built to confuse a scanner, and check the limits that keep a request from crashing a worker.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from csto_kg.server.syntax import MAX_NESTING, SparqlSyntaxError, TooDeep, parse

BASE = "http://example.org/"


def oxigraph_accepts(text: str, kind: str = "query") -> bool:
    """pyoxigraph's verdict on an empty store (no SERVICE or LOAD in these texts)."""
    store = ox.Store()
    try:
        if kind == "query":
            store.query(text, base_iri=BASE)
        else:
            store.update(text, base_iri=BASE)
    except SyntaxError:
        return False
    except RuntimeError:  # parsed, then refused at evaluation (an unknown function)
        return True
    return True


def test_from_and_service_are_read_as_keywords_and_only_as_keywords() -> None:
    assert parse("SELECT * FROM <http://g> { ?s ?p ?o }").uses("FROM")
    assert parse("select * from named <http://g> {}").uses("FROM")
    assert parse("CONSTRUCT{?s ?p ?o}FROM<http://g>WHERE{?s ?p ?o}").uses("FROM")
    assert parse("SELECT * { SERVICE <http://x> { ?s ?p ?o } }").uses("SERVICE")
    quiet = """
        PREFIX from: <http://example.org/from#>   # FROM in a comment, SERVICE too
        PREFIX ex: <http://example.org/>
        SELECT ?from ?service $FROM WHERE {
          ?s from:x ex:FROM ; ex:a.SERVICE 'FROM' ; ex:b "it's \\" SERVICE" ; ex:c '''FROM''' .
          ?s <http://example.org/FROM> ?service_from .
        }"""
    parsed = parse(quiet)
    assert not parsed.uses("FROM") and not parsed.uses("SERVICE")
    assert oxigraph_accepts(quiet)


# A scanner takes `<2)SERVICE#>` for an IRI; the engine reads an operator, a number and a keyword.
HIDDEN = [
    "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(?a<?b)SERVICE#>\n<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z FILTER(STR(?x)<\"b\")SERVICE<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(1<=2)SERVICE#>\n<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", HIDDEN)
def test_service_hidden_behind_a_less_than_is_found(query: str) -> None:
    assert parse(query).uses("SERVICE")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b&&?c>?d) }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?n<10&&?n>5) }",
        "SELECT * { <a> <b> <c> FILTER(STR(?a)<?b&&?c>?d) }",
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s <http://f>(?o)",
        "SELECT * WHERE { ?s <p>/<q>* ?o ; ^<r>|!(<a>|^<b>) ?z }",
        "SELECT * WHERE { ?s ?p ?o } VALUES (?s ?o) { (<a> 1) (UNDEF \"x\"@en) }",
        "ASK { ?s ?p 1.5e3, -2, +3.0, .5 }",
        "SELECT * { ?s ?p '''a''b''' , \"\"\"x\"y\"\"\" , 'c\\'d' , \"e\\u0041\" }",
        "SELECT * { ?s ?p ( 1 2 [ <p> 3 ] ) . [] <q> _:b1 . }",
        "SELECT ?x { ?x ?p ?o FILTER(?x IN (1,2) && ?x NOT IN (3)) }",
        "PREFIX ex: <http://e/> SELECT * { ?s ?p ex:a.b. }",
        "SELECT (GROUP_CONCAT(?o; SEPARATOR=\", \") AS ?g) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)",
        "SELECT * { ?s ?p ?o } # a comment ending in CR\r\n",
        "SELECT * { ?s ?p ?o FILTER(?o > -1) FILTER(?o-1 > 0) FILTER(?o+1 > 0) }",
        "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 1 } } OFFSET 1",
    ],
)
def test_queries_the_engine_accepts_parse_the_same(query: str) -> None:
    parse(query)
    assert oxigraph_accepts(query)


@pytest.mark.parametrize("query", ["SELECT * {?s ?p ?o}}", "SELECT * {?s ?p ?o", "SELEC * {}", "", "SELECT * { \\u0053ERVICE <http://x> {} }"])
def test_what_the_engine_refuses_is_refused_with_a_place(query: str) -> None:
    with pytest.raises(SparqlSyntaxError):
        parse(query)
    assert not oxigraph_accepts(query)


@pytest.mark.parametrize(
    "nested",
    [
        lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
        lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
        lambda n: "SELECT * WHERE { " + "OPTIONAL { " * n + "?s ?p ?o" + "}" * n + "}",
        lambda n: "SELECT * WHERE { ?s ?p " + "[ ?p " * n + "1" + "]" * n + " }",
        lambda n: "SELECT * WHERE { " + "FILTER EXISTS { " * n + "?s ?p ?o" + "}" * n + "}",
        lambda n: "SELECT * WHERE { FILTER(" + "(" * n,  # unclosed
    ],
)
def test_nesting_past_the_limit_is_refused_before_the_engine_sees_it(nested) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TooDeep):
        parse(nested(100_000))
    with pytest.raises(TooDeep):
        parse(nested(MAX_NESTING + 1))


def test_nesting_within_the_limit_parses() -> None:
    parse("SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }")
    parse("SELECT * WHERE { " + "OPTIONAL { " * 100 + "?s ?p ?o" + "}" * 100 + "}")


def test_updates_show_load_using_and_with() -> None:
    assert parse("LOAD <http://127.0.0.1:9/x> INTO GRAPH <g>", "update").uses("LOAD")
    assert parse("WITH <g> DELETE { ?s ?p ?o } USING <h> WHERE { }", "update").uses("WITH")
    assert not parse("INSERT DATA { <s> <p> 'USING' }", "update").uses("USING")
    assert parse("CLEAR GRAPH <g>; DROP SILENT ALL; CREATE GRAPH <x>; ADD <a> TO DEFAULT;", "update").uses("CLEAR")


def test_a_long_run_of_dots_after_a_name_is_one_name_then_dots() -> None:
    """The trailing dots are given back in one step (taking them one by one was quadratic)."""
    with pytest.raises(SparqlSyntaxError, match="unexpected '.'"):
        parse("PREFIX ex: <http://e/> SELECT * { ?s ?p ex:a" + "." * 200_000 + " }")
