@_spi(UnsafeBytes) import ByteInput
import IomemParse
import KdumpCheck

/// The repair layer (quoted-printable, HTML, markdown, forum markup, quotes) on arbitrary bytes,
/// through both readers as `check` reads a file: fed whole, and fed in three pieces cut
/// anywhere (as an archive entry arrives), it finds the same forms, undoes the same repairs and
/// gives the same events and dumps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  // libFuzzer owns `data` for the length of this call.
  let bytes = ByteView(unsafeBytes: UnsafeRawBufferPointer(start: data, count: size))
  func read(cuts: [Int]) -> CaptureFile {
    var reader = CaptureFileReader(source: "fuzz")
    var from = 0
    for cut in cuts + [size] {
      reader.feed(chunk: bytes.extracting(from..<cut))
      from = cut
    }
    return reader.finish()
  }
  let whole = read(cuts: [])
  let pieces = read(cuts: [size / 3, size / 3 + (size - size / 3) / 2])
  precondition(whole.forms == pieces.forms, "feeding in pieces changed the forms")
  precondition(whole.repairs == pieces.repairs, "feeding in pieces changed the repairs")
  precondition(
    whole.log.events.map(\.provenance) == pieces.log.events.map(\.provenance), "pieces changed the events")
  precondition(
    whole.iomem.dumps.map { $0.roots.map(\.provenance) }
      == pieces.iomem.dumps.map { $0.roots.map(\.provenance) },
    "pieces changed the dumps")
  return 0
}
