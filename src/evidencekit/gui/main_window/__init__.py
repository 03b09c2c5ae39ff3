"""The main window: its Work tab, the tabs beside it built on first view, its menus,
fitting the screen, starting a submission; and the shell its helpers see of it."""
