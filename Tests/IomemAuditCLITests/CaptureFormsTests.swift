import Foundation
import Testing

/// What customers send gives the findings its clean form gives: the seed paste mangled by a mail
/// archive, a web page, markdown and a forum; a rotated log beside strangers; the same capture
/// in a directory and in archives.
@Suite final class CaptureFormsTests {
  typealias JSON = [String: Any]
  private var created: [String] = []

  deinit {
    for path in created { try? FileManager.default.removeItem(atPath: path) }
  }

  /// Rule, severity, ranges, and each evidence line's role and text with leading whitespace
  /// trimmed (a dump line's indent is how a form shows nesting, not what it says).
  static func essence(_ arguments: [String]) throws -> (status: Int32, findings: [String], json: JSON) {
    let run = try CLI.run(["check", "--format", "json"] + arguments)
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON ?? [:]
    let findings = (json["findings"] as? [JSON] ?? []).map { f in
      let ranges = (f["ranges"] as? [JSON] ?? []).map { "\($0["start"] ?? "")-\($0["end"] ?? "")" }
      let texts = (f["evidence"] as? [JSON] ?? []).map { e in
        "\(e["role"] ?? ""):" + String(describing: e["text"] ?? "").drop { $0 == " " }
      }
      return "\(f["rule"] ?? "") \(f["severity"] ?? "") \(ranges) \(texts)"
    }.sorted()
    return (run.status, findings, json)
  }

