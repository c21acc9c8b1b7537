"""Video input (decoding with real timestamps) and output (browser-playable H.264)."""
