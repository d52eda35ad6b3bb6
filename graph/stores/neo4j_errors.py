"""The Neo4j driver's exceptions as ptgraph's own errors, each with one plain sentence.

Only :mod:`graph.stores.neo4j_store` uses this; everything above the store sees
:class:`graph.errors.StoreError` subclasses, with the driver's exception as ``__cause__``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import (
    AuthFailed,
    DatabaseNotFound,
    PermissionDenied,
    QueryFailed,
    QueryRefused,
    StoreError,
    StoreMisconfigured,
    StoreUnavailable,
)

__all__ = ["translated", "translating", "READ_ONLY_REFUSAL", "URI_FORMS"]

READ_ONLY_REFUSAL = "the database refused to write: the query is read-only"
URI_FORMS = "bolt://host:port, neo4j://host:port or neo4j+s://host (Aura)"
_ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"
_FORBIDDEN = "Neo.ClientError.Security.Forbidden"
_NO_DATABASE = "Neo.ClientError.Database.DatabaseNotFound"
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"  # ...ClientConfiguration too


def translated(error: Exception, uri: str, user: str, database: str | None) -> StoreError:
    """The project error for a driver exception met while talking to ``uri``.

    >>> from neo4j.exceptions import ConfigurationError
    >>> print(translated(ConfigurationError("URI scheme 'localhost' is not supported"),
    ...                  "localhost:7687", "neo4j", None))
    'localhost:7687' is not a Neo4j URI: write bolt://host:port, neo4j://host:port or neo4j+s://host (Aura).
    """
    if isinstance(error, StoreError):
        return error
    if isinstance(error, ConfigurationError | ValueError):  # ValueError: from opening the driver
        return StoreMisconfigured(f"{uri!r} is not a Neo4j URI: write {URI_FORMS}.")
    if isinstance(error, AuthError):
        return AuthFailed(f"Neo4j at {uri} refused user {user!r}: the user name or password is wrong "
                          "(NEO4J_USERNAME / NEO4J_PASSWORD).")
    if isinstance(error, ServiceUnavailable | SessionExpired):
        return StoreUnavailable(f"no Neo4j server answers at {uri}: start it, or check the address.")
    if isinstance(error, Neo4jError):
        return _server_error(error, uri, user, database)
    if isinstance(error, DriverError | OSError):
        return StoreError(f"the Neo4j driver failed talking to {uri}: {error}")
    raise TypeError(f"not a driver error: {error!r}") from error


def _server_error(error: Neo4jError, uri: str, user: str, database: str | None) -> StoreError:
    code, message = error.code or "", error.message or str(error)
    if code == _ACCESS_MODE:
        return QueryRefused(READ_ONLY_REFUSAL)
    if isinstance(error, ForbiddenOnReadOnlyDatabase):
        return QueryRefused(f"the Neo4j database '{database or 'default'}' is read-only, "
                            "so nothing was written.")
    if code == _FORBIDDEN:
        return PermissionDenied(f"Neo4j user {user!r} is not allowed to do this: {message}")
    if code == _NO_DATABASE:
        return DatabaseNotFound(f"Neo4j at {uri} has no database named {database!r} (NEO4J_DATABASE).")
    if code.endswith("MemoryPoolOutOfMemoryError"):
        return QueryFailed(f"Neo4j ran out of transaction memory: give its JVM more heap or raise "
                           f"dbms.memory.transaction.total.max ({message})")
    if code.startswith(_TIMED_OUT):
        return QueryFailed(f"the query timed out and Neo4j stopped it: {message}")
    if isinstance(error, ClientError):
        return QueryFailed(message)
    return QueryFailed(f"Neo4j failed ({code}): {message}")


@contextlib.contextmanager
def translating(uri: str, user: str, database: str | None) -> Iterator[None]:
    """Re-raise driver exceptions raised inside the block as project errors."""
    try:
        yield
    except (Neo4jError, DriverError, OSError) as e:
        raise translated(e, uri, user, database) from e
