"""Coaching tools for defenders: SMART recommendation checks and pitch practice."""
