"""The main window: its frame and menus, tabs built on first view, fitting the screen,
starting a submission."""
