"""Learning: the course content (loaded from courses/) and participants' progress."""
