@_spi(UnsafeBytes) public import ByteInput
internal import CPCRE2

/// A PCRE2 pattern compiled once (with JIT when available) and matched directly on byte buffers.
///
/// Matching runs in byte mode (no `PCRE2_UTF`): every pattern in this project is ASCII, and byte
/// mode never rejects or trips over invalid UTF-8 in captured logs. The compiled code is never
/// modified after `init`, and PCRE2 allows concurrent matching with separate match data, so one
/// instance is shared process-wide; each reader brings its own `PCRE2MatchData`.
public final class PCRE2Regex: @unchecked Sendable {
  /// The pattern source, for messages.
  public let pattern: String
  private let code: OpaquePointer
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
    var count: UInt32 = 0
    pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
    captureCount = Int(count)
  }

  deinit {
    pcre2_code_free_8(code)
  }

  /// Matches once in `bytes` using `data` (reused across calls); capture groups come back as
  /// byte ranges relative to `bytes`.
  public func firstMatch(in subject: ByteView, using data: PCRE2MatchData) -> PCRE2Match? {
    let bytes = subject.unsafeBytes
    guard let raw = bytes.baseAddress else {
      // PCRE2 wants a real pointer even for an empty subject.
      return withUnsafeBytes(of: UInt8(0)) {
        firstMatch(in: ByteView(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[0..<0])), using: data)
      }
    }
    let base = raw.assumingMemoryBound(to: UInt8.self)
    let rc =
      isJIT
      ? pcre2_jit_match_8(code, base, bytes.count, 0, 0, data.pointer, nil)
      : pcre2_match_8(code, base, bytes.count, 0, 0, data.pointer, nil)
    guard rc > 0 else { return nil }
    let ovector = pcre2_get_ovector_pointer_8(data.pointer)!
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

  /// One-off match with fresh match data (tests, rare look-ups); hot paths pass their own.
  public func firstMatch(in bytes: ByteView) -> PCRE2Match? {
    firstMatch(in: bytes, using: PCRE2MatchData(captures: captureCount))
  }

  /// Convenience for byte arrays.
  public func firstMatch(in bytes: [UInt8]) -> PCRE2Match? {
    bytes.withByteView { firstMatch(in: $0) }
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

/// PCRE2 match data: the ovector a match writes into. Owned by one reader and reused for every
/// match it makes; freed when the reader goes.
public final class PCRE2MatchData {
  let pointer: OpaquePointer

  /// Room for `captures` groups plus the whole match.
  public init(captures: Int) {
    pointer = pcre2_match_data_create_8(UInt32(captures + 1), nil)
  }

  deinit {
    pcre2_match_data_free_8(pointer)
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
