// A programme theory's lineage: the PT number $number at stage $stage (refined or initial),
// the earlier PTs it refines (initial, then draft), as REFINES paths drawn as a graph, with
// each earlier PT's stage and name.
// @param number: 6
// @param stage: "refined"
MATCH (t:ProgrammeTheory {number: $number})
WHERE t.stage = $stage
MATCH p = (t)-[:REFINES*1..3]->(earlier:ProgrammeTheory)
RETURN p AS lineage, length(p) AS steps, earlier.stage AS stage, earlier.id AS id, earlier.name AS name
ORDER BY steps, id
