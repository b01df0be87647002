"""Topics: analysts' boolean queries, matched against every article during enrichment.

    parse_query('(DeepSeek OR "High-Flyer") AND (chip* OR "export control*") NOT stock*')
    TopicMatcher(topics).match(TopicDocument(title, text, source_name, language))

`query` holds the grammar and AST, `analysis` the word policy shared by queries and documents,
`matcher` the evaluation. A config loader (settings/) builds each `Topic` with
`parse_topic_query`, which also refuses a query that requires no word at all.
"""

from pipelines.topics.matcher import (
    Topic,
    TopicDocument,
    TopicHit,
    TopicMatcher,
    query_matches,
)
from pipelines.topics.query import (
    And,
    AnyOf,
    InTitle,
    Meta,
    Near,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Word,
    format_query,
    has_positive_text,
    parse_query,
    parse_topic_query,
)
from pipelines.topics.snippet import snippet

__all__ = [
    "And",
    "AnyOf",
    "InTitle",
    "Meta",
    "Near",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "QuerySyntaxError",
    "Topic",
    "TopicDocument",
    "TopicHit",
    "TopicMatcher",
    "Word",
    "format_query",
    "has_positive_text",
    "parse_query",
    "parse_topic_query",
    "query_matches",
    "snippet",
]
