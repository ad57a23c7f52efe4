"""Ingest: bytes in from files, Maildirs, stdin or SMTP; stored before anything else happens."""
