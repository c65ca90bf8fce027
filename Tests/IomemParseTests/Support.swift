import IomemParse

/// Paths inside the repository, found from this file's location so tests run from any directory.
enum Repo {
  static let root: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  static func sample(_ relative: String) -> String { root + "/samples/" + relative }
}

/// Deterministic PRNG so property tests print a reproducible seed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension IomemDocument {
  func codes(_ severity: Diagnostic.Severity? = nil) -> [String] {
    diagnostics.filter { severity == nil || $0.severity == severity }.map(\.code)
  }

  func diagnostic(_ code: String) -> Diagnostic? { diagnostics.first { $0.code == code } }
}
