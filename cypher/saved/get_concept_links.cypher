// The causal neighbourhood of a concept whose name contains $concept (any case): every
// LEADS_TO link into or out of it, with its polarity, the PTs it comes from and whether it
// rests on theory only. Draws the links as a graph.
// @param concept: "legitimisation"
MATCH (a)-[r:LEADS_TO]->(b)
WHERE toLower(a.name) CONTAINS toLower($concept) OR toLower(b.name) CONTAINS toLower($concept)
RETURN a, r, b, r.polarity AS polarity, r.theories AS theories, r.theoryOnly AS theoryOnly
ORDER BY polarity, a.name, b.name
