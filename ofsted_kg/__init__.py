"""Console commands of the Ofsted children's services knowledge graph: `ofsted-kg build|serve|...`."""
