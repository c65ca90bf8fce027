import Foundation
import Testing

/// `check --db FILE` and `summary FILE`: a run recorded in SQLite, a re-run that skips what did
/// not change and exits as the first did, what changed since the run before, runs at once.
@Suite struct FleetDatabaseTests {
  /// A copy of samples/fleet in a directory of its own, and a database path beside it.
  static func fleet(_ name: String) throws -> (fleet: String, db: String) {
    let dir = NSTemporaryDirectory() + "iomem-audit-db-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: CLI.sample("fleet"), toPath: dir + "/fleet")
    return (dir + "/fleet", dir + "/fleet.sqlite")
  }

  static func summary(_ db: String, _ extra: [String] = []) throws -> [String: Any] {
    let run = try CLI.run(["summary", "--format", "json"] + extra + [db])
    #expect(run.status == 0, "\(run.stderr)")
    return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
  }

  static func verdicts(_ s: [String: Any]) -> [String: Int] { s["verdicts"] as? [String: Int] ?? [:] }

  @Test func aReRunSkipsUnchangedVMsAndExitsAsTheFirstRunDid() throws {
    let (fleet, db) = try Self.fleet("rerun")
    defer { try? FileManager.default.removeItem(atPath: (fleet as NSString).deletingLastPathComponent) }
    let first = try CLI.run(["check", "--db", db, fleet])
    #expect(first.status == 1)
    #expect(first.stdout.contains("custA/vm1") && !first.stderr.contains("unchanged"))
    let firstSummary = try Self.summary(db)
    #expect(Self.verdicts(firstSummary) == ["broken": 3, "at-risk": 0, "undecided": 1, "healthy": 0])

    let second = try CLI.run(["check", "--db", db, fleet])
    #expect(second.status == 1)
    #expect(second.stderr.contains("4 VMs unchanged since \(db) run 1, not checked again"))
    #expect(!second.stdout.contains("custA/vm1"))
    let secondSummary = try Self.summary(db)
    #expect(secondSummary["run"] as? Int == 2 && secondSummary["previous_run"] as? Int == 1)
    #expect(Self.verdicts(secondSummary) == Self.verdicts(firstSummary))
    let rules = { (s: [String: Any]) in
      (s["rules"] as? [[String: Any]] ?? []).map { "\($0["rule"]!) \($0["vms"]!)" }
    }
    #expect(rules(secondSummary) == rules(firstSummary))
    #expect(!rules(firstSummary).isEmpty)

    // --fail-on never: a re-run of unchanged VMs exits 0 too; --force checks every VM again.
    #expect(try CLI.run(["check", "--db", db, "--fail-on", "never", fleet]).status == 0)
    let forced = try CLI.run(["check", "--db", db, "--force", fleet])
    #expect(forced.status == 1 && !forced.stderr.contains("unchanged") && forced.stdout.contains("custA/vm1"))
  }

  @Test func aChangedVMIsCheckedAgainAndTheSummarySaysWhatChanged() throws {
    let (fleet, db) = try Self.fleet("change")
    defer { try? FileManager.default.removeItem(atPath: (fleet as NSString).deletingLastPathComponent) }
    #expect(try CLI.run(["check", "--db", db, fleet]).status == 1)
    // custA/vm2 (undecided) now holds a broken Gen1 capture; custB/vm2 (broken) a healthy Gen2
    // one; custC/vm1 is new.
    let fm = FileManager.default
    try fm.removeItem(atPath: fleet + "/custA/vm2/dmesg.txt")
    for f in ["iomem", "serial-console.log"] {
      try fm.copyItem(atPath: CLI.sample("gen1-hyperv-highmmio-vram/" + f), toPath: fleet + "/custA/vm2/" + f)
    }
    try fm.removeItem(atPath: fleet + "/custB/vm2/proc-iomem.txt")
    for f in try fm.contentsOfDirectory(atPath: CLI.sample("gen2-azure"))
    where f != "README.md" && f != "expected.json" {
      try fm.copyItem(atPath: CLI.sample("gen2-azure/" + f), toPath: fleet + "/custB/vm2/" + f)
    }
    try fm.createDirectory(atPath: fleet + "/custC/vm1", withIntermediateDirectories: true)
    try fm.copyItem(atPath: CLI.sample("qemu-kvm/iomem"), toPath: fleet + "/custC/vm1/iomem")

    let second = try CLI.run(["check", "--db", db, fleet])
    #expect(second.stderr.contains("2 VMs unchanged since \(db) run 1"))
    #expect(second.stdout.contains("custA/vm2") && second.stdout.contains("custB/vm2"))
    #expect(!second.stdout.contains("VM custA/vm1:"))
    let since = try Self.summary(db)["since_previous"] as? [String: Any] ?? [:]
    #expect((since["newly_broken"] as? [[String: Any]])?.map { $0["vm"] as? String } == ["custA/vm2"])
    #expect((since["fixed"] as? [[String: Any]])?.map { $0["vm"] as? String } == ["custB/vm2"])
    #expect(since["new"] as? [String] == ["custC/vm1"])
    let text = try CLI.run(["summary", db])
    #expect(text.stdout.contains("newly broken (1): custA/vm2 (was undecided)"))
    #expect(text.stdout.contains("fixed (1): custB/vm2 (now healthy)"))
    // The first run is still there to look at.
    #expect(try Self.summary(db, ["--run", "1"])["since_previous"] is [String: Any])
  }

