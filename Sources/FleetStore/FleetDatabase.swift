import Foundation
import GRDB
import KdumpCheck

/// A fleet's results in SQLite (`check --db FILE`): one row per run, per VM of a run, per
/// finding with its evidence, per capture gap. The schema is versioned by migrations
/// (`FleetSchema`); the file is opened in WAL mode with a busy timeout, so runs on one database
/// at the same time wait for each other instead of failing or corrupting it.
public struct FleetDatabase: Sendable {
  public let path: String
  private let pool: DatabasePool

  public init(path: String) throws(FleetStoreError) {
    self.path = path
    var config = Configuration()
    config.busyMode = .timeout(60)
    config.foreignKeysEnabled = true
    // Runs that start at once on a new file race to set WAL mode and to migrate: the loser sees
    // `database is locked` (the mode switch does not wait on the busy timeout) or `table …
    // already exists` (both read "no migration applied"). It opens again once the winner is done.
    var attempt = 0
    while true {
      do {
        let pool = try DatabasePool(path: path, configuration: config)
        try FleetSchema.migrator.migrate(pool)
        self.pool = pool
        return
      } catch let error as DatabaseError
        where attempt < 100
        && (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
          || (error.resultCode == .SQLITE_ERROR && error.message?.contains("already exists") == true))
      {
        attempt += 1
        usleep(UInt32.random(in: 20_000...80_000))
      } catch {
        throw FleetStoreError(path: path, error)
      }
    }
  }

  /// Starts a run: what a re-run compares (the tool version and the options that change
  /// findings), and when.
  public func beginRun(
    toolVersion: String, options: String, inputs: [String], startedAt: Date
  ) throws(FleetStoreError) -> Int64 {
    try write { db in
      try Self.execute(
        db, "INSERT INTO run (started_at, tool_version, options, inputs) VALUES (?, ?, ?, ?)",
        [Self.timestamp(startedAt), toolVersion, options, inputs.joined(separator: "\n")])
      return db.lastInsertedRowID
    }
  }

  public func finishRun(_ run: Int64) throws(FleetStoreError) {
    try write { db in
      try Self.execute(
        db, "UPDATE run SET finished_at = ? WHERE id = ?", [Self.timestamp(Date()), run])
    }
  }

