import IomemParse

/// The /proc/iomem reader on arbitrary bytes: every line is accounted for and printing the
/// recovered tree reads back to the same tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var reader = IomemReader(source: "fuzz")
  var splitter = LineSplitter()
  splitter.feed(UnsafeRawBufferPointer(start: data, count: size)) { reader.feed($0, line: $1) }
  splitter.finish { reader.feed($0, line: $1) }
  let doc = reader.finish()
  let l = doc.lines
  precondition(l.entries + l.skipped + l.blank + l.bad + l.elisions + l.ioports + l.joined == l.total, "a line went uncounted")
  // A dump the kernel could have printed (nothing repaired or corrected) reads back the same.
  let structural = doc.diagnostics.contains { $0.severity >= .warning || $0.code == "iomem.repaired" }
  for dump in doc.dumps where !dump.addressesHidden && !structural {
    let text = dump.kernelText()
    let again = IomemReader.read(text: text, source: "again")
    precondition(again.first?.kernelText() == text, "round trip changed the tree")
  }
  _ = doc.json.serialized()
  return 0
}
