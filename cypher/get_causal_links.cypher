// Every LEADS_TO link with its end concepts, the PTs and CMOCs it comes from and
// the evidence items that support those CMOCs.
MATCH (a)-[r:LEADS_TO]->(b)
WHERE $review IS NULL OR r.reviewId = $review
OPTIONAL MATCH (e:Evidence)-[:SUPPORTS]->(c:CMOC)
WHERE c.id IN r.cmocs
WITH a, r, b, collect(DISTINCT e.id) AS evidence
RETURN a.id AS source, b.id AS target, r.polarity AS polarity, r.theories AS theories,
       r.cmocs AS cmocs, r.theoryOnly AS theoryOnly, evidence
