import Foundation
import IomemParse
import JSONText
import Testing

/// docs/json.md describes what the commands really write: each example on the page is read as
/// its command's schema, and the commands' output on the samples is checked against it — every
/// key is one the example shows at that place, every value has its type or is `null`, and a
/// value shown as `a|b|c` is one of those (`"…"` stands for anything).
@Suite struct JSONDocsTests {
  static let page: String =
    (try? String(contentsOfFile: CLI.repoRoot + "/docs/json.md", encoding: .utf8)) ?? ""

  /// The first JSON example after the heading `## heading`.
  static func example(_ heading: String) throws -> JSONValue {
    guard let h = page.range(of: "## \(heading)"),
      let open = page.range(of: "```json\n", range: h.upperBound..<page.endIndex),
      let close = page.range(of: "```", range: open.upperBound..<page.endIndex)
    else {
      Issue.record("docs/json.md has no example under \(heading)")
      return .null
    }
    return try JSONParser.parse(String(page[open.upperBound..<close.lowerBound]))
  }

  /// Where `value` departs from the example `schema`, as `path: what`.
  static func departures(_ value: JSONValue, from schema: JSONValue, at path: String) -> [String] {
    if case .null = value { return [] }
    switch schema {
    case .null: return []
    case .string(let s) where s.hasPrefix("…"): return []
    case .object(let documented):
      guard case .object(let members) = value else { return ["\(path): not an object"] }
      return members.flatMap { key, child -> [String] in
        guard let shown = documented.first(where: { $0.0 == key })?.1 else {
          return ["\(path).\(key): not in the example"]
        }
        return departures(child, from: shown, at: "\(path).\(key)")
      }
    case .array(let shown):
      guard case .array(let items) = value else { return ["\(path): not an array"] }
      guard let element = shown.first else { return [] }
      return items.enumerated().flatMap { departures($1, from: element, at: "\(path)[\($0)]") }
    case .string(let s):
      guard case .string(let v) = value else { return ["\(path): not a string"] }
      let options = s.split(separator: "|").map(String.init)
      return options.count > 1 && !options.contains(v) ? ["\(path): `\(v)` is not one of \(s)"] : []
    case .int, .double:
      switch value {
      case .int, .double: return []
      default: return ["\(path): not a number"]
      }
    case .bool:
      guard case .bool = value else { return ["\(path): not true or false"] }
      return []
    }
  }

  static func expectConforms(_ output: String, to heading: String, _ what: String) throws {
    let schema = try example(heading)
    let value = try JSONParser.parse(output)
    #expect(value["schema_version"]?.intValue == 2 || heading.hasPrefix("Baselines"), "\(what)")
    let found = departures(value, from: schema, at: "")
    #expect(found.isEmpty, "\(what) departs from docs/json.md: \(found.prefix(10).joined(separator: "; "))")
  }

