import Foundation
import Testing

/// Every command's `--help`, verbatim: what a user reads first is reviewed as a file, and a
/// change to it shows in the diff. After an intended change:
/// `for c in check …; do iomem-audit $c --help > Tests/IomemAuditCLITests/Fixtures/help/$c.txt; done`.
@Suite struct HelpTests {
  static let commands = [
    "iomem-audit", "check", "summary", "layout", "parse", "boots", "events", "rules", "explain",
  ]

  @Test(arguments: commands)
  func helpIsAsReviewed(_ command: String) throws {
    // The width swift-argument-parser wraps at when stdout is no terminal; COLUMNS would move it.
    let run = try CLI.run(
      command == "iomem-audit" ? ["--help"] : [command, "--help"], environment: ["COLUMNS": "80"])
    #expect(run.status == 0)
    let expected = try String(
      contentsOfFile: CLI.repoRoot + "/Tests/IomemAuditCLITests/Fixtures/help/\(command).txt", encoding: .utf8
    )
    #expect(
      run.stdout == expected, "`\(command) --help` changed: review it and update Fixtures/help/\(command).txt"
    )
  }
}
