"""csto-kg: Arabic news about the CSTO turned into a published, validated knowledge graph."""

__version__ = "0.1.0"
