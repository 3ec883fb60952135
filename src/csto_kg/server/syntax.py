"""What a SPARQL query or update says, read by a parser before anything evaluates it.

The server must refuse SERVICE and LOAD (they would make it fetch URLs), know whether a query
names its own dataset (FROM), find the places where the protocol's `using-graph-uri` clauses go,
and turn away input that would crash the engine: pyoxigraph's parser and evaluator recurse, and a
few thousand nested groups overflow a thread's stack. None of that can be decided by scanning the
text: in `FILTER(1<2)SERVICE#>` the characters `<2)SERVICE#>` look like an IRI to a scanner and
are an operator, a number and a keyword to the engine.

So requests are parsed with the grammar of the SPARQL 1.1 Recommendation (`sparql11.lark`) by
Lark's LALR(1) parser, which keeps its stack in a list (nesting cannot overflow it) and works in
time linear in the input. The lexer is ours because SPARQL's tokens depend on where the parser is:
`<` starts an IRI where an IRI may come next and is the less-than operator after an operand. At
every `<` that could start an IRI, the lexer asks the parser's tables whether an IRI may come next;
the two are never both possible in SPARQL 1.1, so the token is the one the engine reads.

A request that parses is described by a `Parsed` (its tokens, with offsets, and what it uses);
one that does not raises `SparqlSyntaxError` with the line and column, and one nested deeper than
`MAX_NESTING` raises `TooDeep`. Both are the client's fault: 400.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import lark
import regex
from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer, LexerState
from lark.parsers.lalr_analysis import Shift

GRAMMAR = Path(__file__).with_name("sparql11.lark")

#: Deepest nesting accepted, counted as open groups, brackets and parentheses. pyoxigraph crashed
#: (stack overflow) at 1,000 nested FILTER EXISTS groups on an 8 MB stack and ran 3,000 in a
#: worker's 256 MB thread; 256 leaves room under both. The parser's stack is bounded too (at
#: `MAX_STACK` entries), for whatever else might nest.
MAX_NESTING = 256
MAX_STACK = 16 * MAX_NESTING
_OPENERS = frozenset({"LBRACE", "LPAR", "LBRACK"})
_CLOSERS = frozenset({"RBRACE", "RPAR", "RBRACK"})

KEYWORDS = frozenset(
    """BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING
    ORDER ASC DESC LIMIT OFFSET VALUES LOAD SILENT INTO CLEAR DROP CREATE ADD TO MOVE COPY INSERT DATA
    DELETE WITH USING DEFAULT ALL GRAPH OPTIONAL SERVICE BIND UNDEF MINUS UNION FILTER IN NOT EXISTS
    SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND
    CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH
    DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF
    STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN
    MAX AVG SAMPLE GROUP_CONCAT""".split()
)

# Character classes of the Recommendation's terminals (§19.8, productions 139-173).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_EXPONENT = r"[eE][+-]?[0-9]+"
_WHITESPACE = " \t\r\n"

# Trailing dots are not part of a prefix, a local name or a blank node label: the pattern takes
# them possessively and `_trim_dots` gives them back (a backtracking pattern would be quadratic).
_PNAME = regex.compile(
    rf"(?:[{_BASE}][{_CHARS}.]*+)?:(?:(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}.:]|{_PLX})*+)?"
)
_TOKEN = regex.compile(
    rf"""
      (?P<VAR>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)
    | (?P<BLANK_NODE_LABEL>_:[{_U}0-9][{_CHARS}.]*+)
    | (?P<LANGTAG>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+)
    | (?P<DOUBLE>[+-]?(?:[0-9]++\.[0-9]*+{_EXPONENT}|\.[0-9]++{_EXPONENT}|[0-9]++{_EXPONENT}))
    | (?P<DECIMAL>[+-]?[0-9]*+\.[0-9]++)
    | (?P<INTEGER>[+-]?[0-9]++)
    | (?P<STRING_LITERAL_LONG1>'''(?:(?:''|')?+(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+''')
    | (?P<STRING_LITERAL_LONG2>\"\"\"(?:(?:\"\"|\")?+(?:[^\"\\]|{_ECHAR}|{_UCHAR}))*+\"\"\")
    | (?P<STRING_LITERAL1>'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*+')
    | (?P<STRING_LITERAL2>\"(?:[^\"\\\n\r]|{_ECHAR}|{_UCHAR})*+\")
    | (?P<NIL>\([{_WHITESPACE}]*+\))
    | (?P<ANON>\[[{_WHITESPACE}]*+\])
    | (?P<PUNCT>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\].,;*/+\-!^|?=<>])
    | (?P<WORD>[A-Za-z][A-Za-z0-9_]*+)
    """,
    regex.VERBOSE,
)
_IRIREF = regex.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>")
_SKIP = regex.compile(rf"(?:[{_WHITESPACE}]++|#[^\r\n]*+)*+")
_PUNCTUATION = {
    "^^": "DTYPE", "&&": "AND", "||": "OR", "!=": "NE", "<=": "LE", ">=": "GE", "{": "LBRACE",
    "}": "RBRACE", "(": "LPAR", ")": "RPAR", "[": "LBRACK", "]": "RBRACK", ".": "DOT", ",": "COMMA",
    ";": "SEMI", "*": "STAR", "/": "SLASH", "+": "PLUS", "-": "HYPHEN", "!": "BANG", "^": "CARET",
    "|": "PIPE", "?": "QMARK", "=": "EQ", "<": "LT", ">": "GT",
}  # fmt: skip
_SIGNED = {"+": "_POSITIVE", "-": "_NEGATIVE"}


class SparqlSyntaxError(ValueError):
    """The text is not a SPARQL 1.1 query (or update); the message says where."""


class TooDeep(SparqlSyntaxError):
    """The text nests groups, brackets or parentheses deeper than `MAX_NESTING`."""


@dataclass(frozen=True)
class Parsed:
    """A request that parsed: its kind, its tokens (type, start, end) and what it uses."""

    text: str
    kind: str  # "query" | "update"
    tokens: tuple[tuple[str, int, int], ...]

    def uses(self, keyword: str) -> bool:
        """Whether the keyword occurs as a keyword (never inside an IRI, a string or a comment)."""
        return any(kind == keyword for kind, _, _ in self.tokens)

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, DESCRIBE or ASK for a query; UPDATE for an update."""
        if self.kind == "update":
            return "UPDATE"
        return next(kind for kind, _, _ in self.tokens if kind in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"))


class SparqlLexer(Lexer):
    """SPARQL 1.1 tokens, longest match first, with `<` read as the parser expects it."""

    __future_interface__ = 2

    def __init__(self, lexer_conf: object) -> None:  # Lark hands every lexer its configuration
        pass

    def lex(self, lexer_state: LexerState, parser_state: object) -> Iterator[Token]:
        text = lexer_state.text.text if hasattr(lexer_state.text, "text") else lexer_state.text
        position, end = 0, len(text)
        stack = parser_state.state_stack  # type: ignore[attr-defined]
        states = parser_state.parse_conf.states  # type: ignore[attr-defined]
        depth = 0
        while True:
            position = _SKIP.match(text, position).end()
            if position >= end:
                return
            kind, value = self._next(text, position, stack, states)
            depth += 1 if kind in _OPENERS else -1 if kind in _CLOSERS else 0
            if depth > MAX_NESTING or len(stack) > MAX_STACK:
                line, column = _line_column(text, position)
                raise TooDeep(f"nested more than {MAX_NESTING} levels deep (line {line}, column {column})")
            yield _token(kind, value, text, position)
            position += len(value)

    @staticmethod
    def _next(text: str, position: int, stack: list[int], states: dict) -> tuple[str, str]:
        character = text[position]
        if character == "<":
            iri = _IRIREF.match(text, position)
            if iri and _can_shift(states, stack, "IRIREF"):
                return "IRIREF", iri.group()
        elif character not in "?$_@0123456789+-.'\"([^&|!<>=" and not character.isspace():
            name = _PNAME.match(text, position)
            if name:
                value = _trim_dots(name.group())
                return ("PNAME_NS" if value.endswith(":") and value.count(":") == 1 else "PNAME_LN"), value
        match = _TOKEN.match(text, position)
        if match is None:
            line, column = _line_column(text, position)
            raise SparqlSyntaxError(f"unexpected character {character!r} at line {line}, column {column}")
        kind, value = match.lastgroup, match.group()
        if kind == "VAR":
            return ("VAR1" if value[0] == "?" else "VAR2"), value
        if kind == "BLANK_NODE_LABEL":
            return kind, _trim_dots(value)
        if kind in ("DOUBLE", "DECIMAL", "INTEGER"):
            return kind + _SIGNED.get(value[0], ""), value
        if kind == "PUNCT":
            return _PUNCTUATION[value], value
        if kind == "WORD":
            if value in ("a", "true", "false"):  # the three keywords that are case-sensitive
                return value.upper(), value
            if value.upper() not in KEYWORDS:
                line, column = _line_column(text, position)
                raise SparqlSyntaxError(f"unknown word {value!r} at line {line}, column {column}")
            return value.upper(), value
        return kind or "", value


def _trim_dots(value: str) -> str:
    """A name without its trailing unescaped dots (they end the triple, not the name)."""
    stripped = value.rstrip(".")
    if len(stripped) < len(value) and stripped.endswith("\\"):
        stripped += "."  # an escaped dot belongs to the name
    return stripped


def _can_shift(states: dict, stack: list[int], kind: str) -> bool:
    """Whether the LALR parser, in the state `stack`, accepts a token of `kind` next: its
    reductions are played on a copy of the state stack until the token shifts or fails."""
    stack = list(stack)
    while True:
        action = states[stack[-1]].get(kind)
        if action is None:
            return False
        operation, argument = action
        if operation is Shift:
            return True
        size = len(argument.expansion)
        if size:
            del stack[-size:]
        stack.append(states[stack[-1]][argument.origin.name][1])


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _token(kind: str, value: str, text: str, position: int) -> Token:
    line, column = _line_column(text, position) if kind in ("SERVICE", "LOAD") else (0, 0)
    return Token(kind, value, start_pos=position, line=line, column=column, end_pos=position + len(value))


@functools.lru_cache(maxsize=None)
def _parser(start: str) -> Lark:
    """One LALR parser per start symbol, built once per process. Building the tables takes
    ~0.35 s; Lark keeps them in a cache file (~0.03 s to load) in the user's own cache folder
    (a pickle in a shared /tmp could be planted by another user)."""
    grammar = GRAMMAR.read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=SparqlLexer, start=start, cache=_cache_file(grammar, start) or False)


