"""The exports of ``python -m jobs.export FORMAT``: the database in shapes other tools read as they are.

    litellm             model_prices_and_context_window.json for litellm.register_model (litellm.py)
    models-dev          a providers/<id>/... TOML tree in models.dev's layout (models_dev.py)
    csv, json           current prices and the whole price history, exact decimals as text (tables.py)
    datasette-metadata  metadata.json describing the public views to Datasette (datasette.py)

Each reads the public views only (rows.py), writes its files atomically (files.py) beside an
``export_notes.json`` that says when the export ran and what it left out and why (notes.py), and
returns the one-line summary the command prints.
"""
