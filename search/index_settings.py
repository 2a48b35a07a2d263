"""Index settings the project owns for Elasticsearch and OpenSearch.

The language work (English stems, Welsh radicals of every mutation, each language's stop words)
is done in Python by search.normalise, for the index and for the query alike, so that every
backend matches the same terms. The node must therefore leave those terms as they are: the default
analyser only splits on white space and lower-cases. A stemming or ASCII-folding analyser here
would turn the Welsh radical `plant` and the English stem `hous` into something the query, which
is normalised the same way, no longer meets.
"""

NORMALISED_TERMS_ANALYSER = {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}

PROJECT_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": NORMALISED_TERMS_ANALYSER,
                "default_search": NORMALISED_TERMS_ANALYSER,
            }
        },
        # A few thousand pages: one shard keeps term statistics, and so scores, exact.
        "index": {"number_of_shards": 1},
    }
}
