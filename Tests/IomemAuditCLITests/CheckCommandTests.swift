import Foundation
import Testing

@Suite struct CheckCommandTests {
  @Test func seedPastePipedInWithoutArgumentsGivesTheWarning() throws {
    let paste = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("seed-thread/paste.txt")))
    let run = try CLI.run(["check"], stdin: paste)
    #expect(run.status == 1)
    #expect(run.stdout.contains("KD002 warning [kdump-reserves-stale-framebuffer]"))
  }

  @Test func seedPasteOnStdinGivesTheWarningAndExitsOne() throws {
    let paste = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("seed-thread/paste.txt")))
    let run = try CLI.run(["check", "-"], stdin: paste, environment: ["NO_COLOR": "1"])
    #expect(run.status == 1)
    #expect(run.stdout.contains("KD002 warning [kdump-reserves-stale-framebuffer]"))
    #expect(
      run.stdout.contains(
        "    <stdin>:96 (boot 1, role unknown) — kdump kernel's framebuffer reservation\n      > Gen1 VM: start=0xf8000000, size=0x4000000"
      ))
    #expect(run.stdout.hasSuffix("0 errors, 1 warning, 1 note, 0 info\n"))
  }

  @Test func failOnDecidesTheExitStatus() throws {
    let seed = CLI.sample("seed-thread/paste.txt")
    #expect(try CLI.run(["check", "--fail-on", "error", seed]).status == 0)
    #expect(try CLI.run(["check", "--fail-on", "note", seed]).status == 1)
    #expect(
      try CLI.run(["check", "--fail-on", "never", CLI.sample("gen1-hyperv-highmmio-vram")]).status == 0)
    #expect(try CLI.run(["check", CLI.sample("gen2-azure")]).status == 0)
    #expect(try CLI.run(["check", CLI.sample("hv-pci-builtin")]).status == 0)
  }

  @Test func unreadableOrEmptyInputsExitTwoEvenWithFindings() throws {
    let missing = try CLI.run(["check", CLI.sample("seed-thread/paste.txt"), "/nonexistent/serial.log"])
    #expect(missing.status == 2)
    #expect(
      missing.stderr == "iomem-audit: /nonexistent/serial.log: cannot open: No such file or directory\n")
    let prose = try CLI.run(["check", "-"], stdin: Data("nothing to see here\n".utf8))
    #expect(prose.status == 2)
    #expect(prose.stderr.contains("-: holds no /proc/iomem and no kernel log lines (1 line read)"))
    let none = try CLI.run(["check"])
    #expect(none.status == 2)
    #expect(none.stderr == "iomem-audit: -: is empty\n")
    let badFormat = try CLI.run(["check", "--format", "pdf", CLI.sample("gen2-azure")])
    #expect(badFormat.status == 2)
  }

  @Test func anOverrideAgainstTheEvidenceIsFollowedAndSaidSo() throws {
    let dir = CLI.sample("gen2-azure-d0-failure")
    let run = try CLI.run([
      "check", "--format", "json", "--first", dir + "/kexec-dmesg.log", dir + "/vmcore-dmesg.txt",
    ])
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let vm = try #require((json["vms"] as? [[String: Any]])?.first)
    let inputs = try #require(vm["inputs"] as? [[String: Any]])
    let overridden = try #require(
      inputs.first { ($0["source"] as? String)?.hasSuffix("kexec-dmesg.log") == true })
    #expect(overridden["kernel"] as? String == "first")
    #expect(
      (overridden["reason"] as? String)?.hasPrefix(
        "given with --first, against the evidence (its command line has elfcorehdr=0x3d000000") == true)
    #expect((vm["incidents"] as? [Any])?.isEmpty == true)
  }

  @Test func overridesChangeTheRoles() throws {
    let dir = CLI.sample("gen2-azure-d0-failure")
    let run = try CLI.run([
      "check", "--format", "json", "--kdump", dir + "/kexec-dmesg.log", "--first", dir + "/vmcore-dmesg.txt",
      dir + "/iomem",
    ])
    #expect(run.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let vm = try #require((json["vms"] as? [[String: Any]])?.first)
    let roles = try #require(vm["inputs"] as? [[String: Any]]).map { "\($0["kernel"]!): \($0["reason"]!)" }
    // Both logs name their kernel too (kexec-dmesg.log, vmcore-dmesg.txt): the override agrees.
    #expect(roles.contains("kdump: given with --kdump"))
    #expect(roles.contains("first: given with --first"))
  }

  @Test func baselineWrittenThenUsedSilencesKnownFindings() throws {
    let baseline = NSTemporaryDirectory() + "iomem-audit-baseline-\(getpid()).json"
    defer { try? FileManager.default.removeItem(atPath: baseline) }
    let sample = CLI.sample("gen2-azure-d0-failure")
    let first = try CLI.run(["check", "--write-baseline", baseline, sample])
    #expect(first.status == 1)
    let second = try CLI.run(["check", "--baseline", baseline, sample])
    #expect(second.status == 0)
    #expect(
      second.stdout.contains(
        "no findings; 0 errors, 0 warnings, 0 notes, 0 info (4 suppressed by the baseline)"))
    let broken = try CLI.run(["check", "--baseline", CLI.sample("seed-thread/paste.txt"), sample])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("not an iomem-audit baseline"))
  }

  @Test func machineFormats() throws {
    let sample = CLI.sample("gen2-azure-d0-failure")
    let sarif = try CLI.run(["check", "--format", "sarif", sample])
    let doc = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as! [String: Any]
    #expect(doc["version"] as? String == "2.1.0")
    let github = try CLI.run(["check", "--format", "github", sample])
    #expect(github.stdout.hasPrefix("::error file="))
    let junit = try CLI.run(["check", "--format", "junit", sample])
    #expect(junit.stdout.hasPrefix("<?xml"))
    #expect(junit.stdout.contains("tests=\"1\" failures=\"1\" skipped=\"0\""))
  }

  @Test func rulesAndExplain() throws {
    let rules = try CLI.run(["rules"])
    #expect(
      rules.stdout.split(separator: "\n").filter { $0.hasPrefix("KD0") }.count
        == (try FileManager.default.contentsOfDirectory(atPath: CLI.repoRoot + "/docs/rules")).count)
    let explain = try CLI.run(["explain", "kd004"])
    #expect(explain.status == 0)
    let page = try String(contentsOfFile: CLI.repoRoot + "/docs/rules/KD004.md", encoding: .utf8)
    #expect(explain.stdout == page)
    let unknown = try CLI.run(["explain", "KD999"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("unknown rule `KD999`"))
  }
}

