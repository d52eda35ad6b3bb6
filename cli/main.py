"""``ptgraph``: load, validate, query and explore realist programme theory graphs.

The group and its shared options live here; each command lives in the module of its job.
"""

from __future__ import annotations

import click

from cli.concept_commands import concepts
from cli.draft_commands import evaluate_prose, import_prose, import_qda
from cli.interchange_commands import export
from cli.package_commands import report, validate
from cli.review_commands import delete, import_table, new
from cli.serve_command import serve
from cli.store_commands import load, paths, query, stats

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI (neo4j://, neo4j+s://, bolt://). "
              "Default: NEO4J_URI, else the embedded store.")
@click.option("--user", envvar="NEO4J_USERNAME", help="Neo4j user (NEO4J_USERNAME).")
@click.option("--database", envvar="NEO4J_DATABASE", help="Neo4j database (NEO4J_DATABASE).")
@click.pass_context
def main(ctx: click.Context, uri: str | None, user: str | None, database: str | None) -> None:
    """Realist programme theories as a causal graph.

    The store is Neo4j when --uri or NEO4J_URI is set (password from NEO4J_PASSWORD),
    otherwise the embedded FalkorDB store in PTGRAPH_HOME, started on demand.
    """
    ctx.obj = {"uri": uri, "user": user, "database": database}


for _command in (validate, load, query, paths, stats, report, serve, import_table, new, delete, concepts,
                 export, import_qda, import_prose, evaluate_prose):
    main.add_command(_command)