  /// The VMs already checked with these contents, tool version and options: by VM id, the run
  /// that checked them (not one that reused them), its verdict and its worst severity.
  public func recorded(toolVersion: String, options: String) throws(FleetStoreError) -> [String: RecordedVM] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT vm.vm, vm.content_key, vm.run_id, vm.verdict,
                 (SELECT MAX(CASE severity WHEN 'error' THEN 3 WHEN 'warning' THEN 2 WHEN 'note' THEN 1 ELSE 0 END)
                  FROM finding WHERE finding.run_id = vm.run_id AND finding.vm = vm.vm) AS worst
          FROM vm JOIN run ON run.id = vm.run_id
          WHERE vm.status = 'checked' AND run.tool_version = ? AND run.options = ? AND run.finished_at IS NOT NULL
          ORDER BY vm.run_id
          """, arguments: [toolVersion, options])
      var out: [String: RecordedVM] = [:]
      for row in rows {
        let worst: Int? = row["worst"]
        out[row["vm"]] = RecordedVM(
          vm: row["vm"], contentKey: row["content_key"], run: row["run_id"],
          verdict: Verdict(rawValue: row["verdict"]) ?? .undecided,
          worst: worst.flatMap { [Severity.info, .note, .warning, .error][$0] })
      }
      return out
    }
  }

  /// Records the VMs of a run in one transaction, in the order given.
  public func record(_ outcomes: [VMOutcome], run: Int64) throws(FleetStoreError) {
    try write { db in
      for outcome in outcomes {
        switch outcome.result {
        case .checked(let report): try Self.insert(report, key: outcome.contentKey, run: run, db)
        case .reused(let from): try Self.copy(outcome.vm, from: from, key: outcome.contentKey, run: run, db)
        case .skipped(let reason), .failed(let reason):
          try Self.execute(
            db, "INSERT INTO vm (run_id, vm, content_key, status, reason) VALUES (?, ?, ?, ?, ?)",
            [run, outcome.vm, outcome.contentKey, outcome.result.status, reason])
        }
      }
    }
  }

  /// Runs `sql` through the connection's statement cache: a run inserts the same few
  /// statements thousands of times.
  private static func execute(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
    try db.cachedStatement(sql: sql).execute(arguments: arguments)
  }

  private static func insert(_ report: VMReport, key: String, run: Int64, _ db: Database) throws {
    let platform = report.capture.platform
    var kernels = report.capture.earlier?.kernelVersions ?? []
    for g in report.capture.graphs {
      if let release = g.boot?.kernelVersion, !kernels.contains(release) { kernels.append(release) }
    }
    try Self.execute(
      db,
      """
      INSERT INTO vm (run_id, vm, content_key, status, platform, generation, architecture, kernels,
                      verdict, verdict_reason)
      VALUES (?, ?, ?, 'checked', ?, ?, ?, ?, ?, ?)
      """,
      [
        run, report.id, key, platform.summary, platform.generation.rawValue, platform.architecture.rawValue,
        kernels.joined(separator: ", "), report.verdict.rawValue, report.verdictReason,
      ])
    for (n, f) in report.findings.enumerated() {
      try Self.execute(
        db,
        """
        INSERT INTO finding (run_id, vm, n, rule, condition, severity, message, remediation, fingerprint,
                             occurrences)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
          run, report.id, n + 1, f.rule, f.condition, f.severity.rawValue, f.message, f.remediation,
          f.fingerprint, f.occurrences,
        ])
      for (k, e) in f.evidence.enumerated() {
        try Self.execute(
          db,
          """
          INSERT INTO evidence (run_id, vm, finding, n, source, line, boot, role, text, note)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
          [
            run, report.id, n + 1, k + 1, e.provenance.source, e.provenance.line, e.boot, e.role.rawValue,
            e.provenance.text, e.note,
          ])
      }
    }
    for (n, gap) in report.gaps.enumerated() {
      try Self.execute(
        db, "INSERT INTO gap (run_id, vm, n, text) VALUES (?, ?, ?, ?)",
        [run, report.id, n + 1, gap])
    }
  }

  /// A VM unchanged since run `from`: its row in this run, marked as reused and pointing to
  /// the run whose rows hold its findings, evidence and gaps (they are not copied, so an
  /// unchanged re-run writes one row a VM).
  private static func copy(_ vm: String, from: Int64, key: String, run: Int64, _ db: Database) throws {
    try Self.execute(
      db,
      """
      INSERT INTO vm (run_id, vm, content_key, status, reused_from, platform, generation, architecture,
                      kernels, verdict, verdict_reason)
      SELECT ?, vm, ?, 'reused', run_id, platform, generation, architecture, kernels, verdict, verdict_reason
      FROM vm WHERE run_id = ? AND vm = ?
      """, [run, key, from, vm])
  }

  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(FleetStoreError) -> T {
    do { return try pool.read(body) } catch { throw FleetStoreError(path: path, error) }
  }

  private func write<T>(_ body: (Database) throws -> T) throws(FleetStoreError) -> T {
    do { return try pool.write(body) } catch { throw FleetStoreError(path: path, error) }
  }

  private static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

/// What an earlier run recorded of a VM.
public struct RecordedVM: Sendable {
  public var vm: String
  public var contentKey: String
  public var run: Int64
  public var verdict: Verdict
  /// The worst severity among its findings; nil without findings.
  public var worst: Severity?
}

/// One VM of a run, as it is recorded.
public struct VMOutcome: Sendable {
  public enum Result: Sendable {
    case checked(VMReport)
    /// Unchanged since the run that checked it: not checked again.
    case reused(fromRun: Int64)
    /// Nothing of it could be read (the reason says why).
    case skipped(String)
    /// Its check failed (the reason says why).
    case failed(String)

    var status: String {
      switch self {
      case .checked: "checked"
      case .reused: "reused"
      case .skipped: "skipped"
      case .failed: "failed"
      }
    }
  }
  public var vm: String
  public var contentKey: String
  public var result: Result

  public init(vm: String, contentKey: String, result: Result) {
    self.vm = vm
    self.contentKey = contentKey
    self.result = result
  }
}

/// A database that cannot be opened, migrated, read or written: the file and SQLite's word.
public struct FleetStoreError: Error, CustomStringConvertible {
  public let path: String
  public let message: String

  init(path: String, _ error: any Error) {
    self.path = path
    message = (error as? DatabaseError)?.message ?? "\(error)"
  }

  init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}
