"""The end-of-programme survey of a cohort."""
