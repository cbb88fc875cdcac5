"""The peer network: an opt-in directory within a cohort."""
