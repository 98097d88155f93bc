"""Speech to text with faster-whisper: VAD, timestamps, legal hotwords, simplified Chinese."""
