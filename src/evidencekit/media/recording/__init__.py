"""Recording a clip: the crash-safe recorder, its sidecar, recovery, bookmarks, a demo camera."""
