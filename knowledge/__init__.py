"""Legal ground truth: statutes parsed to the article, the citation resolver/verifier, the offence catalogue,
embeddings and hybrid (keyword + FAISS) retrieval."""
