import Foundation
import Testing

/// A fleet directory is checked one VM at a time: each VM's findings are the same alone and
/// inside the fleet, and nothing crosses VMs.
@Suite struct FleetTests {
  typealias JSON = [String: Any]

  static func check(_ arguments: [String]) throws -> (status: Int32, json: JSON) {
    let run = try CLI.run(["check", "--format", "json"] + arguments)
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? JSON ?? [:]
    return (run.status, json)
  }

  static func vms(_ json: JSON) -> [JSON] { json["vms"] as? [JSON] ?? [] }

  /// What "the same findings" means: rule, severity, ranges and evidence texts (not lines or paths).
  static func essence(_ vm: JSON) -> [String] {
    let findings = vm["findings"] as? [JSON] ?? []
    return findings.map { f in
      let ranges = (f["ranges"] as? [JSON] ?? []).map { "\($0["start"] ?? "")-\($0["end"] ?? "")" }
      let texts = (f["evidence"] as? [JSON] ?? []).map { "\($0["role"] ?? ""):\($0["text"] ?? "")" }
      return "\(f["rule"] ?? "") \(f["severity"] ?? "") \(ranges) \(texts)"
    }.sorted()
  }

  @Test func eachVMGivesTheSameFindingsAloneAndInTheFleet() throws {
    let fleet = try Self.check([CLI.sample("fleet")])
    #expect(fleet.status == 1)
    let vms = Self.vms(fleet.json)
    #expect(vms.compactMap { $0["id"] as? String } == ["custA/vm1", "custA/vm2", "custB/vm1", "custB/vm2"])
    for vm in vms {
      let id = try #require(vm["id"] as? String)
      let alone = try #require(Self.vms(try Self.check([CLI.sample("fleet/" + id)]).json).first)
      #expect(Self.essence(alone) == Self.essence(vm), "\(id)")
      #expect(alone["verdict"] as? String == vm["verdict"] as? String, "\(id)")
      #expect(!Self.essence(vm).isEmpty || vm["verdict"] as? String == "undecided", "\(id)")
    }
  }

  /// `check samples/` (the user guide's CI example on the bundled samples): every sample is its
  /// own VM and gives what it gives alone — nothing is merged across them.
  @Test func theSamplesDirectoryIsAFleetOfTheSamples() throws {
    let all = Self.vms(try Self.check([CLI.sample("")]).json)
    let ids = all.compactMap { $0["id"] as? String }
    #expect(ids.contains("seed-thread") && ids.contains("fleet/custB/vm1") && ids.contains("kdump-iomem"))
    // An archive holding one VM below its top directory is named by the archive.
    #expect(ids.contains("readiness-gen2-ubuntu-22.04/collected.tar.gz"))
    #expect(!ids.contains("fleet"))
    for vm in all {
      let id = try #require(vm["id"] as? String)
      let alone = try #require(Self.vms(try Self.check([CLI.sample(id)]).json).first)
      #expect(Self.essence(alone) == Self.essence(vm), "\(id)")
      #expect(alone["verdict"] as? String == vm["verdict"] as? String, "\(id)")
    }
  }

