"""The main window's views: dashboard, pathway, people, roster, reviews, wallet, welcome."""
