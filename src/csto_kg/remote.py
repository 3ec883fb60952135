"""remote: a SPARQL 1.1 endpoint somewhere else, spoken to over the W3C protocols.

`csto-kg push` writes into it and `csto-kg serve --endpoint` reads from it, so both need the same
small client: SPARQL 1.1 Protocol queries (answers parsed by pyoxigraph into the terms the
embedded store gives, so that code over either store is the same code) and updates posted
directly as `application/sparql-update`.

Credentials never come from the command line (it shows in `ps` and in shell history): a user and
password from `CSTO_KG_ENDPOINT_USER` / `CSTO_KG_ENDPOINT_PASSWORD`, a bearer token from
`CSTO_KG_ENDPOINT_TOKEN`, or else the endpoint's host in a netrc file (`$NETRC`, or ~/.netrc).
The scheme is answered to the server's challenge (Virtuoso's `/sparql-auth` asks for Digest,
most proxies for Basic) unless one is named.

Stores differ in what their default graph is. Oxigraph's is a graph of its own, as in the
embedded store; Virtuoso's is the union of every graph, so there the knowledge graph is pushed
into a named graph and every query names it as its default graph (`default-graph-uri`).
"""

from __future__ import annotations

import json
import netrc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generator, Iterator
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

USER_VARIABLE = "CSTO_KG_ENDPOINT_USER"
PASSWORD_VARIABLE = "CSTO_KG_ENDPOINT_PASSWORD"
TOKEN_VARIABLE = "CSTO_KG_ENDPOINT_TOKEN"
AUTH_SCHEMES = ("auto", "basic", "digest", "bearer", "none")

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class EndpointError(RuntimeError):
    """The endpoint refused or failed a request; the message names the endpoint and says why.
    `status` is what a server relaying the request answers: 503 when the endpoint did not answer
    in time, 400 when it refused the request as bad, 502 for anything else."""

    def __init__(self, message: str, status: int = 502) -> None:
        super().__init__(message)
        self.status = status


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class _Challenged(httpx.Auth):
    """Basic or Digest, whichever the server's first 401 asks for; remembered after that."""

    def __init__(self, user: str, password: str) -> None:
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)
        self.chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("WWW-Authenticate", "").lower()
            self.chosen = self.digest if challenge.startswith("digest") else self.basic
        yield from self.chosen.auth_flow(request)


def credentials_for(url: str, netrc_file: Path | None = None) -> tuple[str, str] | None:
    """(user, password) for `url`: from the environment, else from the netrc file's entry for its
    host (or its `default`), else None."""
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user is not None and password is not None:
        return user, password
    path = netrc_file or Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as error:
        raise EndpointError(f"{path}: cannot read credentials: {error}") from error
    if entry is None:
        return None
    login, _, secret = entry
    return login, secret or ""


def http_auth(url: str, scheme: str = "auto", netrc_file: Path | None = None) -> httpx.Auth | None:
    """The httpx authentication for `url` under `scheme` (one of AUTH_SCHEMES)."""
    if scheme not in AUTH_SCHEMES:
        raise EndpointError(f"--auth {scheme}: use one of {', '.join(AUTH_SCHEMES)}")
    if scheme == "none":
        return None
    token = os.environ.get(TOKEN_VARIABLE)
    if scheme == "bearer" or (scheme == "auto" and token):
        if not token:
            raise EndpointError(f"--auth bearer: set {TOKEN_VARIABLE}")
        return _Bearer(token)
    found = credentials_for(url, netrc_file)
    if found is None:
        if scheme != "auto":
            raise EndpointError(f"--auth {scheme}: set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or give the host a netrc entry")
        return None
    user, password = found
    if scheme == "basic":
        return httpx.BasicAuth(user, password)
    if scheme == "digest":
        return httpx.DigestAuth(user, password)
    return _Challenged(user, password)


