"""Video in the desktop app: timeline, player, recording window and trim dialog."""
