import ArgumentParser
import IomemParse

/// The `FILE…|-` arguments shared by the log commands.
struct LogInputOptions: ParsableArguments {
  @Argument(
    help: "Log files (dmesg, journal, serial console, vmcore-dmesg.txt, kexec-dmesg.log), or `-` for stdin.")
  var inputs: [String] = ["-"]

  /// Reads every input, handing each boot to `onBoot` as soon as its role is decided, so a
  /// huge log is never held whole; an unreadable input stops the command with exit status 2.
  /// The returned logs carry the counts and diagnostics, not the boots.
  func streamLogs(_ onBoot: @escaping (KernelBoot) -> Void) throws -> [KernelLog] {
    try streamLogs(prepare: { $0.onBoot = onBoot })
  }

  /// Reads every input, handing each event with its boot's role to `onEvent` as soon as neither
  /// can change (`KernelLogReader.onEvent`): a long log of a settled boot is written while it is
  /// read. The returned logs carry the counts and diagnostics.
  func streamEvents(_ onEvent: @escaping (LogEvent, BootRole) -> Void) throws -> [KernelLog] {
    try streamLogs(prepare: { $0.onEvent = onEvent })
  }

  private func streamLogs(prepare: (inout KernelLogReader) -> Void) throws -> [KernelLog] {
    var logs: [KernelLog] = []
    for input in inputs {
      if input == "-" && Terminal.stdinIsTerminal {
        Terminal.error("iomem-audit: reading a kernel log from standard input; paste it, then press Ctrl-D")
      }
      do {
        logs.append(try KernelLogReader.read(path: input, prepare: prepare))
      } catch {
        Terminal.error("iomem-audit: \(error)")
        throw ExitCode(2)
      }
    }
    return logs
  }
}

/// Output buffered in 64 KiB pieces, so millions of NDJSON lines cost few write(2) calls.
struct BufferedOutput: ~Copyable {
  private var buffer = ByteBuffer(capacity: 1 << 17)

  mutating func write(_ text: String) {
    buffer.append(text)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// One event as compact JSON, serialised straight into the buffer.
  mutating func write(_ event: LogEvent, role: BootRole) {
    event.writeJSON(role: role, to: &buffer)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// One event as an NDJSON line.
  mutating func writeLine(_ event: LogEvent, role: BootRole) {
    event.writeJSON(role: role, to: &buffer)
    buffer.append(0x0A)
    if buffer.count >= 1 << 16 { flush() }
  }

  mutating func flush() {
    buffer.withBytes { Terminal.write(fd: 1, $0) }
    buffer.removeAll()
  }
}