  @Test func verdictsAndFindingsAreTheExpectedOnes() throws {
    let expected =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: CLI.sample("fleet/expected.json")))) as? JSON
    let want = try #require(expected?["vms"] as? [String: JSON])
    let vms = Self.vms(try Self.check([CLI.sample("fleet")]).json)
    #expect(vms.count == want.count)
    for vm in vms {
      let id = try #require(vm["id"] as? String)
      let w = try #require(want[id], "\(id) is not in expected.json")
      #expect(vm["verdict"] as? String == w["verdict"] as? String, "\(id)")
      let got = (vm["findings"] as? [JSON] ?? []).map { "\($0["rule"] ?? "") \($0["severity"] ?? "")" }
        .sorted()
      let wanted = (w["findings"] as? [JSON] ?? []).map { "\($0["rule"] ?? "") \($0["severity"] ?? "")" }
        .sorted()
      #expect(got == wanted, "\(id)")
    }
  }

  @Test func twoDirectoriesAreTwoVMsAndNothingCrossesThem() throws {
    // A first kernel in one VM and a kdump kernel in another must never be paired.
    let run = try Self.check([CLI.sample("fleet/custA/vm2"), CLI.sample("kdump-iomem")])
    let vms = Self.vms(run.json)
    #expect(vms.count == 2)
    #expect(vms.allSatisfy { ($0["incidents"] as? [Any])?.count ?? 0 <= 1 })
    #expect((vms[0]["incidents"] as? [Any])?.isEmpty == true)
    #expect(vms[0]["verdict"] as? String == "undecided")
    #expect(vms[1]["verdict"] as? String == "broken")
  }

  @Test func fleetFingerprintsNameTheVM() throws {
    let vms = Self.vms(try Self.check([CLI.sample("fleet")]).json)
    let fingerprints = vms.flatMap {
      ($0["findings"] as? [JSON] ?? []).compactMap { $0["fingerprint"] as? String }
    }
    #expect(Set(fingerprints).count == fingerprints.count)
    let alone = Self.vms(try Self.check([CLI.sample("fleet/custB/vm1")]).json)
    let aloneFingerprint = (alone.first?["findings"] as? [JSON])?.first?["fingerprint"] as? String
    let inFleet = (vms[2]["findings"] as? [JSON])?.first?["fingerprint"] as? String
    #expect(aloneFingerprint != nil && inFleet != nil && aloneFingerprint != inFleet)
  }

  @Test func textLeadsWithOneVerdictLinePerVM() throws {
    let run = try CLI.run(["check", CLI.sample("fleet")])
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.first == "VMS (4)")
    #expect(lines[1].hasPrefix("  BROKEN     custA/vm1"))
    #expect(lines[2].hasPrefix("  UNDECIDED  custA/vm2"))
    #expect(
      run.stdout.hasSuffix(
        "4 VMs: 3 broken, 0 at-risk, 0 healthy, 1 undecided; 3 errors, 3 warnings, 0 notes, 0 info\n"))
  }

  @Test func undecidedFailsOnlyWhenAsked() throws {
    let vm = CLI.sample("fleet/custA/vm2")
    #expect(try CLI.run(["check", vm]).status == 0)
    let strict = try CLI.run(["check", "--fail-on-undecided", vm])
    #expect(strict.status == 1)
    #expect(strict.stdout.hasPrefix("VM \(vm): UNDECIDED — only the first kernel was captured"))
  }

  @Test func theSameFileTwiceIsReadOnce() throws {
    let seed = CLI.sample("seed-thread/paste.txt")
    let once = try Self.check([seed])
    let twice = try Self.check([seed, seed])
    #expect(Self.essence(Self.vms(twice.json)[0]) == Self.essence(Self.vms(once.json)[0]))
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("iomem-audit-seed-copy.txt")
    try FileManager.default.copyItem(atPath: seed, toPath: copy.path)
    defer { try? FileManager.default.removeItem(at: copy) }
    let copied = try CLI.run(["check", seed, copy.path])
    #expect(copied.stdout.contains("the same content as \(seed), read once"))
    #expect(copied.stdout.hasSuffix("0 errors, 1 warning, 1 note, 0 info\n"))
  }

  @Test func interleavedCPUStampsDoNotSplitBoots() throws {
    let run = try CLI.run(["boots", CLI.sample("fleet/custA/vm1/serial-console.log")])
    #expect(run.stdout.contains("boot 0: first, lines 1-23"))
    #expect(run.stdout.contains("boot 1: kdump, lines 24-39 (starts at: banner)"))
    #expect(!run.stdout.contains("boot 2"))
  }

  @Test func versionIsPrinted() throws {
    let run = try CLI.run(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: ".").count == 3)
  }
}

/// `--jobs`: VMs are checked in parallel, and what the user sees does not depend on how many.
@Suite struct ParallelFleetTests {
  @Test(arguments: ["text", "json", "sarif"])
  func theOutputIsTheSameWithOneJobOrMany(_ format: String) throws {
    let one = try CLI.run(["check", "--format", format, "--jobs", "1", CLI.sample("")])
    let many = try CLI.run(["check", "--format", format, "--jobs", "3", CLI.sample("")])
    #expect(one.status == 1 && many.status == 1)
    #expect(one.stdout == many.stdout)
    #expect(one.stderr == many.stderr)
    // Every sample is a VM of the run, in the order of the directory.
    #expect(one.stdout.contains("gen1-hyperv-highmmio-vram") && one.stdout.contains("seed-thread-mail"))
  }

  @Test func noProgressLineWhenStderrIsNotATerminal() throws {
    let run = try CLI.run(["check", "--jobs", "2", CLI.sample("fleet")])
    #expect(!run.stderr.contains("VMs/s"))
  }

