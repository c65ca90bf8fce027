internal import CByteInput

extension String {
  /// Whether `needle` occurs in the text, found by a byte search (`memmem`): the standard
  /// library's `contains(_:)` on strings compares characters one by one, which is most of the
  /// time of the per-event checks that read a DMI or banner line.
  public func containsBytes(_ needle: String) -> Bool {
    var text = self
    var needle = needle
    return text.withUTF8 { t in
      needle.withUTF8 { n in
        n.isEmpty || (t.count >= n.count && memmem(t.baseAddress, t.count, n.baseAddress, n.count) != nil)
      }
    }
  }
}
