"""Data lifecycle: retention and purge, anonymising finished cohorts, backup and restore."""
