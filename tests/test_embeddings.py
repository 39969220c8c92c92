from concurrent.futures import ThreadPoolExecutor

import numpy as np

from agent.embeddings import BatchedQueryEmbeddings

QUERIES = ["light laptop for university", "有没有适合通勤的降噪耳机？", "what is the return policy?", "OK"]


def test_batched_queries_embed_exactly_like_single_queries(embedder) -> None:  # type: ignore[no-untyped-def]
    batched = BatchedQueryEmbeddings(embedder)
    with ThreadPoolExecutor(len(QUERIES)) as pool:
        vectors = list(pool.map(batched.embed_query, QUERIES))
    for query, vector in zip(QUERIES, vectors, strict=True):
        # padding to the longest query in a batch must not change any query's vector
        assert np.allclose(vector, embedder.embed_query(query), atol=1e-5)
    assert np.allclose(batched.embed_documents(["passage text"]), embedder.embed_documents(["passage text"]))
