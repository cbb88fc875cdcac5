"""Live Q&A sessions of a cohort: scheduling, questions, votes and calendar feeds."""
