"""执法文书: drafts filled from the case, issued as numbered, hashed, immutable PDF + DOCX."""
