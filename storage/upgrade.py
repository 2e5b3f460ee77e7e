"""Bringing a database made by an earlier release up to the current tables, keeping its history.

New tables are created by ``create_all``; a column added to an existing table since is added here
with its default, so old rows read as they always meant (every price stored before currencies were
recorded was in USD: ``offering_versions.currency`` is added as 'USD'). Nothing is dropped or rewritten.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect
from sqlalchemy.schema import Column, CreateColumn
from sqlmodel import SQLModel


def add_missing_columns(connection: Connection) -> list[str]:
    """ALTER TABLE ... ADD COLUMN for every model column an existing table lacks; returns "table.column"s."""
    inspector = inspect(connection)
    added = []
    for table in SQLModel.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                connection.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {_definition(column, connection)}")
                added.append(f"{table.name}.{column.name}")
    return added


def _definition(column: Column, connection: Connection) -> str:
    """The column as CREATE TABLE would write it; a NOT NULL column needs a default for the old rows."""
    if not column.nullable and column.server_default is None:
        raise RuntimeError(f"cannot add {column.table.name}.{column.name}: NOT NULL without a server default")
    return str(CreateColumn(column).compile(dialect=connection.dialect))
