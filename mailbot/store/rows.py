"""Storage: the statements run for every message, compiled once and run on the transaction's own DBAPI cursor.

SQLAlchemy's execution of a Core statement costs some 40 µs of Python beside the database's few: it looks up
the compiled form by a key built from the statement, turns the parameters over and wraps the cursor in a result.
Ingest runs a dozen such statements a message, so the ones it runs for every message are compiled once here
for each dialect and set of parameters, and run as SQLAlchemy itself would run them: the same SQL, the same
conversion of each value (a UTC instant, JSON, a boolean), the same column defaults, the same transaction (the
session's connection), and a failure raised as SQLAlchemy's own exception, so that `db.transaction` turns a
database that is gone or locked into a TemporaryError as before. A statement that needs more than that (a
callable default, an IN list, a column whose value must be converted when read) is refused when first run.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, event, exc, inspect, update
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached


class Rows:
    """One prebuilt Core statement: `run(session, params)` executes it and returns the DBAPI cursor, whose
    rows are plain values (a RETURNING id, counts); `many(session, rows)` executes it once for each row."""

    def __init__(self, statement):
        self.statement = statement
        self._compiled: dict[tuple, tuple] = {}

    def run(self, session: Session, params: dict):
        connection = _connection(session)
        sql, order, convert = self._prepared(connection.dialect, params)
        return _on_cursor(connection, "execute", sql, _values(params, order, convert))

    def many(self, session: Session, rows: list[dict]) -> None:
        if not rows:
            return
        connection = _connection(session)
        sql, order, convert = self._prepared(connection.dialect, rows[0])
        _on_cursor(connection, "executemany", sql, [_values(row, order, convert) for row in rows])

    def compiled(self, dialect, params: dict) -> tuple:
        """What runs for `params` on `dialect`: the SQL and the values given to the driver with it."""
        sql, order, convert = self._prepared(dialect, params)
        return sql, _values(params, order, convert)

    def _prepared(self, dialect, params: dict) -> tuple:
        key = (dialect.name, *params)
        prepared = self._compiled.get(key)
        if prepared is None:
            prepared = self._compiled[key] = _compile(self.statement, dialect, list(params))
        return prepared


class _Connection:
    """The transaction's connection as a statement here needs it: its dialect and its DBAPI connection."""

    __slots__ = ("dialect", "dbapi")

    def __init__(self, connection):
        self.dialect = connection.dialect
        self.dbapi = connection.connection.driver_connection


def _connection(session: Session) -> _Connection:
    """The session's connection, asked of it once a transaction (it costs a few µs a time, a dozen times a
    message) and again in each savepoint, whose SAVEPOINT the session issues only when it is asked."""
    kept = session.info.get(_CONNECTION)
    if kept is None:
        kept = session.info[_CONNECTION] = _Connection(session.connection())
    return kept


_CONNECTION = "rows_connection"


@event.listens_for(Session, "after_transaction_create")
def _begun(session: Session, _transaction) -> None:
    session.info.pop(_CONNECTION, None)


def _on_cursor(connection: _Connection, method: str, sql: str, values):
    """`method` ("execute" or "executemany") on a new cursor of the transaction's DBAPI connection; a failure
    raised as SQLAlchemy raises it (IntegrityError, OperationalError and the rest)."""
    cursor = connection.dbapi.cursor()
    try:
        getattr(cursor, method)(sql, values)
    except connection.dialect.loaded_dbapi.Error as e:
        raise exc.DBAPIError.instance(sql, values, e, connection.dialect.loaded_dbapi.Error,
                                      dialect=connection.dialect) from e
    return cursor


def _values(params: dict, order, convert: dict):
    """The parameters as the driver takes them: in order for a positional style, else by name."""
    fixed = convert["fixed"]
    merged = {**fixed, **params} if fixed else params
    if order is not None:  # (name, its conversion or None), in the statement's order
        return tuple([merged[name] if process is None else process(merged[name]) for name, process in order])
    processors, escaped = convert["processors"], convert["escaped"]
    return {escaped.get(name, name): processors[name](value) if name in processors else value
            for name, value in merged.items()}


