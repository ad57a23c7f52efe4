"""Zone watch, the edge that reads the published zone (a zone file, or a transfer from the registry's server):
`reader.py` keeps only the delegations of the domains asked for, with the SOA serial."""
