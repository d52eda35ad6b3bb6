"""What a read-only query may call: the procedures, functions and commands that stay inside the graph.

Allow-lists, not deny-lists: a procedure or a function namespace not named here is refused on
read-only paths, so a plugin installed later (APOC's ``apoc.load.*``, ``apoc.cypher.run*``,
``apoc.export.*``) is refused until someone checks it. Every procedure listed was run in a
read-only transaction on FalkorDB 4.16 or Neo4j 5.26 (tests/test_hostile_queries.py).
Names compare case-insensitively after Unicode normalisation, so a lookalike spelling of an
allowed name is allowed only if the database reads it as that name.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.errors import QueryNotAllowed
from graph.queries.tokens import Token

__all__ = ["READ_PROCEDURES", "FUNCTION_NAMESPACES", "check_procedure", "check_function", "check_command",
           "LOAD_CSV_REFUSAL"]

LOAD_CSV_REFUSAL = ("LOAD CSV is refused in read-only queries, because it reads files and web addresses "
                    "(and could send the review's content out in one): use `ptgraph query --write` to "
                    "import a CSV.")

READ_PROCEDURES = frozenset(name.casefold() for name in (
    # both stores
    "db.labels", "db.relationshipTypes", "db.propertyKeys",
    # FalkorDB: its READ procedures (CALL dbms.procedures()), dbms.* left out
    "db.indexes", "db.constraints", "db.meta.stats",
    "db.idx.fulltext.queryNodes", "db.idx.fulltext.queryRelationships",
    "db.idx.vector.queryNodes", "db.idx.vector.queryRelationships",
    "algo.pageRank", "algo.BFS", "algo.SPpaths", "algo.SSpaths", "algo.WCC", "algo.betweenness",
    "algo.labelPropagation", "algo.MSF",
    # Neo4j: schema and index reads
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.index.fulltext.queryNodes", "db.index.fulltext.queryRelationships",
    "db.index.vector.queryNodes", "db.index.vector.queryRelationships", "db.info", "db.ping",
))

FUNCTION_NAMESPACES = frozenset(name.casefold() for name in (
    # Cypher's own (Neo4j and FalkorDB)
    "date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector", "db", "graph",
    "list", "string", "vec",
    # APOC's functions that only compute (no files, network, other Cypher, waits or configuration)
    "apoc.text", "apoc.coll", "apoc.map", "apoc.convert", "apoc.math", "apoc.number", "apoc.date",
    "apoc.temporal", "apoc.agg", "apoc.label", "apoc.node", "apoc.nodes", "apoc.rel", "apoc.any",
    "apoc.meta", "apoc.hashing", "apoc.scoring", "apoc.bitwise", "apoc.path", "apoc.json", "apoc.diff",
))

# Neo4j commands a read-only query may start with; SHOW SETTINGS, SHOW TRANSACTIONS (other people's
# queries and parameters), SHOW USERS/DATABASES/SERVERS and TERMINATE are refused.
_SHOWABLE = {"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "PROCEDURE", "PROCEDURES", "FUNCTION",
             "FUNCTIONS"}


def check_procedure(name: str) -> None:
    if name.casefold() not in READ_PROCEDURES:
        raise QueryNotAllowed(f"The procedure {name} is refused in read-only queries: they may call only "
                              "procedures that read the graph's schema, indexes or algorithms "
                              "(such as db.labels or algo.pageRank; docs/queries.md lists them).")


def check_function(name: str) -> None:
    namespace = name.rsplit(".", 1)[0].casefold()
    if not any(namespace == ok or namespace.startswith(ok + ".") for ok in FUNCTION_NAMESPACES):
        raise QueryNotAllowed(f"The function {name} is refused in read-only queries: they may call Cypher's "
                              "own functions and APOC's text, collection, map, conversion and maths "
                              "functions.")


def check_command(word: Token, following: Sequence[Token]) -> None:
    """Refuse a Neo4j command (at the start of a statement) that reads the server rather than the graph."""
    if word.is_word("USE"):
        raise QueryNotAllowed("USE is refused in read-only queries: ptgraph runs them on the database the "
                              "store names (--database or NEO4J_DATABASE).")
    if word.is_word("TERMINATE"):
        raise QueryNotAllowed("TERMINATE is refused in read-only queries: it stops other people's queries.")
    if word.is_word("SHOW") and not any(t.key in _SHOWABLE for t in following):
        shown = " ".join(t.text for t in following[:1]) or "this"
        raise QueryNotAllowed(f"SHOW {shown.upper()} is refused in read-only queries, as it shows the "
                              "server's settings, users or other people's queries; SHOW INDEXES, "
                              "CONSTRAINTS, PROCEDURES and FUNCTIONS are allowed.")