def _compile(statement, dialect, keys: list[str]) -> tuple:
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    if any(bind.expanding for bind in compiled.binds.values()):
        raise ValueError(f"{statement}: a statement with an IN list runs through the session")
    fixed = {}
    for column in (*compiled.insert_prefetch, *compiled.update_prefetch):
        if column.key in keys:
            continue
        if column.default is None or not column.default.is_scalar:
            raise ValueError(f"{statement}: {column.key} must be given (its default is computed)")
        fixed[column.key] = column.default.arg
    for name, bind in compiled.binds.items():
        if name not in keys and name not in fixed and bind.value is not None:
            fixed[name] = bind.value  # a value written into the statement, as `values(status="processed")`
    # What SQLAlchemy would do with each value, asked of the types' public API: how a column it returns is read,
    # and how each bound value is written.
    returned = getattr(statement, "selected_columns", None) or getattr(statement, "exported_columns", None) or ()
    for column in returned:
        if _typed(column, dialect).result_processor(dialect, None) is not None:
            raise ValueError(f"{statement}: {column.key} must be converted when read: read it through the session")
    processors = {name: fn for name, bind in compiled.binds.items()
                  if (fn := _typed(bind, dialect).bind_processor(dialect)) is not None}
    convert = {"fixed": fixed, "processors": processors, "escaped": dict(compiled.escaped_bind_names)}
    order = [(name, processors.get(name)) for name in compiled.positiontup] if compiled.positional else None
    if order is None:  # by name: only the values the statement names go to the driver
        convert["fixed"] = {n: v for n, v in fixed.items()
                            if f"%({convert['escaped'].get(n, n)})s" in compiled.string}
    return compiled.string, order, convert


def _typed(element, dialect):
    """The type of a column or a bound parameter as the dialect implements it."""
    return element.type.dialect_impl(dialect)


def flush_waiting(session: Session, model) -> None:
    """A statement here sees nothing the session has not written (it does not flush first, as the session's own
    queries do): when an object of `model` waits to be written, the session writes what waits now."""
    if any(isinstance(obj, model) for group in (session.new, session.dirty) for obj in group):
        session.flush()


def write_changed(session: Session, model) -> None:
    """Write each changed `model` object of the session as one UPDATE of the columns that changed, then take it as
    if read back. The session's unit of work would write the same row at ten times the cost or more; an object
    whose relationships changed is left to it. Call it where the object's changes are complete (a message acted
    on); a savepoint rolled back afterwards expires the objects written, as the unit of work's would be."""
    table, columns = model.__table__, _columns(model)
    for obj in [o for o in session.dirty if type(o) is model]:
        state = inspect(obj)
        keys = tuple(sorted(state.committed_state))
        if not keys or not all(k in columns for k in keys):
            continue
        update_row = _UPDATES.get((table.name, keys))
        if update_row is None:
            pk = table.primary_key.columns[0]
            update_row = _UPDATES[(table.name, keys)] = Rows(
                update(table).where(pk == bindparam("pk_")).values({columns[k]: bindparam(k) for k in keys}))
        update_row.run(session, {"pk_": state.identity[0], **{k: state.dict[k] for k in keys}})
        # As if read back: no history left, so the unit of work has nothing to write for it.
        session.expunge(obj)
        make_transient(obj)
        make_transient_to_detached(obj)
        session.add(obj)
        session.info.setdefault(_WRITTEN, []).append(obj)


_UPDATES: dict[tuple, Rows] = {}
_WRITTEN = "rows_written"


@cache
def _columns(model) -> dict[str, str]:
    """Attribute key -> column name, for the model's plain columns."""
    return {attr.key: attr.columns[0].key for attr in inspect(model).column_attrs}


def held(session: Session, name: str) -> dict:
    """What this transaction has learnt under `name`, to be asked again without a statement (a history's head,
    the tickets it has locked). It is dropped when any savepoint rolls back, since what the savepoint wrote or
    locked is undone with it, and when the transaction ends."""
    _HELD.add(name)
    return session.info.setdefault(name, {})


_HELD: set[str] = set()


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _transaction) -> None:
    # What was written in a savepoint rolled back is gone from the database: read it again when next used.
    for obj in session.info.pop(_WRITTEN, ()):
        if obj in session:
            session.expire(obj)
    for name in _HELD:
        session.info.pop(name, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:
        for name in (_WRITTEN, _CONNECTION, *_HELD):
            session.info.pop(name, None)
