"""The officers' AI helper: LLM backends, prompts and skills (legal Q&A, offence and discretion, transcript
drafting, dispatch Q&A), orchestrated with langchain. Imports knowledge; never imported by it."""
