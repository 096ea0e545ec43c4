# Data Cube normalization, phase 1 (type and property closure), as the specification's
# normalization algorithm gives it: observations, slices and component properties get
# the types and the qb:componentProperty links the integrity constraints rely on.
INSERT { ?o a qb:Observation } WHERE { [] qb:observation ?o } ;
INSERT { ?o a qb:Observation } WHERE { ?o qb:dataSet [] } ;
INSERT { ?s a qb:Slice } WHERE { [] qb:slice ?s } ;
INSERT { ?cs qb:componentProperty ?p . ?p a qb:DimensionProperty } WHERE { ?cs qb:dimension ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p a qb:MeasureProperty } WHERE { ?cs qb:measure ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p a qb:AttributeProperty } WHERE { ?cs qb:attribute ?p }