@Suite struct LogCommandTests {
  /// The prefilter's literals, listed for benchmarks: every event line of a sample starts with one
  /// of them or with a dev_printk PCI address.
  @Test func prefilterLiteralsCoverTheSampleEvents() throws {
    let run = try CLI.run(["events", "--list-prefixes"])
    #expect(run.status == 0)
    let literals = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
      String.init)
    #expect(
      literals.contains("hv_vmbus: ") && literals.contains("BIOS-e820: ")
        && literals.contains("Command line:"))
    #expect(Set(literals).count == literals.count)
    let events = try CLI.run(["events", "--format", "ndjson", CLI.sample("gen2-azure/serial-console.log")])
    var checked = 0
    for line in events.stdout.split(separator: "\n") {
      let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      let text = event["text"] as! String
      let pciAddress =
        text.split(separator: " ").dropFirst().first.map { $0.count == 13 && $0.last == ":" } ?? false
      #expect(literals.contains { text.hasPrefix($0) } || pciAddress, "\(text)")
      checked += 1
    }
    #expect(checked > 10)
  }

  @Test func eventsAsNDJSONWithKindFilter() throws {
    let run = try CLI.run([
      "events", "--format", "ndjson", "--kind", "hv_pci_d0_failed",
      CLI.sample("gen2-azure-d0-failure/kexec-dmesg.log"),
    ])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    let event = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
    #expect(event["kind"] as? String == "hv_pci_d0_failed")
    #expect(event["role"] as? String == "kdump")
    #expect(event["boot"] as? Int == 0)
    #expect(event["line"] as? Int == 11)
    #expect(event["status"] as? String == "c0370048")
  }

  @Test func unknownKindIsAUsageError() throws {
    let run = try CLI.run(["events", "--kind", "nonsense", "-"], stdin: Data())
    #expect(run.status == 2)
    #expect(run.stderr.contains("unknown event kind `nonsense`"))
  }

  @Test func bootsShowRolesAndEvidence() throws {
    let run = try CLI.run(["boots", CLI.sample("gen1-hyperv-highmmio-vram/serial-console.log")])
    #expect(run.stdout.contains("boot 0: first, lines 1-34"))
    #expect(run.stdout.contains("boot 1: kdump, lines 35-52 (starts at: banner)"))
    #expect(run.stdout.contains("  ended in: a panic, with nothing after it"))
    #expect(run.stdout.contains("serial-console.log:33: Kernel panic - not syncing: sysrq triggered crash"))
    #expect(run.stdout.contains("    2a8a8afba0c3 present: 6.8.0-1030-azure is at or above v6.0"))
  }

  @Test func theSeedsFindingShowsItsMapInTheLocalesCharacters() throws {
    let utf8 = try CLI.run(
      ["check", CLI.sample("seed-thread/paste.txt")], environment: ["LC_ALL": "C.UTF-8"])
    #expect(utf8.stdout.contains("  map            first kernel"))
    #expect(utf8.stdout.contains("  ▶ 0xfe0000000  VRAM 128 MiB                             │"))
    let plain = try CLI.run(["check", CLI.sample("seed-thread/paste.txt")], environment: ["LC_ALL": "C"])
    #expect(plain.stdout.contains("  > 0xfe0000000  VRAM 128 MiB                             |"))
    #expect(!plain.stdout.contains("│"))
  }

  @Test func parseDrawsTheMapOfOneDump() throws {
    let run = try CLI.run(
      ["parse", "--format", "map", CLI.sample("gen1-hyperv-highmmio-vram/iomem")],
      environment: ["LC_ALL": "C.UTF-8"])
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let expected = [
      "  0xf8000000   │ BAR0 64 MiB · hyperv video 0000:00:08.0",
      "  0xf8000000   │ fb reservation 64 MiB · hv_vmbus (inferred)",
      "  ⋯ 256 KiB unclaimed",
      "  ─── 4 GiB ───",
      "  0x100000000  ram 16.12 GiB",
      "  0xfe0000000  │ VRAM 128 MiB · synthetic video 5620e0c7-8062-4dce-aeb7-520c7ef76171",
    ]
    // The lines appear in this order.
    var at = 0
    for line in expected {
      let found = lines[at...].firstIndex(of: line)
      #expect(found != nil, "missing or out of order: \(line)\n\(run.stdout)")
      at = (found ?? at) + 1
    }
    let ascii = try CLI.run(
      ["parse", "--format", "map", CLI.sample("gen1-hyperv-highmmio-vram/iomem")],
      environment: ["LC_ALL": "C"])
    #expect(ascii.stdout.contains("  --- 4 GiB ---") && !ascii.stdout.contains("│"))
  }

  @Test func bootsJSONGivesEachKernelsChanges() throws {
    let run = try CLI.run(["boots", "--format", "json", CLI.sample("gen2-azure-d0-failure/kexec-dmesg.log")])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let boot = try #require((doc["boots"] as? [[String: Any]])?.first)
    let changes = try #require(boot["kernel_changes"] as? [[String: Any]])
    let fix = try #require(changes.first { $0["change"] as? String == "016a25e4b0df" })
    #expect(fix["status"] as? String == "absent")
    #expect((fix["reason"] as? String)?.contains("starts at its banner") == true)
    #expect((fix["lines"] as? [Int])?.isEmpty == false)
    let retry = try #require(changes.first { $0["change"] as? String == "c81992e7f4aa" })
    #expect(retry["status"] as? String == "present")
    #expect(changes.allSatisfy { ["present", "absent", "unknown"].contains($0["status"] as? String ?? "") })
  }

  @Test func unrecognizedListsNonKernelSpans() throws {
    let run = try CLI.run(["events", "--unrecognized", CLI.sample("seed-thread/paste.txt")])
    #expect(run.stderr.contains("paste.txt:1-") && run.stderr.contains(": not a kernel message"))
  }
}

