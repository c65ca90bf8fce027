internal import CPCRE2

/// A PCRE2 pattern compiled once (with JIT when available) and matched directly on byte buffers.
///
/// Matching runs in byte mode (no `PCRE2_UTF`): every pattern in this project is ASCII, and byte
/// mode never rejects or trips over invalid UTF-8 in captured logs. One instance owns its match
/// data, so it is not `Sendable`: give each reader its own.
public final class PCRE2Regex {
  /// The pattern source, for messages.
  public let pattern: String
  private let code: OpaquePointer
  private let matchData: OpaquePointer
  /// Number of capture groups, not counting group 0.
  public let captureCount: Int
  /// Whether the JIT compiled this pattern; interpretation is the slow fallback.
  public let isJIT: Bool

  /// Compiles `pattern`; throws the PCRE2 error text and offset when it is malformed.
  public init(_ pattern: String, caseless: Bool = false) throws(PCRE2Error) {
    self.pattern = pattern
    var errorCode: Int32 = 0
    var errorOffset = 0
    let options: UInt32 = caseless ? UInt32(PCRE2_CASELESS) : 0
    let compiled = pattern.utf8CString.withUnsafeBufferPointer { buf in
      buf.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buf.count) { ptr in
        pcre2_compile_8(ptr, buf.count - 1, options, &errorCode, &errorOffset, nil)
      }
    }
    guard let compiled else {
      throw PCRE2Error(pattern: pattern, message: PCRE2Regex.errorText(errorCode), offset: errorOffset)
    }
    code = compiled
    isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
    matchData = pcre2_match_data_create_from_pattern_8(compiled, nil)
    var count: UInt32 = 0
    pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
    captureCount = Int(count)
  }

  deinit {
    pcre2_match_data_free_8(matchData)
    pcre2_code_free_8(code)
  }

  /// Matches once in `bytes`; returns capture groups as byte ranges relative to `bytes`.
  public func firstMatch(in bytes: UnsafeRawBufferPointer) -> PCRE2Match? {
    guard let raw = bytes.baseAddress else {
      // PCRE2 wants a real pointer even for an empty subject.
      return withUnsafeBytes(of: UInt8(0)) { firstMatch(in: UnsafeRawBufferPointer(rebasing: $0[0..<0])) }
    }
    let base = raw.assumingMemoryBound(to: UInt8.self)
    let rc =
      isJIT
      ? pcre2_jit_match_8(code, base, bytes.count, 0, 0, matchData, nil)
      : pcre2_match_8(code, base, bytes.count, 0, 0, matchData, nil)
    guard rc > 0 else { return nil }
    let ovector = pcre2_get_ovector_pointer_8(matchData)!
    var groups: [Range<Int>?] = []
    groups.reserveCapacity(captureCount + 1)
    for i in 0...captureCount {
      let start = ovector[2 * i]
      let end = ovector[2 * i + 1]
      if i < Int(rc), start >= 0, end >= start {
        groups.append(Int(start)..<Int(end))
      } else {
        groups.append(nil)
      }
    }
    return PCRE2Match(groups: groups)
  }

  /// Convenience for byte arrays.
  public func firstMatch(in bytes: [UInt8]) -> PCRE2Match? {
    bytes.withUnsafeBytes { firstMatch(in: $0) }
  }

  /// Convenience for strings (tests, one-off look-ups); hot paths pass bytes.
  public func firstMatch(in text: String) -> PCRE2Match? {
    firstMatch(in: Array(text.utf8))
  }

  private static func errorText(_ code: Int32) -> String {
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
    return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
  }
}

/// The byte ranges one match covered: index 0 is the whole match, then each capture group
/// (`nil` when the group did not take part).
public struct PCRE2Match: Sendable, Equatable {
  public let groups: [Range<Int>?]

  public subscript(_ group: Int) -> Range<Int>? {
    group < groups.count ? groups[group] : nil
  }
}
