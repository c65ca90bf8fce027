@_spi(UnsafeBytes) import ByteInput
import IomemParse
import JSONText

/// The kernel-log reader on arbitrary bytes (all formats, boot splitting, %pR parsing): reading
/// line by line in two pieces split anywhere, and reading by blocks (the plain-line scan), give
/// the same events, roles and line counts as reading whole; every event writes NDJSON that reads back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  // libFuzzer owns `data` for the length of this call.
  let bytes = ByteView(unsafeBytes: UnsafeRawBufferPointer(start: data, count: size))
  func read(splitAt cut: Int) -> KernelLog {
    var reader = KernelLogReader(source: "fuzz")
    var splitter = LineSplitter()
    splitter.feed(bytes.extracting(0..<cut)) { reader.feed($0, line: $1) }
    splitter.feed(bytes.extracting(cut...)) { reader.feed($0, line: $1) }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }
  func readBlocks(splitAt cut: Int) -> KernelLog {
    var reader = KernelLogReader(source: "fuzz")
    var splitter = LineSplitter()
    splitter.feedBlocks(bytes.extracting(0..<cut)) {
      reader.feed(block: $0, firstLine: $1)
    }
    splitter.feedBlocks(bytes.extracting(cut...)) {
      reader.feed(block: $0, firstLine: $1)
    }
    splitter.finishBlocks { reader.feed(block: $0, firstLine: $1) }
    return reader.finish()
  }
  let whole = read(splitAt: 0)
  let split = read(splitAt: size / 2)
  let blocks = readBlocks(splitAt: size / 3)
  precondition(
    whole.events.map(\.provenance) == split.events.map(\.provenance), "split reading changed the events")
  precondition(whole.boots.map(\.role) == split.boots.map(\.role), "split reading changed the roles")
  precondition(
    whole.events.map(\.provenance) == blocks.events.map(\.provenance), "block reading changed the events")
  precondition(whole.boots.map(\.role) == blocks.boots.map(\.role), "block reading changed the roles")
  precondition(whole.lines == blocks.lines, "block reading changed the line counts")
  for event in blocks.events {
    var out = JSONWriter(pretty: false)
    event.write(role: .unknown, to: &out)
    precondition((try? JSONParser.parse(out.text)) != nil, "an event's NDJSON does not read back")
  }
  return 0
}
