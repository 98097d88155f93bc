"""Users, roles and authentication (OAuth2 password flow, JWT)."""
