"""Where things are and which IRIs they get: one frozen dataclass, read once.

Every stage takes a `Config` instead of reading globals, so tests can point a build at a temporary
store or another base IRI without touching the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/csto-kg/"
ONTOLOGY_NS = "https://w3id.org/csto-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/csto-kg/ontology"

#: The SHACL engines the gate can run: rudof (the build's default, fast) and pySHACL (the
#: reference the tests hold rudof to; see validate.py and shacl_rudof.py).
SHACL_ENGINES = ("rudof", "pyshacl")

#: The repository root: the data folders (ontology/, mappings/, shapes/, queries/, corpus/) live here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Config:
    """Paths and identifiers for one build or one server."""

    base: str = DEFAULT_BASE
    store: Path = Path("data/store")
    dist: Path = Path("dist")
    root: Path = PROJECT_ROOT
    min_confidence: float = 0.0
    extra_ontology: tuple[Path, ...] = field(default=())
    #: The SHACL engine of the gate: "rudof" (fast, Rust) or "pyshacl" (the reference).
    engine: str = "rudof"
    #: A Dask scheduler (`tcp://host:8786`) whose workers run a build's per-article stages
    #: (cluster.py); None: this machine's cores do (batch.py).
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {self.base!r}")
        if self.engine not in SHACL_ENGINES:
            raise ValueError(f"unknown SHACL engine {self.engine!r}: choose one of {', '.join(SHACL_ENGINES)}")
        if self.scheduler is not None and not self.scheduler.strip():
            raise ValueError("the scheduler address is empty: give one such as tcp://host:8786")

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "csto.ttl"

    @property
    def reference_file(self) -> Path:
        return self.ontology_dir / "reference.ttl"

    @property
    def mappings_dir(self) -> Path:
        return self.root / "mappings"

    @property
    def shapes_file(self) -> Path:
        return self.root / "shapes" / "csto.shapes.ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    def graph_iri(self, name: str) -> str:
        """The named graph for the ontology, the reference data or an article (`article/{id}`)."""
        return f"{self.base}graph/{name}"

    def with_(self, **changes: object) -> "Config":
        return replace(self, **changes)  # type: ignore[arg-type]


def from_env(**overrides: object) -> Config:
    """A config from `CSTO_KG_BASE` / `CSTO_KG_STORE` / `CSTO_KG_DIST`, then explicit overrides."""
    values: dict[str, object] = {}
    if base := os.environ.get("CSTO_KG_BASE"):
        values["base"] = base
    if store := os.environ.get("CSTO_KG_STORE"):
        values["store"] = Path(store)
    if dist := os.environ.get("CSTO_KG_DIST"):
        values["dist"] = Path(dist)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**values)  # type: ignore[arg-type]


def load_yaml(text: str) -> object:
    """YAML through libyaml's C parser when PyYAML has it (ten times the pure-Python one: the
    calendar and lexicon were a third of the time `csto-kg add` spends on one article)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
