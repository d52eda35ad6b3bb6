// Every LEADS_TO link with its end concepts, the PTs and CMOCs it comes from and
// the evidence items that support those CMOCs. Each link looks its CMOCs up by id (an
// index join), so the work grows with the links, not with links × CMOCs.
MATCH (a)-[r:LEADS_TO]->(b)
WHERE $review IS NULL OR r.reviewId = $review
UNWIND CASE WHEN r.cmocs IS NULL OR size(r.cmocs) = 0 THEN [null] ELSE r.cmocs END AS cmoc
OPTIONAL MATCH (c:CMOC {id: cmoc})<-[:SUPPORTS]-(e:Evidence)
WITH a, r, b, collect(DISTINCT e.id) AS evidence
RETURN a.id AS source, b.id AS target, r.polarity AS polarity, r.theories AS theories,
       r.cmocs AS cmocs, r.theoryOnly AS theoryOnly, evidence
