"""The system of record (FastAPI + SQLModel): cases, parties, evidence, documents, audit chain, roster, payments,
camera events, statistics, users. Imports no AI package."""