@Suite struct DirectoryInputTests {
  /// An extracted sosreport: only the paths that hold iomem and kernel logs are read.
  @Test func sosreportDirectoryIsReadFromItsKnownPaths() throws {
    let root = NSTemporaryDirectory() + "iomem-audit-sos-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fm = FileManager.default
    let sample = CLI.sample("gen2-azure-d0-failure")
    for dir in ["proc", "sos_commands/kernel", "sos_commands/networking", "var/crash/127.0.0.1-2026-11-24"] {
      try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
    }
    try fm.copyItem(atPath: sample + "/iomem", toPath: root + "/proc/iomem")
    try fm.copyItem(
      atPath: sample + "/vmcore-dmesg.txt", toPath: root + "/var/crash/127.0.0.1-2026-11-24/vmcore-dmesg.txt")
    try fm.copyItem(
      atPath: sample + "/kexec-dmesg.log", toPath: root + "/var/crash/127.0.0.1-2026-11-24/kexec-dmesg.log")
    try "no kernel lines here\n".write(
      toFile: root + "/sos_commands/networking/ip_addr.txt", atomically: true, encoding: .utf8)
    try "[    0.000000] Linux version 5.15.0-1068-azure\n".write(
      toFile: root + "/sos_commands/kernel/dmesg", atomically: true, encoding: .utf8)
    let run = try CLI.run(["check", "--format", "json", root])
    #expect(run.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let vm = try #require((json["vms"] as? [[String: Any]])?.first)
    let kinds = try #require(vm["sources"] as? [[String: Any]]).map {
      "\(($0["source"] as! String).dropFirst(root.count)) \($0["kind"]!)"
    }
    #expect(
      kinds == [
        "/proc/iomem iomem", "/sos_commands/kernel/dmesg kernel_log",
        "/var/crash/127.0.0.1-2026-11-24/kexec-dmesg.log kexec_dmesg",
        "/var/crash/127.0.0.1-2026-11-24/vmcore-dmesg.txt vmcore_dmesg",
      ])
    let rules = (json["findings"] as! [[String: Any]]).map { $0["rule"] as! String }
    #expect(rules.contains("KD004"))
  }
}

