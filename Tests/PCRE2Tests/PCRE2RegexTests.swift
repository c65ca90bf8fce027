import PCRE2
import Testing

@Suite struct PCRE2RegexTests {
  @Test func capturesAreByteRangesOfTheSubject() throws {
    let regex = try PCRE2Regex(#"hv_mmio=(\[mem [^\]]+\]),(\[mem [^\]]+\]|\(null\))"#)
    let line = Array("hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],(null) fb=(null)".utf8)
    let match = try #require(regex.firstMatch(in: line))
    #expect(String(decoding: line[match[1]!], as: UTF8.self) == "[mem 0xf8000000-0xfed3ffff]")
    #expect(String(decoding: line[match[2]!], as: UTF8.self) == "(null)")
    #expect(regex.isJIT)
  }

  @Test func optionalGroupThatDidNotTakePartIsNil() throws {
    let regex = try PCRE2Regex(#"^a(b)?(c)$"#)
    let match = try #require(regex.firstMatch(in: "ac"))
    #expect(match[1] == nil)
    #expect(match[2] == 1..<2)
  }

  @Test func badPatternReportsMessageAndOffset() {
    #expect(throws: PCRE2Error.self) { try PCRE2Regex("abc(def") }
    do {
      _ = try PCRE2Regex("abc(def")
    } catch {
      #expect(error.offset == 7)
      #expect(error.message.contains("missing closing parenthesis"))
      #expect(error.description.contains("/abc(def/"))
    }
  }

  @Test func invalidUTF8AndNULDoNotStopMatching() throws {
    let regex = try PCRE2Regex(#"D0 Entry with status ([0-9a-f]+)"#)
    var line: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3]
    line += Array("hv_pci: PCI Pass-through VSP failed D0 Entry with status c0370048".utf8)
    let match = try #require(regex.firstMatch(in: line))
    #expect(String(decoding: line[match[1]!], as: UTF8.self) == "c0370048")
  }

  @Test func emptySubjectIsMatchedNotCrashed() throws {
    #expect(try PCRE2Regex("^$").firstMatch(in: [UInt8]()) != nil)
    #expect(try PCRE2Regex("x").firstMatch(in: [UInt8]()) == nil)
  }
}
