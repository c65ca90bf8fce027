import Foundation
import KdumpCheck
import Testing

/// The text maps under the findings of each sample, in a UTF-8 and a plain locale, against
/// golden files (Tests/KdumpCheckTests/Golden/<sample>.map.txt). `UPDATE_GOLDEN=1 swift test`
/// rewrites them.
@Suite struct TextMapGoldenTests {
  static let samples = SampleExpectationTests.samples

  /// The map blocks of a text report: from a `  map` line to its `marks` line.
  static func maps(_ text: String) -> String {
    var out: [String] = []
    var inside = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("  map ") { inside = true }
      if inside { out.append(String(line)) }
      if inside, line.contains(" marks rows inside the finding's ranges") {
        inside = false
        out.append("")
      }
    }
    return out.joined(separator: "\n")
  }

  @Test(arguments: samples)
  func mapsMatchTheirGoldenFile(_ name: String) throws {
    let report = CheckReport(capture: try Repo.sampleCapture(name))
    let got =
      "UTF-8:\n" + Self.maps(TextReporter.render(report, color: false, unicode: true)) + "ASCII:\n"
      + Self.maps(TextReporter.render(report, color: false, unicode: false))
    let path = Repo.path("Tests/KdumpCheckTests/Golden/\(name).map.txt")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try Data(got.utf8).write(to: URL(fileURLWithPath: path))
    }
    let want = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      got == want,
      "\(name): run `UPDATE_GOLDEN=1 swift test --filter TextMapGolden` after checking the change")
    // ASCII mode uses no box-drawing character.
    let ascii = Self.maps(TextReporter.render(report, color: false, unicode: false))
    #expect(!ascii.contains("│") && !ascii.contains("▶"))
  }
}
