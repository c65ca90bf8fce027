import Foundation
import GRDB
import IomemParse
import KdumpCheck
import Testing

@testable import FleetStore

/// The store itself: the versioned schema, a VM's rows as its report has them, a reused VM's
/// row pointing to the run that holds its findings.
@Suite struct FleetDatabaseStoreTests {
  static let log = """
    [    0.000000] Linux version 5.15.0-1068-azure (buildd@lcy02-amd64-058) #77-Ubuntu SMP
    [    0.000000] Command line: elfcorehdr=0x3d000000 BOOT_IMAGE=/boot/vmlinuz-5.15.0-1068-azure ro reset_devices
    [    0.000000] Hypervisor detected: Microsoft Hyper-V
    [    2.002214] hv_vmbus: registering driver hv_pci
    [    2.201233] hv_pci c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d: PCI Pass-through VSP failed D0 Entry with status c0370048
    """

  static func database() throws -> (FleetDatabase, String) {
    let path = NSTemporaryDirectory() + "iomem-audit-store-\(UUID().uuidString).sqlite"
    return (try FleetDatabase(path: path), path)
  }

  @Test func theSchemaIsVersionedByItsMigrations() throws {
    let (_, path) = try Self.database()
    let queue = try DatabaseQueue(path: path)
    let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
    #expect(applied == ["v1"])
    let tables = try queue.read {
      try String.fetchAll(
        $0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name"
      )
    }
    #expect(tables.filter { !$0.hasPrefix("sqlite") } == ["evidence", "finding", "gap", "run", "vm"])
  }

  @Test func aVMIsRecordedWithItsFindingsEvidenceAndGapsAndPointedToWhenReused() throws {
    let (store, path) = try Self.database()
    let report = VMReport(
      capture: Capture(vm: "vm1", files: [CaptureFile.read(text: Self.log, source: "kexec-dmesg.log")]))
    let d0 = try #require(report.findings.first { $0.rule == "KD004" })
    let first = try store.beginRun(toolVersion: "t", options: "o", inputs: ["fleet"], startedAt: Date())
    try store.record([VMOutcome(vm: "vm1", contentKey: "k1", result: .checked(report))], run: first)
    try store.finishRun(first)
    let recorded = try store.recorded(toolVersion: "t", options: "o")
    #expect(recorded["vm1"]?.contentKey == "k1" && recorded["vm1"]?.verdict == report.verdict)
    #expect(recorded["vm1"]?.worst == report.findings.map(\.severity).max())
    #expect(try store.recorded(toolVersion: "t", options: "other").isEmpty)

    let second = try store.beginRun(toolVersion: "t", options: "o", inputs: ["fleet"], startedAt: Date())
    try store.record(
      [
        VMOutcome(vm: "vm1", contentKey: "k1", result: .reused(fromRun: first)),
        VMOutcome(vm: "vm2", contentKey: "k2", result: .skipped("no file of this VM holds kernel log lines")),
      ], run: second)
    try store.finishRun(second)
    let queue = try DatabaseQueue(path: path)
    // A reused VM's findings are the rows of the run that checked it, reached through
    // `reused_from` (not copied).
    let holding = try queue.read {
      try Int64.fetchAll(
        $0, sql: "SELECT COALESCE(reused_from, run_id) FROM vm WHERE vm = 'vm1' ORDER BY run_id")
    }
    #expect(holding == [first, first])
    let copies = try queue.read {
      try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM finding WHERE run_id = ?", arguments: [second])
    }
    #expect(copies == 0)
    for run in [first] {
      let row = try #require(
        try queue.read {
          try Row.fetchOne(
            $0, sql: "SELECT * FROM finding WHERE run_id = ? AND vm = 'vm1' AND rule = 'KD004'",
            arguments: [run])
        })
      #expect(row["message"] == d0.message && row["fingerprint"] == d0.fingerprint)
      let lines = try queue.read {
        try Int.fetchAll(
          $0, sql: "SELECT line FROM evidence WHERE run_id = ? AND vm = 'vm1' AND finding = ? ORDER BY n",
          arguments: [run, row["n"] as Int])
      }
      #expect(lines == d0.evidence.map(\.provenance.line))
      let gaps = try queue.read {
        try String.fetchAll(
          $0, sql: "SELECT text FROM gap WHERE run_id = ? AND vm = 'vm1' ORDER BY n", arguments: [run])
      }
      #expect(gaps == report.gaps)
    }
    let statuses = try queue.read {
      try Row.fetchAll(
        $0, sql: "SELECT vm, status, reused_from, reason FROM vm WHERE run_id = ? ORDER BY vm",
        arguments: [second])
    }
    #expect(statuses.map { $0["status"] as String } == ["reused", "skipped"])
    #expect(statuses[0]["reused_from"] == first)
    #expect(statuses[1]["reason"] == "no file of this VM holds kernel log lines")
    let summary = try FleetSummary(store)
    #expect(summary.run == second && summary.previousRun == first)
    #expect(summary.notChecked.map(\.vm) == ["vm2"])
    #expect(summary.rules.map(\.rule) == Array(Set(report.findings.map(\.rule))).sorted())
    #expect(summary.rules.allSatisfy { $0.vms == ["vm1"] })
  }
}
