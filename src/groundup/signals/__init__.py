"""Clean landmark signals and find events (reps) in them."""
