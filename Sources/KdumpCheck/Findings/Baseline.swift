import IomemParse
internal import JSONText

/// Known findings to suppress, by fingerprint (rule id + ranges + evidence text, never line numbers).
public struct Baseline: Sendable {
  public var fingerprints: Set<String>

  public init(fingerprints: Set<String>) { self.fingerprints = fingerprints }

  public enum Failure: Error, CustomStringConvertible {
    case malformed(String)
    public var description: String {
      switch self {
      case .malformed(let why): "not an iomem-audit baseline: \(why)"
      }
    }
  }

  /// Reads `{"version":1,"findings":[{"fingerprint":"…",…}]}`.
  public init(json text: String) throws(Failure) {
    guard let value = try? JSONParser.parse(text) else { throw .malformed("not JSON") }
    guard value["version"]?.intValue == 1, let items = value["findings"]?.arrayValue else {
      throw .malformed("expected {\"version\":1,\"findings\":[…]}")
    }
    fingerprints = Set(items.compactMap { $0["fingerprint"]?.stringValue })
  }

  /// The baseline that suppresses exactly these findings; rule and message are kept for review.
  public static func json(for findings: [Finding]) -> String {
    var w = JSONWriter(pretty: true)
    w.object { w in
      w.member("version", 1)
      w.key("findings")
      w.array { w in
        for finding in findings {
          w.object { w in
            w.member("fingerprint", finding.fingerprint)
            w.member("rule", finding.rule)
            w.member("message", finding.message)
          }
        }
      }
    }
    return w.text + "\n"
  }
}
