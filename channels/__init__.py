"""The outermost layer: the web chat, WeChat, the `zhifa` command line and the server's composition root."""
