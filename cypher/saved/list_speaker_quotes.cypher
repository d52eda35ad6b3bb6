// Every quote of one participant (speaker code $speaker, e.g. SP60 for staff, P17 for a
// service user or carer), verbatim, with their role, case study site and the PTs and CMOCs
// the quote supports or challenges.
// @param speaker: "SP60"
MATCH (e:Evidence {speaker: $speaker})
OPTIONAL MATCH (e)-[:FROM_SITE]->(s:CaseSite)
OPTIONAL MATCH (e)-[rel:SUPPORTS|CHALLENGES]->(c:CMOC)
OPTIONAL MATCH (t:ProgrammeTheory)-[:HAS_CMOC]->(c)
RETURN e.text AS quote, e.role AS role, s.name AS site,
       collect(DISTINCT coalesce(t.shortTitle, t.name)) AS theories, collect(DISTINCT c.name) AS cmocs,
       collect(DISTINCT type(rel)) AS relations, e.id AS id
ORDER BY id
