"""Qt item models: they hold ids and counts, and read rows on demand through the readers."""
