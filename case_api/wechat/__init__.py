"""WeChat's record side: openid bindings, one-time codes, message dedupe, citizens' case bindings, notifications."""
