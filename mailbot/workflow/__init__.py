"""Workflow: the ticket state machine and the use cases that drive it."""
