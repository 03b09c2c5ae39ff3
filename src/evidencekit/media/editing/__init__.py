"""Changing a clip: trimming, smart cut, remuxing, transcoding, the bundle's normalized copy."""
