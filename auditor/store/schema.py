"""The store's tables, as numbered migrations.

Plain, portable SQL (TEXT, INTEGER, REAL; composite keys; no AUTOINCREMENT, no SQLite-only
types): the SQLite and the PostgreSQL backends run the same statements. The one dialect
difference: REAL here means an 8-byte float, which PostgreSQL spells DOUBLE PRECISION
(`PostgresStore._ddl`). Timestamps are ISO 8601 text with their UTC offset; JSON columns
are text. To change the schema, append a migration: never edit one that has shipped, since
stores in the field were built from it.
"""

from __future__ import annotations

#: Migration number → statements. `schema_version` holds the highest one applied.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            as_of TEXT NOT NULL,
            horizon_days INTEGER NOT NULL,
            tool_version TEXT NOT NULL,
            inventory_source TEXT NOT NULL,
            inventory_sha256 TEXT NOT NULL,
            catalogue_version TEXT NOT NULL,
            catalogue_sha256 TEXT NOT NULL,
            interrupted INTEGER NOT NULL DEFAULT 0,
            status_counts TEXT,
            options TEXT NOT NULL
        )""",
        """CREATE TABLE device_results (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            device_name TEXT NOT NULL,
            seq INTEGER NOT NULL,
            host TEXT NOT NULL,
            port INTEGER NOT NULL,
            platform TEXT NOT NULL,
            driver TEXT NOT NULL,
            username TEXT,
            site TEXT,
            role TEXT,
            tags TEXT NOT NULL,
            device_groups TEXT NOT NULL,
            device_data TEXT NOT NULL,
            status TEXT NOT NULL,
            cause TEXT,
            error TEXT,
            facts TEXT,
            findings TEXT NOT NULL,
            target_version TEXT,
            target_note TEXT,
            started_at TEXT,
            duration_s REAL NOT NULL,
            attempts INTEGER NOT NULL,
            PRIMARY KEY (run_id, device_name)
        )""",
        """CREATE TABLE collections (
            run_id TEXT NOT NULL,
            device_name TEXT NOT NULL,
            seq INTEGER NOT NULL,
            command TEXT NOT NULL,
            collected_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            truncated INTEGER NOT NULL,
            output TEXT NOT NULL,
            PRIMARY KEY (run_id, device_name, seq),
            FOREIGN KEY (run_id, device_name) REFERENCES device_results (run_id, device_name)
        )""",
        "CREATE INDEX runs_started ON runs (started_at)",
    ),
    # Distributed collection (auditor.distributed): each time a worker takes a device's task.
    # A redelivered task (its worker was killed) counts again, so a device's attempts include
    # the ones lost with a worker, and `worker` says which collector did the last delivery.
    2: (
        """CREATE TABLE deliveries (
            run_id TEXT NOT NULL REFERENCES runs (run_id),
            device_name TEXT NOT NULL,
            zone TEXT NOT NULL,
            deliveries INTEGER NOT NULL,
            worker TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            PRIMARY KEY (run_id, device_name)
        )""",
    ),
    # The output a device was judged on (`DeviceResult.judged`: command, collected_at,
    # output_sha256; JSON), once per result instead of copied into each of its findings,
    # which now cite only their catalogue entry. NULL in rows written before this migration:
    # their findings each still carry it, and `codec.result_from` reads it from there.
    3: ("ALTER TABLE device_results ADD COLUMN judged TEXT",),
    # The CLI prompt each answer ended at (`Collection.prompt`): on IOS XR, VRP, Comware,
    # ZXROS and IPOS the only place the host name shows, so a stored run re-evaluates to the
    # same facts as the live one. NULL in rows written before this migration, as for saved
    # output, NAPALM and MML answers (which have no prompt).
    4: ("ALTER TABLE collections ADD COLUMN prompt TEXT",),
}

LATEST = max(MIGRATIONS)
