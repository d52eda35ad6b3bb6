// LEADS_TO links that no evidence item supports (theory-only links): causal claims the
// programme theories make without a quote or literature finding behind them.
MATCH (a)-[r:LEADS_TO]->(b)
OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c:CMOC)
WHERE c.id IN r.cmocs
WITH a, r, b, count(e) AS evidence
WHERE evidence = 0
RETURN a.name AS source, b.name AS target, r.polarity AS polarity, r.theories AS theories,
       r.cmocs AS cmocs, r.theoryOnly AS theoryOnly
ORDER BY source, target
