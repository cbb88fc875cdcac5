"""Audit log: who did what to which record, and when — never the content."""
