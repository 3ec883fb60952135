"""search: find a resource by any way it is written, in Arabic, English or Russian.

A reader types لافروف, لافروڤ, Lavrov or Лавров and expects Sergey Lavrov's page. The index holds,
for every resource of the knowledge graph that has a name, its labels (rdfs:label, the primary
names) and every other way it is written (skos:altLabel, the spellings articles use in
csto:surfaceForm, the machine transliterations in csto:machineLabel), each folded the way the
extractor folds Arabic (`arabic.normalize_word`: hamza and alef forms, alef maqsura, taa marbuta,
diacritics, tatweel) plus the Persian letters Arabic news borrows for foreign sounds (ڤ for v,
پ for p, چ for ch, ژ for zh, ڨ for g); an Arabic word is indexed with and without its
article and proclitics (والروسي is found by روسي). Latin and Cyrillic are case- and
accent-folded.

The engine is SQLite's FTS5 (the standard library): one in-memory index per published release,
built the first time someone searches it (~2 s at 10k articles, 40k named resources); ranked
by BM25 with labels weighing ten times the other names, a resource called exactly what was
typed first. A word common to thousands of names (بيان: every statement) costs ~30 ms; a name,
under a millisecond.
"""

from __future__ import annotations

import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox
import regex
from cachetools import LRUCache

from csto_kg.arabic import CLITIC_PREFIXES, has_arabic, normalize_word
from csto_kg.namespaces import CSTO, RDF, RDFS, SKOS

#: Letters Arabic news uses for sounds Arabic lacks, as a reader would type them without.
_BORROWED = str.maketrans({"ڤ": "ف", "پ": "ب", "چ": "ج", "ژ": "ز", "ڨ": "ق", "ڭ": "ك"})
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")  # marks too: a vowelled word is one word
PRIMARY = (RDFS + "label",)
OTHER = (SKOS + "altLabel", CSTO + "surfaceForm", CSTO + "machineLabel")
MAX_QUERY = 200  # characters: a name, not a document
MAX_RESULTS = 50
RERANKED = 200  # best BM25 matches looked at again for an exact name
ANSWERS_KEPT = 4096  # searches whose answers each index keeps


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> tuple[str, ...]:
    """The forms a word is indexed under: folded, and for Arabic also without its article and
    proclitics (و + ال + روسي -> روسي). Cached: names repeat the same words (an index of 40k
    names folds 285k words, 20k of them distinct)."""
    if has_arabic(word):
        folded = normalize_word(word).translate(_BORROWED)
        forms = [folded]
        for clitic in ("", *CLITIC_PREFIXES):
            if clitic and not folded.startswith(clitic):
                continue
            rest = folded[len(clitic) :]
            if rest.startswith("ال") and len(rest) > 3:
                rest = rest[2:]
            if rest != folded and len(rest) >= 2 and rest not in forms:
                forms.append(rest)
        return tuple(forms)
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return ("".join(c for c in decomposed if not unicodedata.combining(c)).replace("ё", "е"),)


def _folded_name(text: str) -> str:
    """A whole name folded word by word (each word's first form), for exact comparison."""
    return " ".join(fold_word(word)[0] for word in _WORD.findall(text))


def fold(text: str) -> list[str]:
    """Every indexed form of every word of `text`."""
    return [form for word in _WORD.findall(text) for form in fold_word(word)]


@dataclass(frozen=True)
class Hit:
    """One resource that matches: its IRI, kind (the local name of its class) and labels."""

    iri: str
    kind: str
    label_en: str | None
    label_ar: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"iri": self.iri, "kind": self.kind, "label_en": self.label_en, "label_ar": self.label_ar}


