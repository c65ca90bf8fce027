internal import ByteInput
internal import JSONText

/// Turns `journalctl -o json` lines and `dmesg --json` documents (compact on one line, or
/// pretty-printed over many) into framed records.
struct JSONLogRecords {
  /// Inside a pretty-printed `dmesg --json` document that spans lines.
  private(set) var isInsideDocument = false
  private var fields: [String: JSONValue] = [:]

  /// Returns true when the line was JSON and is fully handled.
  mutating func consume(
    _ line: ByteView, _ emit: LineFramer.Emit
  ) -> Bool {
    var end = line.count
    while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 || line[end - 1] == UInt8(ascii: ",") {
      end -= 1
    }
    let body = line.extracting(0..<end)
    if body.first == UInt8(ascii: "{"), let object = try? JSONParser.parse(body) {
      if let records = object["dmesg"]?.arrayValue {
        for record in records { emitDmesg(record, emit) }
      } else if object["MESSAGE"] != nil {
        emitJournal(object, emit)
      } else if object["msg"] != nil {
        emitDmesg(object, emit)
      } else {
        return false
      }
      return true
    }
    let text = String(decoding: body, as: UTF8.self)
    if ["{", "}", "},{", "}, {", "]", "]}", "}]", "[", "} ]"].contains(text) {
      if text == "{" { isInsideDocument = true }
      if text == "]}" || text == "} ]" { isInsideDocument = false }
      return isInsideDocument || text == "]}" || text == "}"
    }
    if text.hasPrefix("\"dmesg\""), text.hasSuffix("[") {
      isInsideDocument = true
      return true
    }
    guard isInsideDocument, text.hasPrefix("\""), let field = try? JSONParser.parse("{\(text)}") else {
      isInsideDocument = false
      return false
    }
    if case .object(let members) = field {
      for (key, value) in members { fields[key] = value }
    }
    if fields["msg"] != nil {
      emitDmesg(.object(fields.map { ($0.key, $0.value) }), emit)
      fields.removeAll()
    }
    return true
  }

  private func emitDmesg(_ record: JSONValue, _ emit: LineFramer.Emit) {
    var stamp = LogStamp(format: .dmesgJSON)
    stamp.monotonic = record["time"]?.doubleValue
    stamp.priority = record["pri"]?.intValue
    if let fac = record["fac"]?.stringValue {
      stamp.isKernel = fac == "kern"
    }
    // The caller id is kept in front of the message bytes, where the stamp's span reads it.
    let caller = Array((record["caller"]?.stringValue ?? "").utf8)
    stamp.callerStart = 0
    stamp.callerCount = caller.count
    let bytes = caller + Array((record["msg"]?.stringValue ?? "").utf8)
    bytes.withByteView { emit(.message(stamp), $0, caller.count) }
  }

  private func emitJournal(_ object: JSONValue, _ emit: LineFramer.Emit) {
    var stamp = LogStamp(format: .journalJSON)
    if let usec = object["__MONOTONIC_TIMESTAMP"]?.doubleValue { stamp.monotonic = usec / 1_000_000 }
    if let id = object["_BOOT_ID"]?.stringValue {
      emit(.journalBootID(id), ByteView(), 0)
    }
    stamp.priority = object["PRIORITY"]?.intValue
    stamp.isKernel =
      object["_TRANSPORT"]?.stringValue == "kernel" || object["SYSLOG_IDENTIFIER"]?.stringValue == "kernel"
    var message: [UInt8]
    switch object["MESSAGE"] {
    case .string(let s): message = Array(s.utf8)
    case .array(let bytes): message = bytes.compactMap { $0.intValue.map { UInt8(truncatingIfNeeded: $0) } }
    default: message = []
    }
    if let newline = message.firstIndex(of: 0x0A) { message.removeSubrange(newline...) }
    message.withByteView { emit(.message(stamp), $0, 0) }
  }
}
