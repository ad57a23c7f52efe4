"""Outbox: mail out is rendered, written with the ticket change that causes it, then sent by a separate step."""