  @Test func runsAtTheSameTimeOnOneDatabaseBothLand() async throws {
    let (fleet, db) = try Self.fleet("concurrent")
    defer { try? FileManager.default.removeItem(atPath: (fleet as NSString).deletingLastPathComponent) }
    // Four runs start at once on a database that does not exist yet: all race to create it.
    let runs = try await withThrowingTaskGroup(of: CLIRun.self) { group in
      for _ in 0..<4 {
        group.addTask { try CLI.run(["check", "--db", db, "--force", "--jobs", "2", fleet]) }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(runs.map(\.status) == [1, 1, 1, 1], "\(runs.map(\.stderr))")
    let last = try Self.summary(db)
    #expect(last["run"] as? Int == 4)
    #expect(Self.verdicts(last)["broken"] == 3)
  }

  @Test func aPasteOnStdinAndABaselineBeingWrittenAreAlwaysChecked() throws {
    let (fleet, db) = try Self.fleet("stdin")
    defer { try? FileManager.default.removeItem(atPath: (fleet as NSString).deletingLastPathComponent) }
    let paste = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("seed-thread/paste.txt")))
    for _ in 0..<2 {
      let run = try CLI.run(["check", "--db", db, "-"], stdin: paste)
      #expect(run.status == 1 && run.stdout.contains("KD002") && !run.stderr.contains("unchanged"))
    }
    #expect(try CLI.run(["check", "--db", db, fleet]).status == 1)
    let baseline = (fleet as NSString).deletingLastPathComponent + "/baseline.json"
    let written = try CLI.run(["check", "--db", db, "--write-baseline", baseline, fleet])
    #expect(!written.stderr.contains("unchanged") && written.stdout.contains("custA/vm1"))
    let text = try String(contentsOfFile: baseline, encoding: .utf8)
    #expect(text.contains("KD011") && text.contains("KD004"), "the baseline holds every VM's findings")
  }

  @Test func aVMThatTimedOutIsRecordedWithTheReason() throws {
    let (fleet, db) = try Self.fleet("timeout")
    defer { try? FileManager.default.removeItem(atPath: (fleet as NSString).deletingLastPathComponent) }
    let run = try CLI.run(["check", "--db", db, "--timeout", "0.5", fleet, "-"], stdinOpen: true)
    #expect(run.status == 1)
    let summary = try Self.summary(db)
    let notChecked = summary["not_checked"] as? [[String: String]] ?? []
    #expect(
      notChecked == [
        ["vm": "<stdin>", "status": "failed", "reason": "timed out: not checked within 0.5 s (--timeout)"]
      ])
    #expect(Self.verdicts(summary)["broken"] == 3)
  }

  @Test func summaryNamesAMissingDatabase() throws {
    let run = try CLI.run(["summary", "/nonexistent/fleet.sqlite"])
    #expect(run.status == 2 && run.stderr.contains("/nonexistent/fleet.sqlite: no such database"))
  }
}
