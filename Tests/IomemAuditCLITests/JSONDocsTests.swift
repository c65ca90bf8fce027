import Foundation
import IomemParse
import Testing

/// docs/json.md describes what the commands really write: every key of their output on the
/// samples appears on the page, and every document carries `schema_version` 2.
@Suite struct JSONDocsTests {
  static let page: String =
    (try? String(contentsOfFile: CLI.repoRoot + "/docs/json.md", encoding: .utf8)) ?? ""

  static func keys(_ value: Any, into out: inout Set<String>) {
    if let object = value as? [String: Any] {
      for (key, child) in object {
        out.insert(key)
        keys(child, into: &out)
      }
    } else if let array = value as? [Any] {
      for child in array { keys(child, into: &out) }
    }
  }

  static func document(_ arguments: [String]) throws -> [String: Any] {
    let run = try CLI.run(arguments)
    return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
  }

  @Test func everyKeyIsDocumented() throws {
    var keys = Set<String>()
    let documents = [
      try Self.document(["check", "--format", "json", CLI.sample("fleet")]),
      try Self.document(["check", "--format", "json", CLI.sample("gen1-hyperv-highmmio-vram")]),
      try Self.document([
        "boots", "--format", "json", CLI.sample("gen1-hyperv-highmmio-vram/serial-console.log"),
      ]),
      try Self.document(["parse", "--format", "json", CLI.sample("seed-thread/paste.txt")]),
      try Self.document(["layout", "--format", "json", CLI.sample("")]),
      try Self.document(["events", "--format", "json", CLI.sample("gen2-azure-d0-failure/kexec-dmesg.log")]),
    ]
    for document in documents {
      #expect(document["schema_version"] as? Int == 2)
      Self.keys(document, into: &keys)
    }
    #expect(keys.count > 60)
    for key in keys.sorted() {
      #expect(
        Self.page.contains("\"\(key)\"") || Self.page.contains("`\(key)`"), "docs/json.md lacks `\(key)`")
    }
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
