// Lint Cypher statements with Neo4j's own parser (@neo4j-cypher/language-support).
// Input (stdin): JSON {labels, relationshipTypes, statements: [{name, text, parameters}]}.
// Output (stdout): JSON [{name, severity, line, message}], one entry per diagnostic.
// Exit status: 1 when any diagnostic is an error.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const found = [];
for (const { name, text, parameters } of input.statements) {
  const schema = {
    labels: input.labels,
    relationshipTypes: input.relationshipTypes,
    parameters: Object.fromEntries(parameters.map((p) => [p, null])),
  };
  const { diagnostics } = lintCypherQuery(text, schema);
  for (const d of diagnostics) {
    found.push({
      name,
      severity: d.severity === 1 ? 'error' : 'warning',
      line: d.range.start.line + 1,
      message: d.message,
    });
  }
}
process.stdout.write(JSON.stringify(found, null, 2) + '\n');
process.exit(found.some((d) => d.severity === 'error') ? 1 : 0);
