"""Live mirror mode: the streaming engine (one frame at a time), its sources, events and drawing."""
