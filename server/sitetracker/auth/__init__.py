"""Who is asking, and what they may do: passwords, tokens, sessions, CSRF and roles."""