class SearchIndex:
    """The names of one release's resources in an in-memory FTS5 table."""

    def __init__(self, store: ox.Store) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()  # one connection, used from the server's threads
        # Readers ask the same names again; a release's answers never change. A word common to
        # thousands of names costs ~30 ms to rank, an answer kept costs a lookup.
        self._answers: LRUCache[tuple[str, str, int], tuple[Hit, ...]] = LRUCache(ANSWERS_KEPT)
        self._db.execute("CREATE VIRTUAL TABLE names USING fts5(iri UNINDEXED, kind UNINDEXED, primary_names, other_names, tokenize='unicode61 remove_diacritics 0')")
        self._exact: dict[str, set[str]] = {}  # every name of a resource, folded whole
        self._labels: dict[str, tuple[str | None, str | None]] = {}  # its English and Arabic label
        self._db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", self._documents(store))
        self._db.execute("INSERT INTO names(names) VALUES ('optimize')")
        self._db.commit()

    def _documents(self, store: ox.Store) -> Iterable[tuple[str, str, str, str]]:
        """One row per named resource (its names folded whole into `_exact`, its English and
        Arabic labels into `_labels`)."""
        names: dict[str, tuple[list[str], list[str]]] = {}
        labels: dict[str, list[str | None]] = {}
        predicates = " ".join(f"<{p}>" for p in (*PRIMARY, *OTHER))
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {predicates} }} ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }}"
        for row in store.query(query):  # type: ignore[union-attr]
            subject, value = row["s"].value, row["o"]
            primary, other = names.setdefault(subject, ([], []))
            if row["p"].value in PRIMARY:
                primary.append(value.value)
                if value.language in ("en", "ar"):
                    pair = labels.setdefault(subject, [None, None])
                    slot = 0 if value.language == "en" else 1
                    pair[slot] = pair[slot] or value.value
            else:
                other.append(value.value)
        self._labels = {iri: (en, ar) for iri, (en, ar) in labels.items()}
        kinds = _kinds(store)
        for iri, (primary, other) in names.items():
            self._exact[iri] = {_folded_name(name) for name in [*primary, *other]}
            yield iri, kinds.get(iri, "Resource"), " ".join(fold(" ".join(primary))), " ".join(fold(" ".join(other)))

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """The resources whose names hold every word of `text` (the last one as a prefix)."""
        words = _WORD.findall(text[:MAX_QUERY])
        if not words:
            return []
        # Each word matches any of its forms; FTS5 strings are quoted, so nothing a reader types
        # is read as query syntax.
        groups = []
        for position, word in enumerate(words):
            prefix = "*" if position == len(words) - 1 else ""
            forms = fold_word(word)
            groups.append("(" + " OR ".join(f'"{form}"{prefix}' for form in forms) + ")")
        match = " AND ".join(groups)
        wanted = _folded_name(text)
        key = (match, wanted, min(limit, MAX_RESULTS))
        with self._lock:
            hits = self._answers.get(key)
            if hits is None:
                rows = self._db.execute(
                    "SELECT iri, kind FROM names WHERE names MATCH ? ORDER BY bm25(names, 0, 0, 10.0, 1.0) LIMIT ?",
                    (match, RERANKED),
                ).fetchall()
                # A resource called exactly what was typed comes first (روسيا: the state, before
                # the posts and ministries whose longer names contain it).
                rows.sort(key=lambda row: wanted not in self._exact.get(row[0], ()))
                hits = self._answers[key] = tuple(Hit(iri, kind, *self._labels.get(iri, (None, None))) for iri, kind in rows[: key[2]])
        return list(hits)


def _kinds(store: ox.Store) -> dict[str, str]:
    """Each resource's kind: the local name of its most specific csto: class (one that is no
    superclass of another of its classes, by the ontology's hierarchy)."""
    parents: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?c ?d WHERE {{ GRAPH ?g {{ ?c <{RDFS}subClassOf>+ ?d }} }}"):  # type: ignore[union-attr]
        parents.setdefault(row["c"].value, set()).add(row["d"].value)
    classes: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?s ?class WHERE {{ ?s <{RDF}type> ?class FILTER(isIRI(?s) && STRSTARTS(STR(?class), \"{CSTO}\")) }}"):  # type: ignore[union-attr]
        classes.setdefault(row["s"].value, set()).add(row["class"].value)
    kinds = {}
    for iri, found in classes.items():
        specific = sorted(c for c in found if not any(c in parents.get(other, ()) for other in found))
        kinds[iri] = (specific or sorted(found))[0].removeprefix(CSTO)
    return kinds
