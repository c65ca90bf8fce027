import Foundation
import Testing

/// scripts/collect against fake roots (Fixtures/collect/<case>/root for /proc, /sys, /etc,
/// /boot and /var; stub commands in Fixtures/collect/<case>/bin), and `check` on its archive.
@Suite struct CollectScriptTests {
  typealias JSON = [String: Any]

  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// `/bin/sh ARGUMENTS` with `environment` added to this process's.
  static func sh(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func collect(_ fixture: String, _ arguments: [String], uid: String = "0") throws -> Run {
    let base = CLI.repoRoot + "/Tests/IomemAuditCLITests/Fixtures/collect/" + fixture
    var env = [
      "PATH": base + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
      "FIXTURE": base, "FAKE_UID": uid,
    ]
    for (name, dir) in [("PROC", "proc"), ("SYS", "sys"), ("ETC", "etc"), ("BOOT", "boot"), ("VAR", "var")] {
      env[name] = base + "/root/" + dir
    }
    return try sh([CLI.repoRoot + "/scripts/collect"] + arguments, environment: env)
  }

  static func archive(_ fixture: String, redact: Bool = false) throws -> String {
    let out =
      NSTemporaryDirectory() + "iomem-audit-collect-\(getpid())-\(fixture)\(redact ? "-redacted" : "").tar.gz"
    try? FileManager.default.removeItem(atPath: out)
    let run = try collect(fixture, ["-o", out] + (redact ? ["-r"] : []))
    #expect(run.status == 0, "\(fixture): \(run.stderr)")
    return out
  }

  /// The verdict and the readiness finding each fixture must give, as `check` on its archive.
  @Test(arguments: [
    ("gen2-ubuntu-22.04", "broken", "KD012", "will-fail"),
    ("gen2-ubuntu-24.04", "healthy", "KD012", "ready"),
    ("arm64-ubuntu-24.04", "at-risk", "KD012", "at-risk"),
    ("gen1-ubuntu-24.04", "at-risk", "KD013", "at-risk"),
    ("cvm-ubuntu-24.04", "broken", "KD014", "not-loaded"),
  ])
  func collectedArchiveGivesItsPrediction(
    _ fixture: String, _ verdict: String, _ rule: String, _ condition: String
  )
    throws
  {
    let archive = try Self.archive(fixture)
    defer { try? FileManager.default.removeItem(atPath: archive) }
    let run = try CLI.run(["check", "--format", "json", archive])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON)
    let vm = try #require((json["vms"] as? [JSON])?.first)
    #expect(vm["verdict"] as? String == verdict, "\(fixture): \(vm["reason"] ?? "")")
    let findings = json["findings"] as? [JSON] ?? []
    let finding = try #require(
      findings.first { $0["rule"] as? String == rule && $0["condition"] as? String == condition },
      "\(fixture): \(findings.map { "\($0["rule"] ?? "") \($0["condition"] ?? "")" })")
    // The prediction cites the facts it used, from the collected files.
    let cited = (finding["evidence"] as? [JSON] ?? []).compactMap { $0["source"] as? String }
    #expect(
      cited.contains {
        $0.hasSuffix("/uname") || $0.hasSuffix("/kdump-config_show") || $0.hasSuffix("/kexec_crash_loaded")
      })
    // Every collected file is in INPUTS: command output is an artifact of the first kernel.
    let inputs = vm["inputs"] as? [JSON] ?? []
    #expect(
      inputs.contains { $0["kind"] as? String == "command_output" && $0["kernel"] as? String == "first" })
    // The fixture's /proc/iomem is a consistent tree: no structural finding.
    #expect(!findings.contains { $0["rule"] as? String == "KD010" }, "\(fixture)")
  }

  /// The readiness samples: a collected archive each, with the verdict and findings it must give.
  @Test(arguments: [
    "readiness-gen2-ubuntu-22.04", "readiness-gen2-ubuntu-24.04", "readiness-arm64-ubuntu-24.04",
    "readiness-gen1-ubuntu-24.04", "readiness-cvm-ubuntu-24.04",
  ])
  func readinessSampleGivesItsExpectedFindings(_ sample: String) throws {
    let expected = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: CLI.sample(sample + "/expected.json"))))
        as? JSON)
    let run = try CLI.run(["check", "--format", "json", CLI.sample(sample)])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON)
    let got = (json["findings"] as? [JSON] ?? []).map { "\($0["rule"] ?? "") \($0["severity"] ?? "")" }
      .sorted()
    let want = (expected["findings"] as? [JSON] ?? []).map { "\($0["rule"] ?? "") \($0["severity"] ?? "")" }
      .sorted()
    #expect(got == want, "\(sample)")
    #expect((json["vms"] as? [JSON])?.first?["verdict"] as? String == expected["verdict"] as? String)
  }

  /// The same facts where a sosreport keeps them: sos records no `kexec --version`, so the
  /// kexec mode is only the default of an unknown kexec-tools and the prediction stays at risk.
  @Test func aSosreportGivesTheSamePrediction() throws {
    let base = CLI.repoRoot + "/Tests/IomemAuditCLITests/Fixtures/collect/gen2-ubuntu-22.04"
    let release = "5.15.0-1102-azure"
    let sos = NSTemporaryDirectory() + "iomem-audit-sos-readiness-\(getpid())/sosreport-vm1-2026-12-03-abcdef"
    defer { try? FileManager.default.removeItem(atPath: (sos as NSString).deletingLastPathComponent) }
    let files = [
      ("root/proc/iomem", "proc/iomem"), ("root/proc/cmdline", "proc/cmdline"),
      ("root/sys/kernel/kexec_crash_loaded", "sys/kernel/kexec_crash_loaded"),
      ("root/etc/default/kdump-tools", "etc/default/kdump-tools"), ("root/etc/os-release", "etc/os-release"),
      ("root/boot/config-\(release)", "boot/config-\(release)"), ("dmesg.txt", "sos_commands/kernel/dmesg"),
      ("kdump-config-show.txt", "sos_commands/kdump/kdump-config_show"),
      ("lsmod.txt", "sos_commands/kernel/lsmod"),
      ("initramfs-listing.txt", "sos_commands/kdump/lsinitramfs_-l_.var.lib.kdump.initrd.img-\(release)"),
    ]
    let fm = FileManager.default
    for (from, to) in files {
      try fm.createDirectory(
        atPath: ((sos + "/" + to) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try fm.copyItem(atPath: base + "/" + from, toPath: sos + "/" + to)
    }
    try Data("Linux vm1 \(release) #35-Ubuntu SMP x86_64 x86_64 x86_64 GNU/Linux\n".utf8).write(
      to: URL(fileURLWithPath: sos + "/sos_commands/kernel/uname_-a"))
    let run = try CLI.run(["check", "--format", "json", sos])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON)
    let findings = json["findings"] as? [JSON] ?? []
    let kd012 = try #require(
      findings.first { $0["rule"] as? String == "KD012" && $0["condition"] as? String == "at-risk" },
      "\(findings.map { "\($0["rule"] ?? "") \($0["condition"] ?? "")" })")
    #expect(
      (kd012["message"] as? String)?.contains("kexec_load unless kexec-tools is 2.0.27 or later") == true)
    #expect((kd012["message"] as? String)?.contains("hv_pci is built in") == true)
    let vm = try #require((json["vms"] as? [JSON])?.first)
    let kinds = (vm["inputs"] as? [JSON] ?? []).filter { $0["kind"] as? String == "command_output" }
    #expect(kinds.count >= 7, "\(kinds.map { $0["source"] ?? "" })")
  }

  @Test func collectStopsWhenNotRoot() throws {
    let run = try Self.collect(
      "gen2-ubuntu-22.04", ["-o", NSTemporaryDirectory() + "never.tar.gz"], uid: "1000")
    #expect(run.status == 1)
    #expect(run.stderr.contains("run as root"))
    #expect(!FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "never.tar.gz"))
  }

  @Test func dryRunSaysWhatItWouldRead() throws {
    let base = CLI.repoRoot + "/Tests/IomemAuditCLITests/Fixtures/collect/gen2-ubuntu-22.04"
    let run = try Self.sh(
      [CLI.repoRoot + "/scripts/collect", "-n"],
      environment: [
        "PATH": base + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        "PROC": base + "/root/proc", "FAKE_UID": "1000",
      ])
    #expect(run.status == 0)
    #expect(run.stdout.contains("would read: \(base)/root/proc/iomem"))
    #expect(run.stdout.contains("would read: kdump-config show"))
  }

  @Test func redactionRemovesHostNamesAndAddresses() throws {
    let archive = try Self.archive("gen2-ubuntu-24.04", redact: true)
    defer { try? FileManager.default.removeItem(atPath: archive) }
    let text = try Self.sh(["-c", "tar -xzOf '\(archive)'"]).stdout
    #expect(!text.contains("vm1"))
    #expect(text.contains("REDACTED-HOST"))
    #expect(!archive.contains("vm1"))
  }

  /// shellcheck is installed by .ci/run and the README's first command.
  @Test func collectPassesShellcheck() throws {
    let run = try Self.sh(["-c", "shellcheck '\(CLI.repoRoot)/scripts/collect'"])
    #expect(run.status == 0, "\(run.stdout)")
  }

}