@dataclass
class Endpoint:
    """One SPARQL endpoint: `url` answers queries; `update_url` (default: `url`) takes updates.

    `default_graph` names the graph that holds the knowledge graph when the store's own default
    graph is not it (Virtuoso); None: the store's default graph. `timeout` bounds every request,
    in seconds, unless a query says otherwise.
    """

    url: str
    update_url: str | None = None
    default_graph: str | None = None
    auth: httpx.Auth | None = None
    timeout: float = 60.0
    client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(auth=self.auth, timeout=self.timeout, trust_env=False)

    def close(self) -> None:
        self.client.close()

    # -- reading ---------------------------------------------------------------------------------
    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        form: str | None = None,
        timeout: float | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Triple]:
        """Evaluate `query` there, with the answer in pyoxigraph's terms (what `Store.query`
        answers; CONSTRUCT and DESCRIBE as an iterator of triples).

        The dataset is declared only as given: `default_graph` / `named_graphs` become the
        protocol's `default-graph-uri` / `named-graph-uri` (which override the query's FROM), and
        None declares nothing. `Endpoint.default_graph` is not applied here: what a query over
        the knowledge graph must declare depends on the store (`RemoteStore.query`).
        `form` (SELECT, CONSTRUCT, DESCRIBE, ASK) is read off a parse (`syntax.py`) unless the
        caller has parsed the query already; a relative IRI needs `base_iri` written into the
        query, as the protocol has no parameter for it. `timeout` overrides the endpoint's."""
        text = query if base_iri is None else f"BASE <{base_iri}>\n{query}"
        if form is None:
            from csto_kg.server.syntax import parse

            form = parse(text, "query").form
        data: dict[str, str | list[str]] = {"query": text}
        if default_graph:
            data["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs:
            data["named-graph-uri"] = [g.value for g in named_graphs]
        triples = form in ("CONSTRUCT", "DESCRIBE")
        accept = N_TRIPLES if triples else RESULTS_JSON
        # Form-encoded: the protocol's most widely implemented form for queries.
        body = self._send("POST", self.url, timeout, data=data, headers={"Accept": accept}).content
        if triples:
            return iter(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(_usable_blank_nodes(body), format=ox.QueryResultsFormat.JSON)

    # -- writing ---------------------------------------------------------------------------------
    def update(self, update: str) -> None:
        """Run one SPARQL 1.1 Update request (posted directly, UTF-8, not form-encoded: a
        form would triple the size of every Arabic character)."""
        self._send(
            "POST",
            self.update_url or self.url,
            None,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def put_graph(self, graph_store: str, graph: str, ntriples: bytes) -> None:
        """Replace one named graph through the SPARQL 1.1 Graph Store HTTP Protocol."""
        self._send("PUT", graph_store, None, params={"graph": graph}, content=ntriples, headers={"Content-Type": N_TRIPLES})

    def _send(self, method: str, url: str, timeout: float | None, **arguments: object) -> httpx.Response:
        seconds = self.timeout if timeout is None else timeout
        try:
            response = self.client.request(method, url, timeout=seconds, **arguments)  # type: ignore[arg-type]
        except httpx.TimeoutException as error:
            raise EndpointError(f"{url}: no answer within {seconds:g} s", 503) from error
        except httpx.HTTPError as error:
            raise EndpointError(f"{url}: {type(error).__name__}: {error}") from error
        if response.status_code >= 300:
            detail = " ".join(response.text.split())[:500]
            status = 400 if response.status_code == 400 else 502
            raise EndpointError(f"{url}: HTTP {response.status_code}: {detail}", status)
        return response



_NOT_IN_LABEL = re.compile(r"[^A-Za-z0-9_]")


def _usable_blank_nodes(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node label one pyoxigraph accepts: Virtuoso labels
    them `nodeID://b10006`, which is no N-Triples label. Relabelling keeps them distinct and
    stable within the answer, which is all a blank node label means."""
    if b'"bnode"' not in body:
        return body
    document = json.loads(body)

    def fix(term: dict[str, object]) -> None:
        if term.get("type") == "bnode":
            term["value"] = _NOT_IN_LABEL.sub("_", str(term["value"]))
        elif term.get("type") == "triple" and isinstance(term.get("value"), dict):
            for part in term["value"].values():  # type: ignore[union-attr]
                fix(part)

    for binding in document.get("results", {}).get("bindings", ()):
        for term in binding.values():
            fix(term)
    return json.dumps(document).encode("utf-8")
