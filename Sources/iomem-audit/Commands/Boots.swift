import ArgumentParser
import IomemParse
import KdumpCheck

struct Boots: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the boots in kernel logs with their role (first, kdump, unknown) and its evidence.",
    discussion: """
      A boot starts at a `Linux version` banner (arm64: the `Booting Linux on physical CPU` line before it), where printk time goes back by a second or more to at most half of the time before, or at a new journal boot ID. Each boot shows how it ended (reboot, kexec reboot, panic, panic without capture kernel, cut off). Its role comes from its command line (elfcorehdr= marks the kdump kernel, crashkernel= the first), from a kdump boot that follows it, or from the file name (kexec-dmesg.log, vmcore-dmesg.txt).

      Examples:
        iomem-audit boots serial-console.log
        iomem-audit boots --format json vmcore-dmesg.txt kexec-dmesg.log
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @OptionGroup var logs: LogInputOptions

  @Option(help: "Output: `text` or `json`. Example: --format json")
  var format: Format = .text

  func run() throws {
    let sink = OutputSink()
    var first = true
    if format == .json { sink.out.write("{\n  \"schema_version\": \(JSONSchema.version),\n  \"boots\": [") }
    let all = try logs.streamLogs { boot in
      switch format {
      case .text: sink.out.write(Self.text(boot))
      case .json:
        sink.out.write(first ? "\n    " : ",\n    ")
        first = false
        var bytes = ByteBuffer()
        Self.json(boot).write(to: &bytes, pretty: true, indent: 2)
        sink.out.write(bytes.text)
      }
    }
    if format == .json { sink.out.write(first ? "]\n}\n" : "\n  ]\n}\n") }
    sink.out.flush()
    for log in all {
      if format == .text { Terminal.error(LogSummary.line(log)) }
      for diagnostic in log.diagnostics { Terminal.error(diagnostic.description) }
    }
    if all.allSatisfy({ $0.lines.kernelMessages == 0 }) { throw ExitCode(2) }
  }

  static func text(_ boot: KernelBoot) -> String {
    var out =
      "\(boot.source) boot \(boot.index): \(boot.role.rawValue), lines \(boot.firstLine)-\(boot.lastLine)"
    out += " (starts at: \(boot.start.rawValue.replacingUnderscores))\n"
    out += "  kernel: \(boot.kernelVersion ?? "(no Linux version banner)")\n"
    out += "  command line: \(boot.commandLine?.text ?? "(none seen)")\n"
    out += "  role: \(boot.roleReason)\n"
    for evidence in boot.roleEvidence { out += "    \(evidence): \(evidence.text)\n" }
    out += "  ended in: \(boot.ending.phrase)\n"
    for line in boot.endingEvidence { out += "    \(line): \(line.text)\n" }
    out += "  kernel changes:\n"
    for s in KernelChanges(boot).statuses {
      out += "    \(s.change.rawValue) \(s.presence.rawValue): \(s.reason)\n"
    }
    return out
  }

  static func json(_ boot: KernelBoot) -> JSONValue {
    .object([
      ("source", .string(boot.source)), ("boot", .int(boot.index)), ("role", .string(boot.role.rawValue)),
      ("reason", .string(boot.roleReason)),
      ("first_line", .int(boot.firstLine)), ("last_line", .int(boot.lastLine)),
      ("start", .string(boot.start.rawValue)), ("ending", .string(boot.ending.rawValue)),
      ("kernel", boot.kernelVersion.map { .string($0) } ?? .null),
      ("command_line", boot.commandLine?.json ?? .null),
      (
        "evidence",
        .array(
          boot.roleEvidence.map {
            .object([("source", .string($0.source)), ("line", .int($0.line)), ("text", .string($0.text))])
          })
      ),
      (
        "ending_evidence",
        .array(boot.endingEvidence.map { .object([("line", .int($0.line)), ("text", .string($0.text))]) })
      ),
      ("messages", .int(boot.messages)), ("events", .int(boot.events.count)),
      ("kernel_changes", KernelChanges(boot).json),
    ])
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
