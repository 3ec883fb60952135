"""Compacted JSON-LD for a whole dump, at close to serializer speed.

PyLD builds the expanded document in memory and compacts it node by node in pure Python (about
20 s for 18k triples), and pyoxigraph's own writer is fast but only writes expanded IRIs. This
module does what JSON-LD 1.1 compaction (with `compactArrays`) does for the kind of context the
project publishes -- `@vocab`, prefixes, keyword aliases and terms carrying `@id`, `@type` (a
datatype, `@id`, or `@vocab` with a property-scoped `@context`) or `@language` -- and refuses any
other context feature with a `ValueError` naming it, rather than write a document that would read
back as other triples.

Where the time goes, and why it is little:

* pyoxigraph turns the triples into N-Triples (in Rust, a chunk at a time; a dump reads the
  N-Triples file it has just written instead) and each line is only
  sliced, never parsed: IRIs and blank node labels hold no character JSON must escape, and the
  escapes N-Triples writes in a literal (`\\"`, `\\\\`, `\\n`, ..., `\\u0000`) are all JSON
  escapes, so a literal's quoted form goes into the output as is.
* How a triple is written depends on its predicate and on its literal's language or datatype,
  or for an IRI object on the predicate and the object alone; both are computed once and cached,
  so a line costs a few slices and dict lookups. Each becomes a node entry (`,"key":value`),
  ready to be joined.
* The lines are sorted (by sort(1) for a dump's file), so each subject's lines come together and
  in the document's order: one node is held at a time, and nodes are joined in batches with the
  work per node mapped in C.

The output matches PyLD's compaction of the same triples (`jsonld.from_rdf` then `compact`) but
for one deliberate departure: RDF lists stay `rdf:first`/`rdf:rest` triples instead of becoming
`@list`, as one node per subject is what keeps this a single pass. Like PyLD, it never writes a
plain string under a term typed `xsd:string` (such as the context's "exact"): such a term only
fits values typed xsd:string explicitly, which RDF 1.1 makes the same as plain strings.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, repeat
from json.encoder import encode_basestring
from operator import methodcaller
from typing import Any, BinaryIO

import pyoxigraph as ox


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# Context keys this compactor understands; anything else changes compaction in ways it would
# not reproduce, so it is refused.
_CONTEXT_KEYWORDS = {"@version", "@vocab", "@protected"}
_TERM_KEYWORDS = {"@id", "@type", "@language", "@context", "@prefix", "@protected"}
_ALIASABLE = ("@id", "@type", "@value", "@language")
_GEN_DELIMS = tuple(":/?#[]@")
# Triples are handed to pyoxigraph this many at a time: big enough that the per-call cost
# vanishes, small enough that one chunk's
# lines are freed and their memory reused by the next (65,536 at a time made the first dump of a
# process ~20% slower, spent taking fresh memory from the system).
_CHUNK = 4096

# Nodes are written this many at a time: one `write` per node costs more than the join.
_BATCH = 1024
# Memoised object entries kept before the memos start afresh (see `Compactor._forget_if_big`).
_MEMO_SIZE = 1 << 18


@dataclass(frozen=True)
class _Term:
    """One term definition, reduced to what compaction reads."""

    name: str
    iri: str
    type: str | None = None  # "@id", "@vocab", a datatype IRI, or None
    language: str | None = None  # lower-cased; None with has_language means "@language": null
    has_language: bool = False
    prefix: bool = False
    scoped: dict[str, Any] | None = None

    def matches(self, slot: str, preference: str) -> bool:
        """Whether the term sits under `preference` in the inverse context's `slot` map.

        Mirrors JSON-LD inverse context creation: typed terms are found by their type,
        language terms by their language (`@null` for an explicit null) and terms with neither
        by `@none` in both maps (no default language is allowed, so that is its only key).
        """
        if self.type is not None:
            return slot == "@type" and preference == self.type
        if self.has_language:
            return slot == "@language" and preference == (self.language or "@null")
        return preference == "@none"


class _Context:
    """An active context: term definitions plus the lookups compaction makes against them."""

    def __init__(self, local: dict[str, Any], parent: _Context | None = None) -> None:
        if not isinstance(local, dict):
            raise ValueError("the JSON-LD context must be a single object (arrays and remote contexts are not supported)")
        self.vocab: str | None = parent.vocab if parent else None
        self.terms: dict[str, _Term | None] = dict(parent.terms) if parent else {}
        for key, value in local.items():
            if not key.startswith("@"):
                continue
            if key not in _CONTEXT_KEYWORDS:
                raise ValueError(f"context keyword {key!r} is not supported by the JSON-LD compactor")
            if key == "@version" and value != 1.1:
                raise ValueError(f"context '@version' must be 1.1, not {value!r}")
            if key == "@vocab":
                if value is not None and (not isinstance(value, str) or ":" not in value or value.split(":", 1)[0] in local):
                    raise ValueError(f"context '@vocab' must be an absolute IRI, not {value!r}")
                self.vocab = value
        self._define_all(local)
        self.by_iri: dict[str, list[_Term]] = {}
        for term in sorted((t for t in self.terms.values() if t is not None), key=lambda t: (len(t.name), t.name)):
            self.by_iri.setdefault(term.iri, []).append(term)
        self.aliases = {keyword: self.by_iri[keyword][0].name if keyword in self.by_iri else keyword for keyword in _ALIASABLE}
        self.prefixes = [t for t in self.terms.values() if t is not None and t.prefix and ":" not in t.name]
        self.prefix_iris = tuple(t.iri for t in self.prefixes)
        # Only this level's own terms: an inherited scoped term's values are never compacted
        # inside another term's scope (values typed @vocab are strings, not nodes).
        local_terms = (self.terms[name] for name in local if not name.startswith("@"))
        self.scoped = {t.name: _Context(t.scoped, self) for t in local_terms if t is not None and t.scoped is not None}

    def _define_all(self, local: dict[str, Any]) -> None:
        """Create the local term definitions, each after the terms its IRIs are written with."""
        pending = {name for name in local if not name.startswith("@")}
        defining: set[str] = set()

        def define(name: str) -> None:
            if name not in pending:
                return
            if name in defining:
                raise ValueError(f"term {name!r}: its IRI mapping is cyclic")
            defining.add(name)
            self.terms[name] = self._definition(name, local[name], expand, self.vocab)
            defining.discard(name)
            pending.discard(name)

        def expand(value: str, term: str) -> str:
            """IRI expansion as in context processing: keyword, term, compact IRI, absolute, vocab."""
            if value.startswith("@"):
                return value
            if ":" not in value:
                define(value)
                if value in self.terms:
                    found = self.terms[value]
                    if found is None:
                        raise ValueError(f"term {term!r}: {value!r} is a null term")
                    return found.iri
                if self.vocab is None:
                    raise ValueError(f"term {term!r}: {value!r} is not an IRI and the context has no @vocab")
                return self.vocab + value
            prefix, suffix = value.split(":", 1)
            if prefix == "_":
                raise ValueError(f"term {term!r}: blank node identifiers as term IRIs are not supported")
            if suffix.startswith("//"):
                return value
            define(prefix)
            found = self.terms.get(prefix)
            return found.iri + suffix if found is not None and found.prefix else value

        for name in list(pending):
            define(name)

    @staticmethod
    def _definition(name: str, raw: Any, expand: Callable[[str, str], str], vocab: str | None) -> _Term | None:
        """One term definition (None for a null term), refusing what compaction here would get
        wrong: containers, reverse and nested properties, @json/@none types, base directions,
        and scoped contexts anywhere but on a term typed @vocab."""
        if name.startswith("@"):
            raise ValueError(f"term {name!r}: keyword-like terms are not supported")
        if raw is None:
            return None
        if isinstance(raw, str):
            iri = expand(raw, name)
            if iri.startswith("@") and iri not in _ALIASABLE:
                raise ValueError(f"term {name!r}: aliasing {iri} is not supported by the JSON-LD compactor")
            simple_prefix = ":" not in name and "/" not in name and iri.endswith(_GEN_DELIMS)
            return _Term(name, iri, prefix=simple_prefix)
        if not isinstance(raw, dict):
            raise ValueError(f"term {name!r}: definition must be a string, null or an object")
        for key in raw:
            if key not in _TERM_KEYWORDS:
                raise ValueError(f"term {name!r} uses {key}, which the JSON-LD compactor does not support")
        if "@id" in raw:
            if raw["@id"] is None:
                return None
            iri = expand(raw["@id"], name)
        elif ":" in name:
            iri = expand(name, name)
        elif vocab is not None:
            iri = vocab + name
        else:
            raise ValueError(f"term {name!r} has no @id and the context has no @vocab")
        if iri.startswith("@"):
            raise ValueError(f"term {name!r}: expanded keyword aliases are not supported by the JSON-LD compactor")
        kind = raw.get("@type")
        if kind is not None:
            if not isinstance(kind, str) or (kind.startswith("@") and kind not in ("@id", "@vocab")):
                raise ValueError(f"term {name!r} uses '@type': {kind!r}, which the JSON-LD compactor does not support")
            if not kind.startswith("@"):
                kind = expand(kind, name)
        language = raw.get("@language")
        if "@language" in raw and kind is not None:
            raise ValueError(f"term {name!r} has both @type and @language")
        if language is not None and not isinstance(language, str):
            raise ValueError(f"term {name!r}: @language must be a string or null")
        scoped = raw.get("@context")
        if scoped is not None and kind != "@vocab":
            # A context on an @id or untyped term could act as a type-scoped context for the
            # nodes whose types compact to it; only values typed @vocab are plain strings.
            raise ValueError(f"term {name!r}: a scoped @context is only supported on terms with '@type': '@vocab'")
        prefix = raw.get("@prefix", False)
        if prefix and (":" in name or "/" in name):
            raise ValueError(f"term {name!r}: a term with ':' or '/' cannot be a prefix")
        return _Term(
            name,
            iri,
            type=kind,
            language=language.lower() if isinstance(language, str) else None,
            has_language="@language" in raw,
            prefix=bool(prefix),
            scoped=scoped,
        )

    def select(self, iri: str, slot: str, preferences: tuple[str, ...]) -> _Term | None:
        """JSON-LD term selection: the first preference any term serves, shortest term first."""
        terms = self.by_iri.get(iri)
        if terms:
            for preference in preferences:
                for term in terms:
                    if term.matches(slot, preference):
                        return term
        return None

    def compact_iri(self, iri: str, *, vocab: bool) -> str:
        """IRI compaction of an IRI with no value attached (an id, a type, a datatype)."""
        if iri.startswith("_:"):
            return iri
        if vocab:
            term = self.select(iri, "@type", ("@id", "@none"))
            if term is not None:
                return term.name
        return self.unselected(iri, vocab=vocab, null_value=True)

    def unselected(self, iri: str, *, vocab: bool, null_value: bool) -> str:
        """IRI compaction once no term fits: vocab-relative, else compact IRI, else absolute.

        Two guards PyLD lacks keep the result reading back as the same IRI: a vocab-relative
        name must not contain ':' or start with '@', and a compact IRI's suffix must not start
        with '//' (expansion would take either for something else).
        """
        if vocab and self.vocab and iri.startswith(self.vocab):
            suffix = iri[len(self.vocab) :]
            if suffix and suffix not in self.terms and ":" not in suffix and not suffix.startswith("@"):
                return suffix
        best: str | None = None
        for term in self.prefixes if iri.startswith(self.prefix_iris) else ():
            if iri == term.iri or not iri.startswith(term.iri):
                continue
            suffix = iri[len(term.iri) :]
            if suffix.startswith("//"):
                continue
            candidate = f"{term.name}:{suffix}"
            if candidate in self.terms:
                clash = self.terms[candidate]
                if not (null_value and clash is not None and clash.iri == iri):
                    continue
            if best is None or (len(candidate), candidate) < (len(best), best):
                best = candidate
        if best is not None:
            return best
        scheme, _, rest = iri.partition(":")
        clash = self.terms.get(scheme)
        if clash is not None and clash.prefix and not rest.startswith("//"):
            raise ValueError(f"IRI {iri!r} would read back as a compact IRI using the prefix {scheme!r}")
        if vocab and iri in self.terms:
            raise ValueError(f"IRI {iri!r} is also the name of a term, so it cannot be written as a key or @vocab value")
        return iri


def _json(value: str) -> bytes:
    """A JSON string, non-ASCII kept (the C encoder json.dumps(ensure_ascii=False) uses)."""
    return encode_basestring(value).encode("utf-8")


def _token_iri(token: bytes) -> str:
    """The IRI or blank node id ('_:x') of an N-Triples subject, predicate or object token,
    which may still carry the space (and for an object the ' .') after it."""
    token = token.rstrip(b" .")
    if token[0] == 60:  # '<'
        if token[1] == 60:
            raise ValueError("triple terms (RDF 1.2) cannot be written as JSON-LD")
        return token[1:-1].decode("utf-8")
    return token.decode("utf-8")


# How the IRI and blank node objects of one predicate are written: the key (as the bytes that
# introduce it in a node, ',"key":') and the function giving an object token's JSON value.
_Rule = tuple[bytes, Callable[[bytes], bytes]]


class Compactor:
    """Writes triples as one JSON-LD document compacted with a fixed context.

    Built once from the context (the value of "@context"), which it checks up front. The output
    is `{"@context": <context>, "@graph": [...]}` with one node per subject, subjects sorted by
    their N-Triples form, "id" and "type" first, then the other keys sorted, values sorted and a
    single value not wrapped in an array: the same triples give the same bytes whatever their
    order or repetition.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self._context = _Context(context)
        self._context_json = json.dumps(context, ensure_ascii=False, indent=1).encode("utf-8")
        self._id_key = b"{" + _json(self._context.aliases["@id"]) + b":"
        self._type_key = b"," + _json(self._context.aliases["@type"]) + b":"
        # An id token not starting with one of these compacts to itself: no prefix can shorten
        # it, and its scheme is not a prefix it could be mistaken for.
        self._compactable = (b"<<", *(b"<" + t.iri.encode() for t in self._context.prefixes), *(b"<" + t.name.encode() + b":" for t in self._context.prefixes))
        # (key, what goes before the quoted lexical form -- the key included --, what goes after)
        self._literal_rules: dict[tuple[bytes, bytes], tuple[bytes, bytes, bytes]] = {}
        self._predicate_rules: dict[bytes, tuple[_Rule, _Rule | None]] = {}
        self._compactors: dict[tuple[int, str], Callable[[bytes], bytes]] = {}
        # (key, entry) by the line after its subject, for IRI and blank node objects, and the
        # compacted IRIs by token: bounded while writing (`_forget_if_big`), emptied after.
        self._references: dict[bytes, tuple[bytes, bytes]] = {}
        self._memos: list[dict[bytes, bytes]] = []

    def write(self, triples: Iterable[ox.Triple], out: BinaryIO) -> int:
        """Write the document for `triples` to `out`; returns how many distinct triples it holds."""
        iterator = iter(triples)
        chunks = iter(lambda: list(islice(iterator, _CHUNK)), [])
        return self.write_ntriples((ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) for chunk in chunks), out)

    def write_ntriples(self, blocks: Iterable[bytes], out: BinaryIO) -> int:
        """Write the document for the triples of N-Triples text as pyoxigraph writes it, in
        `blocks` of whole lines, in any order: the lines are sorted in memory first. A file too
        big for that is sorted on disk (`linefiles.sort_lines`) and given to
        `write_sorted_ntriples`. Returns how many distinct triples the document holds."""
        lines = [line + b"\n" for block in blocks for line in block.split(b"\n")[:-1]]
        lines.sort()
        return self.write_sorted_ntriples([b"".join(lines)], out)

    def write_sorted_ntriples(self, blocks: Iterable[bytes], out: BinaryIO) -> int:
        """`write_ntriples` for lines sorted byte-wise, as sort(1) with the C collation leaves
        them: each subject's lines are then together, subjects in the order the document lists
        them, so one subject is held at a time however big the dump (100k articles: ~5M
        triples). Raises ValueError on a subject that comes back after another one."""
        self.write_head(out)
        written = self.write_nodes(blocks, out)
        self.write_tail(out)
        return written

    def write_head(self, out: BinaryIO) -> None:
        """The document's start: its context, then the opening of its graph."""
        out.write(b'{"@context": ' + self._context_json + b',\n"@graph": [\n')

    @staticmethod
    def write_tail(out: BinaryIO) -> None:
        out.write(b"\n]}\n")

    def write_nodes(self, blocks: Iterable[bytes], out: BinaryIO) -> int:
        """The graph's nodes for sorted lines (see `write_sorted_ntriples`), separated by a comma
        and a newline, with nothing before the first or after the last: the nodes of consecutive
        runs of subjects, written apart (by several processes), join so into the same bytes.
        Returns how many distinct triples they hold."""
        # Entries are allocated and dropped by the million, none in a cycle: reference counting
        # frees them, and a full collection would only walk the memos.
        collecting = gc.isenabled()
        gc.disable()
        try:
            written = 0
            separator = b""
            heads: list[bytes] = []
            nodes: list[dict[bytes, bytes]] = []
            for head, entries, repeated in self._subjects(blocks):
                if repeated:
                    written += self._merge(entries, repeated)
                heads.append(head)
                nodes.append(entries)
                if len(heads) == _BATCH:
                    written += self._write_batch(heads, nodes, separator, out)
                    separator = b",\n"
                    heads, nodes = [], []
                    self._forget_if_big()
            if heads:
                written += self._write_batch(heads, nodes, separator, out)
        finally:
            if collecting:
                gc.enable()
            self._forget()
        return written

    def _write_batch(self, heads: list[bytes], nodes: list[dict[bytes, bytes]], separator: bytes, out: BinaryIO) -> int:
        """Write a batch of nodes, each step mapped over the whole batch so the work per node
        runs in C (nodes outnumber any other unit but triples); returns their entries."""
        types = list(map(methodcaller("pop", self._type_key, b""), nodes))
        # An entry starts with its key, which ends in '":', so entries sort as keys do.
        bodies = map(b"".join, map(sorted, map(dict.values, nodes)))
        parts = zip(repeat(self._id_key), map(self._id, heads), types, bodies, repeat(b"}"))
        out.write(separator + b",\n".join(map(b"".join, parts)))
        return sum(map(len, nodes)) + sum(1 for t in types if t)

    def _subjects(self, blocks: Iterable[bytes]) -> Iterator[tuple[bytes, dict[bytes, bytes], dict[bytes, list[bytes]]]]:
        """Each subject of sorted N-Triples lines with its entries (',"key":value') by key: the
        first entry of each key, and all the entries of each key that has several (kept apart
        so that every other triple is spared a list). A subject is keyed by its token and the
        space after it (the line's start), which sorts as the token does.

        Each line is looked at once, while its block is fresh: a line continuing the current
        subject costs a `startswith`, an IRI object a lookup of the rest of the line, a literal a
        lookup of its predicate and annotation and two concatenations.
        """
        references = self._references
        literal_rules = self._literal_rules
        entries: dict[bytes, bytes] = {}
        repeated: dict[bytes, list[bytes]] = {}
        head = b"\n"  # no line starts with it: the first line opens a subject
        start = 0
        for block in blocks:
            lines = block.split(b"\n")
            lines.pop()  # after the last line's newline
            for line in lines:
                if not line.startswith(head):
                    if entries:
                        yield head, entries, repeated
                    start = line.index(b" ") + 1
                    if line[:start] < head and head != b"\n":
                        raise ValueError(f"N-Triples lines not sorted: {line[:start - 1].decode(errors='replace')} after {head[:-1].decode(errors='replace')}")
                    head = line[:start]
                    entries, repeated = {}, {}
                quote = line.find(b'"', start)
                if quote < 0:  # an IRI or blank node: IRIs and blank node labels have no '"'
                    pair = references.get(line[start:])
                    if pair is None:
                        pair = self._reference(line[start:])
                    key, entry = pair
                else:  # a literal: its quoted N-Triples form is a valid JSON string as is
                    end = line.rindex(b'"') + 1
                    rule = literal_rules.get((line[start:quote], line[end:]))
                    if rule is None:
                        rule = self._literal_rule(line[start:quote], line[end:])
                    key, before, after = rule
                    entry = before + line[quote:end] + after
                # The same object back is the same triple again (references are memoised).
                if entries.setdefault(key, entry) is not entry:
                    found = repeated.get(key)
                    if found is None:
                        repeated[key] = [entries[key], entry]
                    else:
                        found.append(entry)
        if entries:
            yield head, entries, repeated

    @staticmethod
    def _merge(entries: dict[bytes, bytes], repeated: dict[bytes, list[bytes]]) -> int:
        """Replace the entries of keys with several values by one entry holding a sorted array,
        dropping duplicate triples (within a key, different objects always give different JSON
        values); returns how many values beyond one per key remain."""
        added = 0
        for key, found in repeated.items():
            unique = sorted(set(found))
            added += len(unique) - 1
            # ',"key":' cannot occur inside a value (a '"' in a JSON string is escaped, and the
            # keys inside value objects are keywords or their aliases, never property keys),
            # so in the joined entries it only ever starts one.
            joined = b"".join(unique)[len(key) :].replace(key, b",")
            entries[key] = key + (joined if len(unique) == 1 else b"[" + joined + b"]")
        return added

    def _forget_if_big(self) -> None:
        """Drop the memoised entries and ids once they are many: a dump's objects are mostly
        distinct, so a memo as big as the dump would buy little and hold it all in memory."""
        if len(self._references) > _MEMO_SIZE:
            self._forget()

    def _forget(self) -> None:
        self._references.clear()
        for memo in self._memos:
            memo.clear()

    def _id(self, token: bytes) -> bytes:
        """A subject or object token (with the space after it) as a JSON id string, compacted
        as a document-relative IRI."""
        if token.startswith(self._compactable):
            return _json(self._context.compact_iri(_token_iri(token), vocab=False))
        # IRIs and blank node labels hold no character JSON must escape.
        return b'"' + token[1:-2] + b'"' if token[0] == 60 else b'"' + token[:-1] + b'"'

    def _literal_rule(self, predicate: bytes, annotation: bytes) -> tuple[bytes, bytes, bytes]:
        """Key, what goes before the quoted lexical form (the key included) and what goes after
        it, for literals of `predicate` (its token and the space after it) carrying
        `annotation` (what follows the closing quote: '', '@lang' or '^^<datatype>', and ' .')."""
        if b" " in predicate[:-1]:  # the quote found was inside a triple term's literal
            raise ValueError("triple terms (RDF 1.2) cannot be written as JSON-LD")
        context = self._context
        iri = _token_iri(predicate)
        tag = annotation.removesuffix(b" .")
        if tag.startswith(b"@"):
            language = tag[1:].decode("ascii").lower()
            if "--" in language:
                raise ValueError(f"literal with a base direction ({language}) cannot be written by the JSON-LD compactor")
            term = context.select(iri, "@language", (language, "@none"))
            plain = term is not None and term.has_language
            wrapper = (context.aliases["@language"], language)
        elif tag.startswith(b"^^<") and tag != b"^^<" + XSD_STRING.encode() + b">":
            datatype = tag[3:-1].decode("utf-8")
            term = context.select(iri, "@type", (datatype, "@none"))
            plain = term is not None and term.type == datatype
            wrapper = (context.aliases["@type"], context.compact_iri(datatype, vocab=True))
        elif tag in (b"", b"^^<" + XSD_STRING.encode() + b">"):
            # A plain string goes under a term with a null language or none at all, as in
            # JSON-LD (whose RDF conversion drops xsd:string), never under one typed
            # xsd:string: readers such as rdflib would make that a literal typed xsd:string,
            # unequal to the same plain literal read from the other dumps.
            term = context.select(iri, "@language", ("@null", "@none"))
            plain = True
        else:
            raise ValueError(f"unexpected literal annotation {tag!r}")
        key = b"," + _json(term.name if term is not None else context.unselected(iri, vocab=True, null_value=False)) + b":"
        if plain:
            rule = (key, key, b"")
        else:
            opening = b"{" + _json(wrapper[0]) + b":" + _json(wrapper[1]) + b","
            rule = (key, key + opening + _json(context.aliases["@value"]) + b":", b"}")
        self._literal_rules[(predicate, annotation)] = rule
        return rule

    def _reference(self, rest: bytes) -> tuple[bytes, bytes]:
        """Key and entry for an IRI or blank node object; `rest` is the line after the subject."""
        predicate, obj = rest.split(b" ", 1)
        obj = obj[:-1]  # the token and its space, as subjects are kept
        rules = self._predicate_rules.get(predicate) or self._predicate_rule(predicate)
        key, compact = rules[0]
        if rules[1] is not None:
            # JSON-LD prefers an @vocab term for objects that compact to a term, else an @id one.
            target = _token_iri(obj)
            found = self._context.terms.get(self._context.compact_iri(target, vocab=True))
            if found is not None and found.iri == target:
                key, compact = rules[1]
        pair = self._references[rest] = (key, key + compact(obj))
        return pair

    def _predicate_rule(self, predicate: bytes) -> tuple[_Rule, _Rule | None]:
        """How IRI and blank node objects of `predicate` are written, and how those that
        compact to a term are if that differs (the predicate has both an @id and an @vocab
        term)."""
        context = self._context
        if predicate == RDF_TYPE:
            rules: tuple[_Rule, _Rule | None] = ((self._type_key, self._compactor(context, "type")), None)
        else:
            iri = _token_iri(predicate)
            for_others = self._reference_rule(iri, context.select(iri, "@type", ("@id", "@vocab", "@none")))
            for_terms = self._reference_rule(iri, context.select(iri, "@type", ("@vocab", "@id", "@none")))
            rules = (for_others, None if for_terms[0] == for_others[0] else for_terms)
        self._predicate_rules[predicate] = rules
        return rules

    def _reference_rule(self, iri: str, term: _Term | None) -> _Rule:
        """The rule for node references under `term` (None: no term fits, so a bare key)."""
        context = self._context
        if term is None:
            key = context.unselected(iri, vocab=True, null_value=False)
            return (b"," + _json(key) + b":", self._compactor(context, "node"))
        scope = context.scoped.get(term.name, context)
        kind = {"@id": "id", "@vocab": "type"}.get(term.type or "", "node")
        return (b"," + _json(term.name) + b":", self._compactor(scope, kind))

    def _compactor(self, scope: _Context, kind: str) -> Callable[[bytes], bytes]:
        """The function writing an object token's JSON value, one per context and `kind`: "id"
        (a string, the IRI compacted as a document-relative one), "type" (a string, compacted
        like a type: term or vocab first) or "node" (an object holding the id, for keys without
        a @type @id mapping). Only what goes through full IRI compaction is memoised: the ids
        of the top context mostly take `_id`'s shortcut, and are mostly distinct."""
        found = self._compactors.get((id(scope), kind))
        if found is not None:
            return found
        if kind != "type" and scope is self._context:
            identify = self._id
        else:
            memo: dict[bytes, bytes] = {}
            self._memos.append(memo)

            def identify(token: bytes) -> bytes:
                value = memo.get(token)
                if value is None:
                    value = memo[token] = _json(scope.compact_iri(_token_iri(token), vocab=kind == "type"))
                return value

        compact = identify
        if kind == "node":
            opening = b"{" + _json(scope.aliases["@id"]) + b":"

            def compact(token: bytes) -> bytes:
                return opening + identify(token) + b"}"

        self._compactors[(id(scope), kind)] = compact
        return compact
