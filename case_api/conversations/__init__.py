"""Conversations with the assistant: per user, stored with their messages (masked), kept for a retention period."""