  @Test func aVMNotCheckedInTimeIsGivenUpAndTheOthersAreChecked() throws {
    // stdin is a VM of its own beside the fleet's, and a paste that never ends never finishes.
    let started = Date()
    let run = try CLI.run(
      ["check", "--format", "json", "--jobs", "2", "--timeout", "0.5", CLI.sample("fleet"), "-"],
      stdinOpen: true)
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(run.status == 1)
    #expect(run.stderr.contains("iomem-audit: <stdin>: timed out: not checked within 0.5 s (--timeout)"))
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
    let ids = (json["vms"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    #expect(ids == ["custA/vm1", "custA/vm2", "custB/vm1", "custB/vm2"])
    let unchecked = json["not_checked"] as? [[String: String]] ?? []
    #expect(
      unchecked == [
        ["vm": "<stdin>", "status": "timed-out", "reason": "timed out: not checked within 0.5 s (--timeout)"]
      ])
    // JUnit fails the given-up VM's testcase.
    let junit = try CLI.run(
      ["check", "--format", "junit", "--timeout", "0.5", CLI.sample("fleet"), "-"], stdinOpen: true)
    #expect(
      junit.stdout.contains("name=\"&lt;stdin&gt;\">\n      <failure type=\"timed-out\""), "\(junit.stdout)")
    #expect(junit.stdout.contains("tests=\"5\" failures=\"4\" skipped=\"1\""))
    // Not checked is not passed, even when no finding is at --fail-on; only `never` lets it by.
    let healthy = try CLI.run(
      ["check", "--fail-on", "error", "--timeout", "0.5", CLI.sample("gen2-azure"), "-"], stdinOpen: true)
    #expect(healthy.status == 1)
    let never = try CLI.run(
      ["check", "--fail-on", "never", "--timeout", "0.5", CLI.sample("fleet"), "-"], stdinOpen: true)
    #expect(never.status == 0)
  }

  @Test func aTimeoutNoVMReachesChangesNothing() throws {
    let plain = try CLI.run(["check", "--format", "json", CLI.sample("fleet")])
    let timed = try CLI.run(["check", "--format", "json", "--timeout", "600", CLI.sample("fleet")])
    #expect(plain.stdout == timed.stdout && plain.status == timed.status)
    let zero = try CLI.run(["check", "--timeout", "0", CLI.sample("fleet")])
    #expect(zero.stderr.contains("--timeout needs a number of seconds above 0"))
  }

  @Test func jobsMustBePositive() throws {
    let run = try CLI.run(["check", "--jobs", "0", CLI.sample("fleet")])
    #expect(run.status == 64 || run.status == 2)
    #expect(run.stderr.contains("--jobs needs at least 1"))
  }
}

/// `check --format html --output DIR` on a fleet: an index of the VMs and one page per VM.
@Suite struct HTMLSiteTests {
  @Test func aFleetBecomesAnIndexAndOnePagePerVM() throws {
    let dir = NSTemporaryDirectory() + "iomem-audit-site-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let run = try CLI.run(["check", "--format", "html", "--output", dir, CLI.sample("fleet")])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    let index = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
    for (n, id) in ["custA/vm1", "custA/vm2", "custB/vm1", "custB/vm2"].enumerated() {
      let file = "vm-000\(n + 1).html"
      #expect(index.contains("<a href=\"\(file)\">\(id)</a>"), "\(id)")
      let page = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
      #expect(page.contains("<h1>\(id): "))
      #expect(page.contains("<a href=\"index.html\">"))
      // The VM's page holds the findings the VM has alone.
      let alone = try CLI.run(["check", "--format", "json", CLI.sample("fleet/" + id)])
      let json = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any] ?? [:]
      for f in json["findings"] as? [[String: Any]] ?? [] {
        #expect(page.contains("data-rule=\"\(f["rule"] ?? "")\""), "\(id) \(f["rule"] ?? "")")
      }
    }
    #expect(index.contains("data-verdict=\"broken\"") && index.contains("data-rules=\"KD011\""))
  }

  @Test func outputNeedsTheHTMLFormat() throws {
    let run = try CLI.run(["check", "--output", NSTemporaryDirectory(), CLI.sample("fleet")])
    #expect(run.status != 0 && run.status != 1)
    #expect(run.stderr.contains("--output needs --format html"))
  }
}
