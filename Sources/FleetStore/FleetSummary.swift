import GRDB
import KdumpCheck

/// One run of a fleet database as a support team reads it in the morning: VMs by verdict, the
/// findings per rule with the VMs of each, per kernel version, per generation and platform, what
/// changed since the run before (newly broken, fixed, new and gone VMs) and the VMs that could
/// not be checked, with the reason.
public struct FleetSummary: Sendable {
  public struct Count: Sendable {
    public var key: String
    public var vms: Int
    public var broken: Int
  }
  public struct RuleCount: Sendable {
    public var rule: String
    public var severity: String
    public var findings: Int
    public var vms: [String]
  }
  public struct Change: Sendable {
    public var vm: String
    public var before: String?
    public var now: String?
  }

  public var run: Int64
  public var startedAt: String
  public var toolVersion: String
  public var previousRun: Int64?
  public var verdicts: [(verdict: String, vms: Int)]
  public var rules: [RuleCount]
  public var kernels: [Count]
  public var platforms: [Count]
  public var newlyBroken: [Change]
  public var fixed: [Change]
  public var added: [String]
  public var gone: [String]
  public var notChecked: [(vm: String, status: String, reason: String)]

  /// The summary of `run`, or of the last finished run.
  public init(_ database: FleetDatabase, run: Int64? = nil) throws(FleetStoreError) {
    let summary: FleetSummary? = try database.read { db in try Self.load(db, run: run) }
    guard let summary else {
      throw FleetStoreError(path: database.path, message: run.map { "no run \($0)" } ?? "no finished run")
    }
    self = summary
  }

  private init(run: Int64, startedAt: String, toolVersion: String) {
    self.run = run
    self.startedAt = startedAt
    self.toolVersion = toolVersion
    verdicts = []
    rules = []
    kernels = []
    platforms = []
    newlyBroken = []
    fixed = []
    added = []
    gone = []
    notChecked = []
  }

  private static func load(_ db: Database, run wanted: Int64?) throws -> FleetSummary? {
    let runRow =
      try wanted.map { try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [$0]) }
      ?? Row.fetchOne(db, sql: "SELECT * FROM run WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")
    guard let runRow else { return nil }
    let run: Int64 = runRow["id"]
    var s = FleetSummary(run: run, startedAt: runRow["started_at"], toolVersion: runRow["tool_version"])
    s.previousRun = try Int64.fetchOne(
      db, sql: "SELECT MAX(id) FROM run WHERE id < ? AND finished_at IS NOT NULL", arguments: [run])
    let order = Verdict.allCases.sorted { $0.rank > $1.rank }.map(\.rawValue)
    let byVerdict = Dictionary(
      uniqueKeysWithValues: try Row.fetchAll(
        db,
        sql:
          "SELECT verdict, COUNT(*) AS n FROM vm WHERE run_id = ? AND verdict IS NOT NULL GROUP BY verdict",
        arguments: [run]
      ).map { row -> (String, Int) in (row["verdict"], row["n"]) })
    s.verdicts = order.map { ($0, byVerdict[$0] ?? 0) }
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT rule, MAX(severity) AS severity, COUNT(*) AS findings, GROUP_CONCAT(DISTINCT vm) AS vms
        FROM (SELECT f.rule, f.vm, CASE f.severity WHEN 'error' THEN 3 WHEN 'warning' THEN 2 WHEN 'note' THEN 1
                     ELSE 0 END AS severity
              FROM vm v JOIN finding f ON f.run_id = COALESCE(v.reused_from, v.run_id) AND f.vm = v.vm
              WHERE v.run_id = ? ORDER BY f.vm)
        GROUP BY rule ORDER BY rule
        """, arguments: [run])
    {
      let level: Int = row["severity"]
      let vms: String? = row["vms"]
      s.rules.append(
        RuleCount(
          rule: row["rule"], severity: ["info", "note", "warning", "error"][level], findings: row["findings"],
          vms: (vms ?? "").split(separator: ",").map(String.init)))
    }
    s.kernels = try counts(db, "COALESCE(NULLIF(kernels, ''), 'unknown')", run: run)
    s.platforms = try counts(db, "COALESCE(platform, 'unknown')", run: run)
    if let previous = s.previousRun {
      // Both runs' verdicts by VM, compared in one pass (a join of two subqueries has no index).
      func verdicts(_ run: Int64) throws -> [(vm: String, verdict: String?)] {
        try Row.fetchAll(db, sql: "SELECT vm, verdict FROM vm WHERE run_id = ? ORDER BY vm", arguments: [run])
          .map { row in (row["vm"], row["verdict"]) }
      }
      let now = try verdicts(run)
      let before = Dictionary(
        try verdicts(previous).map { ($0.vm, $0.verdict) }, uniquingKeysWith: { a, _ in a })
      let nowVMs = Set(now.map(\.vm))
      for (vm, verdict) in now {
        guard let was = before[vm] else {
          s.added.append(vm)
          if verdict == "broken" { s.newlyBroken.append(Change(vm: vm, before: nil, now: verdict)) }
          continue
        }
        if verdict == "broken" && was != "broken" {
          s.newlyBroken.append(Change(vm: vm, before: was, now: verdict))
        }
        if was == "broken" && verdict != "broken" {
          s.fixed.append(Change(vm: vm, before: was, now: verdict))
        }
      }
      s.gone = before.keys.filter { !nowVMs.contains($0) }.sorted()
    }
    s.notChecked = try Row.fetchAll(
      db,
      sql:
        "SELECT vm, status, reason FROM vm WHERE run_id = ? AND status IN ('skipped', 'failed') ORDER BY vm",
      arguments: [run]
    ).map { row in
      let reason: String? = row["reason"]
      return (vm: row["vm"], status: row["status"], reason: reason ?? "")
    }
    return s
  }

  private static func counts(_ db: Database, _ column: String, run: Int64) throws -> [Count] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(column) AS k, COUNT(*) AS n, SUM(verdict = 'broken') AS broken FROM vm
        WHERE run_id = ? AND status IN ('checked', 'reused') GROUP BY k ORDER BY n DESC, k
        """, arguments: [run]
    ).map { Count(key: $0["k"], vms: $0["n"], broken: $0["broken"]) }
  }
}
