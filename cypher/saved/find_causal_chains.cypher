// Causal chains of one to four LEADS_TO links from a concept whose name contains $from to one
// whose name contains $to (any case), shortest first, each link of a polarity in $polarities:
// how does committed leadership lead to engagement? Draws the chains as a graph. A chain never
// passes one concept twice, and ties are broken by the concepts' names, so every store returns
// the same 25 chains.
// @param from: "leadership"
// @param to: "engagement"
// @param polarities: ["positive"]
MATCH p = (a)-[:LEADS_TO*1..4]->(b)
WHERE toLower(a.name) CONTAINS toLower($from) AND toLower(b.name) CONTAINS toLower($to)
  AND all(r IN relationships(p) WHERE r.polarity IN $polarities)
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH p, [n IN nodes(p) | n.name] AS concepts
RETURN p AS chain, length(p) AS hops, concepts
ORDER BY hops, concepts
LIMIT 25
