"""Policy: the rules of the service that every flow applies the same way (who may be a contact, and why not)."""
