import ArgumentParser
import ByteOutput
import IomemParse
import JSONText

#if canImport(Glibc)
  import Glibc
#endif

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

/// Standard output of the streaming commands, written in 64 KiB pieces so millions of NDJSON
/// lines cost few write(2) calls: JSON through `json`, text appended as it is. A class, so the
/// per-boot and per-event callbacks share it. Once nobody reads stdout (`| head`) the rest of the
/// stream is not wanted: the command ends there with status 0, as `rg` does.
final class OutputSink {
  var json = JSONWriter(
    pretty: true,
    into: ByteBuffer(capacity: 1 << 16) {
      if !$0.write(toDescriptor: 1) && errno == EPIPE { Glibc.exit(0) }
    })

  func write(_ text: String) { json.bytes.append(text) }

  /// One event as an NDJSON line.
  func writeLine(_ event: LogEvent, role: BootRole) {
    json.compact { event.write(role: role, to: &$0) }
    json.bytes.append(0x0A)
  }

  func flush() { json.bytes.flush() }
}
