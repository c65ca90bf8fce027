import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

@main
struct IomemAudit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "iomem-audit",
    abstract:
      "Read /proc/iomem dumps and kernel logs from Hyper-V/Azure VMs and explain kdump MMIO conflicts.",
    discussion: """
      Exit status: 0 success, 1 findings at or above --fail-on (check), 2 bad command line or unreadable input.

      Examples:
        iomem-audit check samples/seed-thread/paste.txt
        iomem-audit parse --format iomem samples/seed-thread/paste.txt
        pbpaste | iomem-audit parse -
      """,
    version: IomemAudit.version,
    subcommands: [
      Check.self, Summary.self, Layout.self, Parse.self, Boots.self, Events.self, Rules.self, Explain.self,
    ]
  )

  static let version = "0.2.0"

  /// Argument errors exit 2 (not ArgumentParser's 64), like the unreadable-input case.
  static func main() {
    Terminal.keepRunningWhenOutputCloses()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        Terminal.error(fullMessage(for: error))
        Glibc.exit(2)
      }
      exit(withError: error)
    }
  }
}
