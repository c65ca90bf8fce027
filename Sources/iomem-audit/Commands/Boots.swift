import ArgumentParser
import IomemParse

struct Boots: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the boots in kernel logs with their role (first, kdump, unknown) and its evidence.",
    discussion: """
      A boot starts at a `Linux version` banner, where printk time goes backwards, or at a new
      journal boot ID. Its role comes from its command line (elfcorehdr= marks the kdump kernel,
      crashkernel= the first), from a kdump boot that follows it, or from the file name
      (kexec-dmesg.log, vmcore-dmesg.txt).

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
    let all = try logs.readLogs()
    var inputs: [JSONValue] = []
    for log in all {
      switch format {
      case .text:
        for boot in log.boots { Terminal.out(Self.text(boot)) }
        Terminal.error(LogSummary.line(log))
      case .json:
        inputs.append(
          .object([("source", .string(log.source)), ("boots", .array(log.boots.map(Self.json)))]))
      }
      for diagnostic in log.diagnostics { Terminal.error(diagnostic.description) }
    }
    if format == .json {
      Terminal.out(JSONValue.object([("inputs", .array(inputs))]).serialized(pretty: true) + "\n")
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
    for evidence in boot.roleEvidence { out += "    \(evidence.source):\(evidence.line): \(evidence.text)\n" }
    for crash in boot.crashTrail {
      out += "  crash: \(crash.provenance.source):\(crash.provenance.line): \(crash.provenance.text)\n"
    }
    return out
  }

  static func json(_ boot: KernelBoot) -> JSONValue {
    .object([
      ("boot", .int(boot.index)), ("role", .string(boot.role.rawValue)), ("reason", .string(boot.roleReason)),
      ("firstLine", .int(boot.firstLine)), ("lastLine", .int(boot.lastLine)),
      ("start", .string(boot.start.rawValue)),
      ("kernel", boot.kernelVersion.map { .string($0) } ?? .null),
      ("commandLine", boot.commandLine?.json ?? .null),
      (
        "evidence",
        .array(
          boot.roleEvidence.map {
            .object([("source", .string($0.source)), ("line", .int($0.line)), ("text", .string($0.text))])
          })
      ),
      (
        "crash",
        .array(
          boot.crashTrail.map {
            .object([("line", .int($0.provenance.line)), ("text", .string($0.provenance.text))])
          })
      ),
      ("messages", .int(boot.messages)), ("events", .int(boot.events.count)),
    ])
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
