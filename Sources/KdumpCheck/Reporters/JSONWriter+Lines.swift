import IomemParse
internal import JSONText

extension JSONWriter {
  /// `[{"source", "line", "text"}]`: cited lines, as `check` and `boots` write them.
  mutating func lines(_ lines: [Provenance]) {
    array { w in
      for p in lines {
        w.object { w in
          w.member("source", p.source)
          w.member("line", p.line)
          w.member("text", p.text)
        }
      }
    }
  }
}
