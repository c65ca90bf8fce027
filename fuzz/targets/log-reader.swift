import IomemParse

/// The kernel-log reader on arbitrary bytes (all formats, boot splitting, %pR parsing): reading in
/// two pieces split anywhere gives the same events as reading whole.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  func read(splitAt cut: Int) -> KernelLog {
    var reader = KernelLogReader(source: "fuzz")
    var splitter = LineSplitter()
    splitter.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<cut])) { reader.feed($0, line: $1) }
    splitter.feed(UnsafeRawBufferPointer(rebasing: bytes[cut...])) { reader.feed($0, line: $1) }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }
  let whole = read(splitAt: 0)
  let split = read(splitAt: size / 2)
  precondition(whole.events.map(\.provenance) == split.events.map(\.provenance), "split reading changed the events")
  precondition(whole.boots.map(\.role) == split.boots.map(\.role), "split reading changed the roles")
  for event in whole.events { _ = event.json(role: .unknown).serialized() }
  return 0
}
