"""Parse: everything a mail says, read from its stored bytes: the mail itself (mail.py, in the parser process of
worker.py, within the limits of limits.py), the sender's own words (own_words.py), and what those words ask for: a
change request, a form, a command, a bounce. It reads and never decides: classify and the workflow do that."""