  /// Every file of the samples, relative to samples/.
  static let sampleFiles: [String] = {
    let root = CLI.sample("")
    let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
    return all.filter { path in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + path, isDirectory: &isDirectory)
        && !isDirectory.boolValue
        && !path.hasSuffix(".md") && !path.hasSuffix("expected.json")
    }.sorted()
  }()

  static let sampleDirectories: [String] = {
    (try? FileManager.default.contentsOfDirectory(atPath: CLI.sample("")))?.sorted() ?? []
  }()

  @Test func checkFollowsItsExample() throws {
    try Self.expectConforms(
      try CLI.run(["check", "--format", "json", "--jobs", "2", CLI.sample("")]).stdout,
      to: "`check --format json`", "check of every sample")
    for sample in Self.sampleDirectories {
      try Self.expectConforms(
        try CLI.run(["check", "--format", "json", CLI.sample(sample)]).stdout, to: "`check --format json`",
        sample)
    }
  }

  @Test func bootsParseAndLayoutFollowTheirExamples() throws {
    var boots = 0
    var dumps = 0
    for file in Self.sampleFiles {
      let booted = try CLI.run(["boots", "--format", "json", CLI.sample(file)])
      if booted.status == 0 {
        boots += 1
        try Self.expectConforms(booted.stdout, to: "`boots --format json`", file)
      }
      let parsed = try CLI.run(["parse", "--format", "json", CLI.sample(file)])
      if parsed.status == 0, (try JSONParser.parse(parsed.stdout))["resources"]?.arrayValue?.isEmpty == false
      {
        dumps += 1
        try Self.expectConforms(parsed.stdout, to: "`parse --format json`", file)
      }
    }
    #expect(boots > 10 && dumps > 5)
    for tree in ["", "fleet"] {
      try Self.expectConforms(
        try CLI.run(["layout", "--format", "json", CLI.sample(tree)]).stdout, to: "`layout --format json`",
        "layout of samples/\(tree)")
    }
  }

  /// Two runs into one database, the second with VMs the first did not have.
  @Test func summaryAndBaselineFollowTheirExamples() throws {
    let directory = NSTemporaryDirectory() + "iomem-audit-docs-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let db = directory + "/fleet.sqlite"
    _ = try CLI.run(["check", "--db", db, CLI.sample("fleet/custA")])
    _ = try CLI.run([
      "check", "--db", db, "--write-baseline", directory + "/baseline.json", CLI.sample("fleet"),
    ])
    let summary = try CLI.run(["summary", "--format", "json", db])
    #expect(summary.status == 0)
    try Self.expectConforms(summary.stdout, to: "`summary --format json`", "summary of two runs")
    #expect(try JSONParser.parse(summary.stdout)["since_previous"]?["new"]?.arrayValue?.isEmpty == false)
    try Self.expectConforms(
      try String(contentsOfFile: directory + "/baseline.json", encoding: .utf8),
      to: "Baselines (`--write-baseline`)",
      "baseline")
  }

  /// The backticked names in `text` (`boot`, `wall_clock`).
  static func names(_ text: Substring) -> Set<String> {
    Set(
      text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
        .map { String($0.element) })
  }

  /// Each event record has the members every event has, and those its kind's row of the table
  /// names; its kind is in the table.
  @Test func eventsFollowTheTableOfKinds() throws {
    let schema = try Self.example("`events --format ndjson`")
    guard let start = Self.page.range(of: "Every event has"),
      let end = Self.page.range(of: "| kind | members |", range: start.upperBound..<Self.page.endIndex)
    else {
      Issue.record("docs/json.md lacks the events prose or table")
      return
    }
    let common = Self.names(Self.page[start.lowerBound..<end.lowerBound])
    var kinds: [String: Set<String>] = [:]
    let rows = Self.page[end.upperBound...].split(separator: "\n").prefix(while: { $0.hasPrefix("|") })
    for row in rows {
      let cells = row.split(separator: "|", omittingEmptySubsequences: false)
      guard cells.count >= 3 else { continue }
      for kind in Self.names(cells[1]) { kinds[kind] = Self.names(cells[2]) }
    }
    #expect(kinds.count > 30)
    var records = 0
    for file in Self.sampleFiles {
      let run = try CLI.run(["events", "--format", "ndjson", CLI.sample(file)])
      for line in run.stdout.split(separator: "\n") {
        let record = try JSONParser.parse(String(line))
        records += 1
        let kind = record["kind"]?.stringValue ?? ""
        let allowed =
          kinds[kind] ?? kinds.first { $0.key.hasSuffix("*") && kind.hasPrefix($0.key.dropLast()) }?.value
        guard let allowed else {
          Issue.record("\(file): kind `\(kind)` is not in the table")
          continue
        }
        guard case .object(let members) = record else { continue }
        for (key, _) in members where !common.contains(key) && !allowed.contains(key) {
          Issue.record("\(file): `\(kind)` writes `\(key)`, which its row does not name")
        }
        if let role = record["role"], case .string(let roles) = schema["role"] ?? .null {
          #expect(Self.departures(role, from: .string(roles), at: "role").isEmpty, "\(file): \(line)")
        }
      }
    }
    #expect(records > 200)
  }

  @Test func eventKeysAreUniqueInEachRecord() throws {
    for sample in ["fleet/custB/vm1/serial-console.log", "gen1-hyperv-highmmio-vram/serial-console.log"] {
      let run = try CLI.run(["events", "--format", "ndjson", CLI.sample(sample)])
      for line in run.stdout.split(separator: "\n") {
        // A repeated key would be silently merged by most JSON readers; this one keeps members.
        guard case .object(let members) = try JSONParser.parse(String(line)) else {
          Issue.record("not an object: \(line)")
          continue
        }
        #expect(Set(members.map(\.0)).count == members.count, "\(line)")
      }
    }
  }
}
