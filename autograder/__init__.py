"""Trustworthy, fast grading for the course, and the small helpers its notebooks share."""