def _cache_file(grammar: str, start: str) -> str | None:
    """`$XDG_CACHE_HOME/csto-kg/sparql11-<hash>.lark` (private), or None where it cannot be made."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "csto-kg"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    key = hashlib.sha256(f"{lark.__version__}\0{start}\0{grammar}".encode()).hexdigest()[:16]
    return str(folder / f"sparql11-{start}-{key}.lark")


def warm_up() -> None:
    """Build both parsers now (a worker does this before it says it is ready)."""
    _parser("query_unit")
    _parser("update_unit")


@functools.lru_cache(maxsize=256)
def parse(text: str, kind: str = "query") -> Parsed:
    """Parse a query (`kind="query"`) or an update (`kind="update"`); see the module docstring.

    Parses are kept (most recent 256): the public queries come back all day, and parsing one
    costs ~2 ms; an error is not kept, it is raised each time."""
    start = "query_unit" if kind == "query" else "update_unit"
    tokens: list[tuple[str, int, int]] = []
    parser = _parser(start)
    interactive = parser.parse_interactive(text)
    try:
        for token in interactive.iter_parse():
            tokens.append((token.type, token.start_pos or 0, token.end_pos or 0))
        interactive.feed_eof()
    except SparqlSyntaxError:
        raise
    except UnexpectedInput as error:
        raise SparqlSyntaxError(_describe(error, text)) from None
    return Parsed(text, kind, tuple(tokens))


def _describe(error: UnexpectedInput, text: str) -> str:
    """Where the text stops being SPARQL, in words a person can act on."""
    token = getattr(error, "token", None)
    if token is None or getattr(token, "type", "") == "$END":
        line, column = _line_column(text, len(text.rstrip()))
        return f"the text ends at line {line}, column {column}, before the query (or update) is complete"
    line, column = _line_column(text, token.start_pos or 0)
    found = str(token)
    shown = found if len(found) <= 40 else found[:37] + "..."
    return f"unexpected {shown!r} at line {line}, column {column}"