@Suite struct IomemOfTests {
  /// A dump taken inside the kdump kernel, given as such: its config window is a seen claim of
  /// the kdump kernel, over the first kernel's VRAM.
  @Test func iomemOfKdumpMergesTheDumpIntoTheKdumpKernel() throws {
    let dir = CLI.sample("gen2-azure-d0-failure")
    let kdumpIomem = NSTemporaryDirectory() + "iomem-audit-kdump-iomem-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: kdumpIomem) }
    try "3fff0000-3fffffff : ACPI Tables\n40000000-40001fff : c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d\n"
      .write(toFile: kdumpIomem, atomically: true, encoding: .utf8)
    let run = try CLI.run(
      [
        "check", "--iomem-of", "kdump", "--format", "json", dir + "/vmcore-dmesg.txt",
        dir + "/kexec-dmesg.log", kdumpIomem,
      ])
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let kd001 = try #require(
      (json["findings"] as! [[String: Any]]).first { $0["rule"] as? String == "KD001" })
    let evidence = kd001["evidence"] as! [[String: Any]]
    let fromDump = try #require(evidence.first { ($0["source"] as! String) == kdumpIomem })
    #expect(fromDump["role"] as? String == "kdump")
    #expect(fromDump["line"] as? Int == 2)
  }
}
