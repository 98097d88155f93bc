"""The officers' AI helper: LLM backends, prompts and skills (legal Q&A, offence and discretion, transcript
drafting, dispatch Q&A) and their typed stream events (assistant.events). Imports knowledge; never imported by it."""
