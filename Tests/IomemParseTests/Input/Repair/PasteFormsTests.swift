import ByteInput
import IomemParse
import Testing

/// What the sniffer makes of an input's head: each mangling is seen wherever on a line its sign
/// stands (the sniffer skips words of a line that hold no sign, so every offset in and across
/// a word is tried), and a clean kernel log shows none.
@Suite struct PasteFormsTests {
  static let line = "[    1.402118] hv_vmbus: registering driver hv_pci (0x1414 host)"

  /// Each form with the text that shows it, placed into a kernel line.
  static let signs: [(PasteForms, String)] = [
    (.quotedPrintable, "mmio=3Dfe0000000 size=20"),
    (.html, "<br>"),
    (.html, "&nbsp;"),
    (.forum, "[/CODE]"),
    (.markdown, "**hv_pci** [probe](x)"),
    (.nonBreakingSpace, "\u{A0}"),
  ]

  static func forms(_ text: String) -> PasteForms {
    text.withByteView { PasteForms.detect($0) }
  }

  @Test func aCleanKernelLogShowsNoForm() {
    let log = (0..<200).map { _ in Self.line }.joined(separator: "\n")
    #expect(Self.forms(log) == [])
  }

  @Test(arguments: 0..<signs.count)
  func aSignIsSeenAtEveryOffsetOfALine(_ k: Int) {
    let (form, sign) = Self.signs[k]
    let base = Array(Self.line)
    for at in 0...base.count {
      let text = String(base[..<at]) + sign + String(base[at...])
      #expect(Self.forms(text).contains(form), "\(form) not seen at offset \(at): \(text)")
    }
  }

  @Test func anEmailQuoteIsALineStartingWithAnAngle() {
    #expect(Self.forms("> " + Self.line) == .quoted)
    #expect(Self.forms("a -> b " + Self.line) == [])
  }
}
