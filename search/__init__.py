"""Full-text search over the stored articles (tantivy), in the query syntax of topics: the
index beside the warehouse file (`index`), the query translation (`query`) and the search with
its ranked, highlighted hits (`articles`)."""
