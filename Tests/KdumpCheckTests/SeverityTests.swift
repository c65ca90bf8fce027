import KdumpCheck
import Testing

@Suite struct SeverityTests {
  @Test func failOnComparesBySeriousness() {
    #expect(Severity.allCases.sorted() == [.info, .note, .warning, .error])
    #expect(Severity.warning >= .note && !(Severity.note >= .warning))
  }
}
