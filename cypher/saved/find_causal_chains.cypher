// Causal chains of one to four LEADS_TO links from a concept whose name contains $from to one
// whose name contains $to (any case), shortest first, each link of a polarity in $polarities:
// how does committed leadership lead to engagement? Draws the chains as a graph.
// @param from: "leadership"
// @param to: "engagement"
// @param polarities: ["positive"]
MATCH p = (a)-[:LEADS_TO*1..4]->(b)
WHERE toLower(a.name) CONTAINS toLower($from) AND toLower(b.name) CONTAINS toLower($to)
  AND all(r IN relationships(p) WHERE r.polarity IN $polarities)
RETURN p AS chain, length(p) AS hops, [n IN nodes(p) | n.name] AS concepts
ORDER BY hops
LIMIT 25