  func directory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "iomem-audit-forms-\(getpid())-\(name)"
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    created.append(path)
    return path
  }

  func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(command)")
  }

  @Test(arguments: [
    ("seed-thread-mail/thread.eml", "read as quoted-printable, email quoting; undone: quoted-printable:"),
    ("seed-thread-blog/post.html", "read as HTML; undone: HTML:"),
    ("seed-thread-markdown/dmesg-report.md", "read as markdown, email quoting; undone: markdown:"),
    ("seed-thread-forum/post.txt", "read as forum markup, email quoting; undone: forum markup:"),
  ])
  func aMangledSeedGivesTheCleanSeedsFindings(_ sample: String, _ note: String) throws {
    let clean = try Self.essence([CLI.sample("seed-thread/paste.txt")])
    let mangled = try Self.essence([CLI.sample(sample)])
    #expect(clean.findings.count == 2)
    #expect(mangled.findings == clean.findings)
    #expect(mangled.status == clean.status)
    // INPUTS says what was undone, and JSON which forms the file was found in.
    let text = try CLI.run(["check", CLI.sample(sample)]).stdout
    #expect(text.contains("    " + note), "\(text)")
    let source = try #require(((mangled.json["vms"] as? [JSON])?.first?["sources"] as? [JSON])?.first)
    #expect((source["read_as"] as? [String])?.first.map { note.contains("read as " + $0) } == true)
  }

  @Test func blogLinesAreCitedByPhysicalLineAndColumn() throws {
    let run = try CLI.run(["check", CLI.sample("seed-thread-blog/post.html")])
    // `Gen1 VM: start=…` shares its physical line with other `<br>`-joined lines.
    let cited = run.stdout.split(separator: "\n").first {
      $0.contains("post.html:") && $0.contains("kdump kernel's framebuffer")
    }
    let citation = try #require(cited).split(separator: " ").first { $0.contains("post.html:") }
    #expect(try #require(citation).split(separator: ":").count == 3, "\(String(describing: cited))")
  }

  @Test func aRotatedLogBesideStrangersGivesTheWholeLogsFindings() throws {
    let whole = try Self.essence([CLI.sample("gen1-hyperv-highmmio-vram")])
    let rotated = try Self.essence([CLI.sample("rotated-kern-log")])
    #expect(whole.findings.count == 4)
    #expect(rotated.findings == whole.findings)
    let vm = try #require((rotated.json["vms"] as? [JSON])?.first)
    // Both boots run across a rotation, so each is one boot over two files.
    let boots = (vm["inputs"] as? [JSON] ?? []).filter { $0["kind"] as? String == "boot" }
    #expect(boots.count == 2)
    #expect(
      boots.map { ($0["files"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent } } == [
        ["kern.log.2.gz", "kern.log.1"], ["kern.log.1", "kern.log"],
      ])
    let skipped = (vm["skipped"] as? [JSON] ?? []).map {
      "\(($0["source"] as? NSString)?.lastPathComponent ?? ""): \($0["reason"] ?? "")"
    }
    #expect(skipped.contains("screenshot.png: a PNG image"))
    #expect(skipped.contains { $0.hasPrefix("case-notes.txt: holds no /proc/iomem") })
    // Without the strangers: the same.
    let bare = try directory("bare")
    for name in ["kern.log.2.gz", "kern.log.1", "kern.log", "iomem"] {
      try FileManager.default.copyItem(
        atPath: CLI.sample("rotated-kern-log/" + name), toPath: bare + "/" + name)
    }
    #expect(try Self.essence([bare]).findings == whole.findings)
  }

  @Test func archivesAreCaptureRootsLikeDirectories() throws {
    let whole = try Self.essence([CLI.sample("gen1-hyperv-highmmio-vram")]).findings
    let dir = try directory("archives")
    let rotated = CLI.sample("rotated-kern-log")
    // Entries newest first, so the rotated files must be set aside and read in order.
    try shell(
      "cd '\(rotated)' && tar -czf '\(dir)/bundle.tar.gz' kern.log case-notes.txt kern.log.1 screenshot.png iomem kern.log.2.gz"
    )
    #expect(try Self.essence([dir + "/bundle.tar.gz"]).findings == whole)
    // A sosreport: the kernel log and /proc/iomem where sos puts them, among files it does not read.
    let sos = try directory("sos") + "/sosreport-gen1-vm-2026-12-01-abcdef"
    try FileManager.default.createDirectory(
      atPath: sos + "/sos_commands/kernel", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: sos + "/proc", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: sos + "/etc", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: CLI.sample("gen1-hyperv-highmmio-vram/serial-console.log"),
      toPath: sos + "/sos_commands/kernel/dmesg")
    try FileManager.default.copyItem(
      atPath: CLI.sample("gen1-hyperv-highmmio-vram/iomem"), toPath: sos + "/proc/iomem")
    try Data("gen1-vm\n".utf8).write(to: URL(fileURLWithPath: sos + "/etc/hostname"))
    try shell("cd '\(sos)/..' && tar -cJf '\(dir)/sosreport.tar.xz' sosreport-gen1-vm-2026-12-01-abcdef")
    let report = try Self.essence([dir + "/sosreport.tar.xz"])
    #expect(report.findings == whole)
    let vm = try #require((report.json["vms"] as? [JSON])?.first)
    let skipped = (vm["skipped"] as? [JSON] ?? []).map { "\($0["source"] ?? ""): \($0["reason"] ?? "")" }
    #expect(
      skipped == [
        "\(dir)/sosreport.tar.xz/sosreport-gen1-vm-2026-12-01-abcdef/etc/hostname: not one of the sosreport files that hold /proc/iomem, kernel logs or the kdump setup"
      ])
  }

  @Test func strangersInADirectoryAreListedNeverFatal() throws {
    let dir = try directory("strangers")
    try FileManager.default.copyItem(
      atPath: CLI.sample("seed-thread/paste.txt"), toPath: dir + "/screenshot.txt")
    // A PNG named like a log is an image; a dangling link cannot be opened.
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)).write(
      to: URL(fileURLWithPath: dir + "/dmesg.txt"))
    try FileManager.default.createSymbolicLink(atPath: dir + "/kern.log", withDestinationPath: dir + "/gone")
    let run = try CLI.run(["check", dir])
    #expect(run.status == (try CLI.run(["check", CLI.sample("seed-thread/paste.txt")])).status)
    #expect(run.stdout.contains("AT-RISK — 1 warning (KD002)"))
    #expect(run.stdout.contains("\(dir)/dmesg.txt: skipped — a PNG image"), "\(run.stdout)")
    #expect(
      run.stdout.contains("\(dir)/kern.log: skipped — cannot open: No such file or directory"),
      "\(run.stdout)")
    #expect(run.stdout.contains("\(dir)/screenshot.txt: mixed"), "\(run.stdout)")
  }
}
