import Foundation
import Testing

/// `layout`: how `check` cuts a tree into VMs, from a directory or from a list of its paths.
@Suite struct LayoutCommandTests {
  typealias JSON = [String: Any]

  static func json(_ run: CLIRun) throws -> JSON {
    try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON ?? [:]
  }

  /// A share as a support team keeps it, made in a temporary directory: two customers' VMs,
  /// an extracted sosreport, a tarball of a VM, the team's notes and a truncated tarball.
  static func share() throws -> String {
    let top = NSTemporaryDirectory() + "iomem-audit-layout-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let files: [String: Data] = [
      "custA/vm1/serial-console.log": try Data(
        contentsOf: URL(fileURLWithPath: CLI.sample("fleet/custA/vm1/serial-console.log"))),
      "custA/vm1/README.md": Data("notes\n".utf8),
      "custB/sosreport-vm7/sos_commands/kernel/dmesg": try Data(
        contentsOf: URL(fileURLWithPath: CLI.sample("gen2-azure/serial-console.log"))),
      "custB/sosreport-vm7/proc/iomem": try Data(
        contentsOf: URL(fileURLWithPath: CLI.sample("gen2-azure/iomem"))),
      "custB/sosreport-vm7/sos_commands/networking/ip_addr": Data("1: lo\n".utf8),
      "custB/vm8.tar.gz": try Data(
        contentsOf: URL(fileURLWithPath: CLI.sample("readiness-gen2-ubuntu-22.04/collected.tar.gz"))),
      "team-notes": Data("who looks at what\n".utf8),
    ]
    for (path, data) in files {
      let url = URL(fileURLWithPath: top + "/" + path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url)
    }
    // Cut short in a copy: gzip's magic, the stream breaks off.
    let whole = files["custB/vm8.tar.gz"]!
    try FileManager.default.createDirectory(atPath: top + "/custC", withIntermediateDirectories: true)
    try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: top + "/custC/vm9.tar.gz"))
    return top
  }

  @Test func aShareIsCutWhereCheckCutsIt() throws {
    let top = try Self.share()
    defer { try? FileManager.default.removeItem(atPath: top) }
    let layout = try Self.json(try CLI.run(["layout", "--format", "json", top]))
    let vms = layout["vms"] as? [JSON] ?? []
    #expect(vms.map { $0["root"] as? String } == ["custA/vm1", "custB/sosreport-vm7"])
    #expect(vms[0]["read"] as? [String] == ["custA/vm1/serial-console.log"])
    let skipped = (vms[0]["skipped"] as? [JSON] ?? []).map { $0["file"] as? String }
    #expect(skipped == ["custA/vm1/README.md"])
    #expect(vms[1]["sosreport"] as? Bool == true)
    #expect(
      vms[1]["read"] as? [String] == [
        "custB/sosreport-vm7/proc/iomem", "custB/sosreport-vm7/sos_commands/kernel/dmesg",
      ])
    #expect(layout["archives"] as? [String] == ["custB/vm8.tar.gz", "custC/vm9.tar.gz"])
    #expect(layout["strays"] as? [String] == ["team-notes"])
    // check finds the same VMs: the tarball's and the truncated one's are VMs of their own.
    let check = try CLI.run(["check", "--format", "json", top])
    let ids = (try Self.json(check)["vms"] as? [JSON] ?? []).compactMap { $0["id"] as? String }
    #expect(ids == ["custA/vm1", "custB/sosreport-vm7", "custB/vm8.tar.gz"])
    #expect(
      check.stderr.contains(
        "iomem-audit: custC/vm9.tar.gz: skipped, no file of this VM holds /proc/iomem or kernel log lines (1 files skipped: 1 read failed: truncated gzip input)"
      ))
    #expect(check.stderr.contains("\(top)/team-notes: not inside any VM's capture"))
    // The JSON says so too: a VM absent from `vms` is listed as not checked.
    let unchecked = try Self.json(check)["not_checked"] as? [JSON] ?? []
    #expect(unchecked.map { $0["vm"] as? String } == ["custC/vm9.tar.gz"])
    #expect(unchecked.first?["status"] as? String == "skipped")
    // …and so do the text, JUnit and SARIF a CI job reads.
    let text = try CLI.run(["check", top])
    #expect(text.stdout.contains("; 1 VM not checked (1 with nothing to read, 0 timed out)\n"))
    let junit = try CLI.run(["check", "--format", "junit", top])
    #expect(junit.stdout.contains("tests=\"4\" failures=\"2\" skipped=\"1\""), "\(junit.stdout)")
    #expect(
      junit.stdout.contains(
        "<testcase classname=\"iomem-audit.check\" name=\"custC/vm9.tar.gz\">\n      <skipped"))
    let sarif =
      try JSONSerialization.jsonObject(
        with: Data(try CLI.run(["check", "--format", "sarif", top]).stdout.utf8)) as? JSON ?? [:]
    let invocation = ((sarif["runs"] as? [JSON])?.first?["invocations"] as? [JSON])?.first
    #expect(invocation?["executionSuccessful"] as? Bool == true)
    let notification = (invocation?["toolExecutionNotifications"] as? [JSON])?.first
    #expect((notification?["properties"] as? JSON)?["vm"] as? String == "custC/vm9.tar.gz")
    let html = try CLI.run(["check", "--format", "html", top]).stdout
    #expect(html.contains("<h2>Not checked (1)</h2>"))
    #expect(
      html.contains(
        "<tr><td>custC/vm9.tar.gz</td><td>skipped</td><td>iomem-audit: custC/vm9.tar.gz: skipped, "),
      "\(html)")
  }

  @Test func aListOfPathsIsLaidOutAsTheDirectoryIs() throws {
    let top = try Self.share()
    defer { try? FileManager.default.removeItem(atPath: top) }
    let fromDirectory = try CLI.run(["layout", "--format", "json", top])
    let paths = try FileManager.default.subpathsOfDirectory(atPath: top).filter { path in
      var directory: ObjCBool = false
      return FileManager.default.fileExists(atPath: top + "/" + path, isDirectory: &directory)
        && !directory.boolValue
    }
    let fromList = try CLI.run(
      ["layout", "--list", "-", "--format", "json"], stdin: Data(paths.joined(separator: "\n").utf8))
    #expect(fromList.status == 0)
    #expect(fromList.stdout == fromDirectory.stdout)
  }

  @Test func theTextSaysWhatEachPartIs() throws {
    let top = try Self.share()
    defer { try? FileManager.default.removeItem(atPath: top) }
    let run = try CLI.run(["layout", top])
    #expect(
      run.stdout == """
        custA/vm1: 1 file read, 1 skipped
        custB/sosreport-vm7 (sosreport): 2 files read, 1 skipped
        custB/vm8.tar.gz: a capture of its own (an archive or a compressed file)
        custC/vm9.tar.gz: a capture of its own (an archive or a compressed file)
        team-notes: in no VM, not read

        """)
  }

  @Test func aDirectoryOrAListNotBoth() throws {
    let run = try CLI.run(["layout", "--list", "-", CLI.sample("fleet")])
    #expect(run.status == 2 && run.stderr.contains("give a directory or --list FILE, not both"))
    let missing = try CLI.run(["layout", "/nonexistent/share"])
    #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/share: not a directory"))
  }
}
