import Testing

@testable import IomemParse

/// Every catalog pattern compiles, and the group count the catalog sizes match data from (counted
/// without compiling, so start-up compiles nothing) is PCRE2's own.
@Suite struct CatalogPatternTests {
  @Test func everyPatternCompilesWithTheGroupsTheCatalogExpects() {
    let all = EventCatalog.shared.allPatterns
    #expect(all.count > 40)
    for p in all {
      #expect(p.regex.captureCount == p.declaredGroups, "\(p.pattern)")
      #expect(p.regex.isJIT, "\(p.pattern)")
    }
  }
}
