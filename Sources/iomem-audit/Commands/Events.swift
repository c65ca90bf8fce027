import ArgumentParser
import IomemParse
import JSONText

struct Events: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Turn kernel-log lines that matter into typed events, with boot, role and line.",
    discussion: """
      Every line format is detected per line (dmesg, -T, -x, -r, --json, /dev/kmsg, journalctl short/monotonic/json, syslog, serial consoles with ANSI codes). Lines that are not kernel messages are counted; --unrecognized lists them.

      Examples:
        iomem-audit events serial.log
        iomem-audit events --format ndjson --kind hv_mmio_windows --kind pci_bar_assigned dmesg.txt
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, ndjson, json }

  @OptionGroup var logs: LogInputOptions

  @Option(help: "Output: `text`, `ndjson` (one object per line) or `json`. Example: --format ndjson")
  var format: Format = .text

  @Option(
    name: .customLong("kind"),
    help:
      "Only events of this kind (repeatable). Example: --kind hv_pci_d0_failed. `iomem-audit events --list-kinds` lists them."
  )
  var kinds: [String] = []

  @Flag(help: "List the event kinds and exit.")
  var listKinds = false

  @Flag(help: "List the literal message prefixes the line prefilter looks for, one per line, and exit.")
  var listPrefixes = false

  @Flag(help: "List the line spans that are not kernel messages (prose, systemd, other programs).")
  var unrecognized = false

  func validate() throws {
    for kind in kinds where !EventKind.allNames.contains(kind) {
      throw ValidationError(
        "unknown event kind `\(kind)`; known kinds: \(EventKind.allNames.joined(separator: ", "))")
    }
  }

  func run() throws {
    if listPrefixes {
      Terminal.out(KernelLogReader.prefilterLiterals.joined(separator: "\n") + "\n")
      return
    }
    if listKinds {
      Terminal.out(EventKind.allNames.joined(separator: "\n") + "\n")
      return
    }
    let sink = OutputSink()
    if format == .json { LogEvent.beginDocument(&sink.json) }
    let all = try logs.streamEvents { event, role in
      guard kinds.isEmpty || kinds.contains(event.kind.name) else { return }
      switch format {
      case .ndjson: sink.writeLine(event, role: role)
      case .json:
        // One compact object per line inside the array: readable, and the same bytes as NDJSON.
        sink.json.compact { event.write(role: role, to: &$0) }
      case .text:
        let time = event.time.map { "[\(String(format6: $0))] " } ?? ""
        sink.write(
          "\(event.provenance): boot \(event.boot) (\(role.rawValue)) \(event.kind.name): \(time)\(event.provenance.text)\n"
        )
      }
    }
    if format == .json { LogEvent.endDocument(&sink.json) }
    sink.flush()
    for log in all {
      for diagnostic in log.diagnostics { Terminal.error(diagnostic.description) }
      if format == .text || unrecognized { Terminal.error(LogSummary.line(log)) }
      if unrecognized {
        for span in log.lines.nonKernelSpans.spans {
          Terminal.error("\(log.source):\(span.lowerBound)-\(span.upperBound): not a kernel message")
        }
        if log.lines.nonKernelSpans.truncated { Terminal.error("\(log.source): (list truncated)") }
      }
    }
    if all.allSatisfy({ $0.lines.kernelMessages == 0 }) { throw ExitCode(2) }
  }
}

enum LogSummary {
  static func line(_ log: KernelLog) -> String {
    let l = log.lines
    let formats = l.formats.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }
    return "\(log.source): \(l.total) lines, \(log.bootCount) boot\(log.bootCount == 1 ? "" : "s"), "
      + "\(l.kernelMessages) kernel messages (\(l.unrecognizedMessages) of no event kind), "
      + "\(l.nonKernel) other lines (--unrecognized), \(l.continuations) continuations"
      + (formats.isEmpty ? "" : "; formats: " + formats.joined(separator: ", "))
  }
}

extension String {
  /// `12.506159`: printk's six decimals.
  init(format6 value: Double) {
    let micros = Int((value * 1_000_000).rounded())
    let frac = String(micros % 1_000_000)
    self = "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
  }
}
