// The vocabulary a review declares (review.yaml): participant roles, evidence source types,
// frameworks and extra CMOC attributes, each as parallel lists of ids and labels.
MATCH (r:Review)
WHERE r.id = $review
RETURN r.id AS id, r.roles AS roles, r.roleNames AS roleNames, r.sourceTypes AS sourceTypes,
       r.sourceTypeNames AS sourceTypeNames, r.frameworks AS frameworks,
       r.frameworkNames AS frameworkNames, r.attributes AS attributes, r.attributeNames AS attributeNames
