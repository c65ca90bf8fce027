import ArgumentParser
import IomemParse
import JSONText
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
    if format == .json { BootsReporter.begin(&sink.json) }
    let all = try logs.streamLogs { boot in
      switch format {
      case .text: sink.write(BootsReporter.text(boot))
      case .json: BootsReporter.write(boot, to: &sink.json)
      }
    }
    if format == .json { BootsReporter.end(&sink.json) }
    sink.flush()
    for log in all {
      if format == .text { Terminal.error(LogSummary.line(log)) }
      for diagnostic in log.diagnostics { Terminal.error(diagnostic.description) }
    }
    if all.allSatisfy({ $0.lines.kernelMessages == 0 }) { throw ExitCode(2) }
  }
}
