"""Storage: the database schema, engine, sessions and the queries the workflow needs."""
