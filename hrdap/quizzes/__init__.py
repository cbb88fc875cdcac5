"""Quizzes: grading of quiz attempts (see grading.py)."""
