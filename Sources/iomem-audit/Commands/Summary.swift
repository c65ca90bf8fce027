import ArgumentParser
import FleetStore
import Foundation

struct Summary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Summarise a run recorded by `check --db`: VMs by verdict, findings by rule, kernel and platform, and what changed since the run before.",
    discussion:
      "Examples:\n  iomem-audit summary fleet.sqlite\n  iomem-audit summary --format html fleet.sqlite > today.html\n  iomem-audit summary --run 3 --format json fleet.sqlite"
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, html
  }

  @Argument(help: "The database `check --db` wrote.")
  var database: String

  @Option(help: "Output format: text, json, html.")
  var format: Format = .text

  @Option(name: .customLong("run"), help: "The run to summarise (default: the last finished run).")
  var runID: Int64?

  func run() throws {
    guard FileManager.default.fileExists(atPath: database) else {
      Terminal.error("iomem-audit: \(database): no such database (`check --db \(database)` writes one)")
      throw ExitCode(2)
    }
    let summary: FleetSummary
    do {
      summary = try FleetSummary(try FleetDatabase(path: database), run: runID)
    } catch {
      Terminal.error("iomem-audit: \(error)")
      throw ExitCode(2)
    }
    switch format {
    case .text: Terminal.out(FleetSummaryReporter.text(summary, database: database))
    case .json: Terminal.out(FleetSummaryReporter.json(summary))
    case .html: Terminal.out(FleetSummaryReporter.html(summary, database: database))
    }
  }
}
