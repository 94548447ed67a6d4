"""Stage 5, store: where a build is published and read back with SPARQL.

`GraphStore` (base.py) is the interface the builder and the service use;
`EmbeddedStore` (embedded.py) keeps the dataset on disk with pyoxigraph,
`RemoteStore` (remote.py) in any SPARQL 1.1 store.
"""

from graph.store.base import DatasetDelta, GraphChange, GraphStore, QueryRejected, QueryResult, StoreError, Term
from graph.store.embedded import EmbeddedStore
from graph.store.lock import StoreBusy, StoreNotWritable, build_lock

__all__ = ["DatasetDelta", "EmbeddedStore", "GraphChange", "GraphStore", "QueryRejected", "QueryResult", "StoreBusy",
           "StoreError", "StoreNotWritable", "Term", "build_lock"]
