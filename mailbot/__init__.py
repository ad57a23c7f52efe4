"""Registry Lock mailbot: an email-driven ticket bot for a registry's Registry Lock service."""
