// The REFINES lineage of one programme theory: the theory itself, every stage it refines
// and every stage that refines it, each with the ids it refines within that lineage.
MATCH (t:ProgrammeTheory)
WHERE t.id = $theory
OPTIONAL MATCH (t)-[:REFINES*1..4]->(earlier:ProgrammeTheory)
OPTIONAL MATCH (later:ProgrammeTheory)-[:REFINES*1..4]->(t)
WITH t, collect(DISTINCT earlier) + collect(DISTINCT later) + [t] AS members
WITH members, [m IN members | m.id] AS ids
UNWIND members AS m
OPTIONAL MATCH (m)-[:REFINES]->(r:ProgrammeTheory)
WHERE r.id IN ids
RETURN DISTINCT m.id AS id, m.stage AS stage, m.number AS number, m.name AS name,
       m.shortTitle AS shortTitle, collect(DISTINCT r.id) AS refines
ORDER BY id
