"""Real Mandarin clips (AISHELL-1 via wenet, PaddleSpeech demo; Apache-2.0) used by `zhifa doctor` and the tests."""
