"""Vector-matching core: galleries of face templates and exact top-k search.

Imports numpy only (threadpoolctl lazily, in `blas`). Every other domain
package builds on it, which is why the base class of all domain failures
(`DomainError`) lives here too.

    errors      DomainError and its subclasses (stable `code`s)
    templates   the 128-float32 template and its wire codec
    gallery     Gallery: one contiguous matrix, add / remove / update / search / verify
    index       PartitionedIndex: galleries by key (flight, airport-day), merged search
    batching    BatchSearcher: concurrent single queries served by one matrix product
    result      SearchResult and the exact merge of per-partition top-k lists
    topk        the exact top-k kernel (BLAS keys, proven window, float64 re-rank)
    distance    the metrics (Euclidean, cosine distance) and their error bound
    rwlock      the writer-preferring readers-writer lock galleries use
    validation  input checks shared by the above
    blas        which BLAS runs, with how many threads; limiting them
    bench       `skygate bench matching` (imports its optional comparators lazily)

Ranking everywhere: distance ascending, ties to the lower id.
"""
