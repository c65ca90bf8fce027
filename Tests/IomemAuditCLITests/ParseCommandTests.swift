import Foundation
import Testing

@Suite struct ParseCommandTests {
  @Test func seedPasteComesBackWithTheKernelsNesting() throws {
    let run = try CLI.run(["parse", "--format", "iomem", CLI.sample("seed-thread/paste.txt")])
    #expect(run.status == 0)
    let expected =
      try String(contentsOfFile: CLI.sample("gen1-hyperv-highmmio-vram/iomem"), encoding: .utf8)
      .split(separator: "\n").filter { !$0.contains("7b1e3f0a") }.joined(separator: "\n") + "\n"
    #expect(run.stdout == expected)
    #expect(run.stderr.contains("paste.txt:70: note: lines 70-92: indentation was lost"))
  }

  @Test func stdinPasteAndJSON() throws {
    let paste = try Data(contentsOf: URL(fileURLWithPath: CLI.sample("seed-thread/paste.txt")))
    let run = try CLI.run(["parse", "--format", "json"], stdin: paste)
    #expect(run.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let resources = json["resources"] as! [[String: Any]]
    #expect(resources.count == 13)
    let highBus = resources[12]
    #expect(highBus["start"] as? String == "0xfe0000000")
    #expect(highBus["end"] as? String == "0xfffffffff")
    #expect(highBus["kind"] as? String == "pci_bus")
    let vram = (highBus["children"] as! [[String: Any]])[0]
    #expect(vram["name"] as? String == "5620e0c7-8062-4dce-aeb7-520c7ef76171")
    #expect(vram["kind"] as? String == "vmbus_device")
    #expect(vram["line"] as? Int == 92)
    #expect((json["blocks"] as! [Any]).count == 1)
    let diagnostics = json["diagnostics"] as! [[String: Any]]
    #expect(diagnostics.first?["line"] as? Int == 70)
  }

  @Test func severalDumpsAreSeparatedByABlankLine() throws {
    let text = "00000000-00000fff : Reserved\n\nafter:\n00000000-00000fff : Reserved\n"
    let run = try CLI.run(["parse", "--format", "iomem", "-"], stdin: Data(text.utf8))
    #expect(run.stdout == "00000000-00000fff : Reserved\n\n00000000-00000fff : Reserved\n")
  }

  @Test func unreadableOrEmptyInputExitsTwoWithAReason() throws {
    let missing = try CLI.run(["parse", "/nonexistent/iomem"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "iomem-audit: /nonexistent/iomem: cannot open: No such file or directory\n")
    let directory = try CLI.run(["parse", CLI.repoRoot + "/samples"])
    #expect(directory.status == 2)
    #expect(directory.stderr.contains("is a directory"))
    let prose = try CLI.run(["parse", "-"], stdin: Data("just some prose\n".utf8))
    #expect(prose.status == 2)
    #expect(prose.stderr.contains("-: error: no /proc/iomem lines found (1 lines read)"))
  }

  @Test func badOptionExitsTwo() throws {
    let run = try CLI.run(["parse", "--format", "xml", "-"], stdin: Data())
    #expect(run.status == 2)
    #expect(run.stderr.contains("--format"))
  }

  @Test func helpExplainsEachOptionWithAnExample() throws {
    let run = try CLI.run(["parse", "--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("Example: --format iomem"))
    #expect(run.stdout.contains("iomem-audit parse --format iomem mail.txt"))
    #expect(run.stdout.contains("--list-skipped"))
  }

  @Test func listSkippedNamesTheSpans() throws {
    let run = try CLI.run(["parse", "--list-skipped", CLI.sample("nonroot-read/iomem")])
    #expect(run.stderr.contains("nonroot-read/iomem:1-1: skipped (not /proc/iomem)"))
    #expect(run.stderr.contains("sudo cat /proc/iomem"))
    #expect(run.stdout.contains("(hidden) Crash kernel [crash_kernel] @10"))
  }
}
