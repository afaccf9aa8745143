"""SQLite storage through sqlite-utils: connection, schema, store and change watcher. Never imports textual."""
