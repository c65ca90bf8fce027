import ByteOutput
import JSONText
import Testing

/// A document streamed in pieces is the document written whole, and no piece outgrows the
/// buffer unless one value alone is larger.
@Suite struct StreamedJSONTests {
  static let document = JSONValue.object([
    ("schema_version", .int(2)),
    (
      "inputs",
      .array(
        (0..<20000).map { n in
          .object([
            ("kind", .string("boot")), ("index", .int(n)),
            ("reason", .string("boot \(n + 1) after it in the same input is a kdump kernel")),
          ])
        })
    ),
    ("long", .string(String(repeating: "hv_pci 7b1e3f0a: ", count: 200_000))),
  ])

  @Test func piecesJoinToTheWholeDocument() {
    var pieces: [[UInt8]] = []
    var w = JSONWriter(pretty: true, into: ByteBuffer(capacity: 1 << 20) { pieces.append(Array($0)) })
    w.value(Self.document)
    w.bytes.flush()
    #expect(pieces.count > 3)
    #expect(String(decoding: pieces.joined(), as: UTF8.self) == Self.document.serialized(pretty: true))
    // Only the piece holding the 3.4 MB string is larger than the mebibyte buffer.
    #expect(pieces.filter { $0.count > 1 << 20 }.count == 1)
  }
}
