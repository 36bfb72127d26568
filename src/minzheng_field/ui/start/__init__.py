"""What the user sees before a session: first run (create or restore) and unlock."""
