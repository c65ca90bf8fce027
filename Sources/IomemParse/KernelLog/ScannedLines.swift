public import ByteInput

/// A block's lines as the log reader's scan hands them on (`KernelLogReader.feed(block:firstLine:each:)`):
/// one line, without its newline (or the CR before it), or a run of plain lines — dmesg-stamped
/// kernel messages of no event kind, each `[ seconds ] message` with the space — whose bytes
/// include their newlines. The bytes are the block's, valid only during the `each` call that
/// hands them over: a reader copies what it keeps.
public enum ScannedLines {
  case line(ByteView, number: Int)
  case plainRun(ByteView, first: Int, count: Int)
}
