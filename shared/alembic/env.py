"""The Alembic environment every service's migrations run in: the connection and the service's tables are
handed over by `shared.migrations`, never read from a configuration file."""

from alembic import context

config = context.config
connection = config.attributes["connection"]
if connection is None:
    raise RuntimeError("migrations run through shared.migrations (procure db …), which supplies the connection")

# SQLite alters tables by copying them (batch mode); constraint names come from the registries' convention.
context.configure(
    connection=connection,
    target_metadata=config.attributes["target_metadata"],
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
