"""Faces: finding and following them in a clip, and rendering the redacted copy."""
