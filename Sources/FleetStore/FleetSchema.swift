import GRDB

/// The database's schema, one migration per version (GRDB records which have run, in
/// `grdb_migrations`); a new column or table is a new migration, never an edit of an old one.
/// docs/fleet.md documents every table.
enum FleetSchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            tool_version TEXT NOT NULL,
            options TEXT NOT NULL,
            inputs TEXT NOT NULL
          );
          CREATE TABLE vm (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            vm TEXT NOT NULL,
            content_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('checked', 'reused', 'skipped', 'failed')),
            reused_from INTEGER REFERENCES run(id),
            reason TEXT,
            platform TEXT,
            generation TEXT,
            architecture TEXT,
            kernels TEXT,
            verdict TEXT,
            verdict_reason TEXT,
            PRIMARY KEY (run_id, vm)
          );
          CREATE INDEX vm_by_id ON vm(vm, content_key);
          CREATE TABLE finding (
            run_id INTEGER NOT NULL,
            vm TEXT NOT NULL,
            n INTEGER NOT NULL,
            rule TEXT NOT NULL,
            condition TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            remediation TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            occurrences INTEGER NOT NULL,
            PRIMARY KEY (run_id, vm, n),
            FOREIGN KEY (run_id, vm) REFERENCES vm(run_id, vm) ON DELETE CASCADE
          );
          CREATE TABLE evidence (
            run_id INTEGER NOT NULL,
            vm TEXT NOT NULL,
            finding INTEGER NOT NULL,
            n INTEGER NOT NULL,
            source TEXT NOT NULL,
            line INTEGER NOT NULL,
            boot INTEGER NOT NULL,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (run_id, vm, finding, n),
            FOREIGN KEY (run_id, vm, finding) REFERENCES finding(run_id, vm, n) ON DELETE CASCADE
          );
          CREATE TABLE gap (
            run_id INTEGER NOT NULL,
            vm TEXT NOT NULL,
            n INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, vm, n),
            FOREIGN KEY (run_id, vm) REFERENCES vm(run_id, vm) ON DELETE CASCADE
          );
          """)
    }
    return migrator
  }
}
