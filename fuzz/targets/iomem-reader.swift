@_spi(UnsafeBytes) import ByteInput
import IomemParse
import JSONText

/// The /proc/iomem reader on arbitrary bytes: every line is accounted for and printing the
/// recovered tree reads back to the same tree; its JSON reads back as JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  // The reader alone, both ways (the repair layer before it has a target of its own).
  func read(_ bytes: ByteView) -> IomemDocument {
    var reader = IomemReader(source: "fuzz")
    var splitter = LineSplitter()
    splitter.feed(bytes) { reader.feed($0, line: $1) }
    splitter.finish { reader.feed($0, line: $1) }
    return reader.finish()
  }
  // libFuzzer owns `data` for the length of this call.
  let doc = read(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: data, count: size)))
  let l = doc.lines
  precondition(
    l.entries + l.skipped + l.blank + l.bad + l.elisions + l.ioports + l.joined == l.total,
    "a line went uncounted")
  // A dump the kernel could have printed (nothing repaired or corrected) reads back the same.
  let structural = doc.diagnostics.contains { $0.severity >= .warning || $0.code == "iomem.repaired" }
  for dump in doc.dumps where !dump.addressesHidden && !structural {
    let text = dump.kernelText()
    let again = Array(text.utf8).withByteView { read($0) }
    precondition(again.first?.kernelText() == text, "round trip changed the tree")
  }
  var json = JSONWriter(pretty: true)
  doc.write(to: &json)
  precondition((try? JSONParser.parse(json.text)) != nil, "parse --format json does not read back")
  return 0
}
