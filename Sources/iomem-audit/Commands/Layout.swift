import ArgumentParser
import ByteInput
import Foundation
import IomemParse
import KdumpCheck

/// `layout`: how `check` groups a tree of files into VMs, without reading them — for a support
/// engineer asking "which VMs will this share give?", and for a job that spreads a fleet over
/// machines (`fleet/spark/`) and must cut it where `check` does.
struct Layout: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Show how `check` splits a tree of files into VMs: each capture root, the files it reads and those it skips by place, the archives that are captures of their own, and the files in no VM.",
    discussion: """
      A directory is laid out from its files (archives known by their content). With --list, the tree is the list of paths (relative to its top, one a line) in FILE or on stdin (`-`), and archives are known by their names (.tar, .tar.gz, .tgz, .tar.xz, .tar.zst, .tar.bz2, .zip, .7z, .cpio): nothing is read.

      Examples:
        iomem-audit layout share/
        find share -type f -printf '%P\\n' | iomem-audit layout --list - --format json
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "The directory to lay out.")
  var directory: String?

  @Option(help: ArgumentHelp("Lay out these paths instead of a directory (`-`: stdin).", valueName: "file"))
  var list: String?

  @Option(help: "Output: text or json.")
  var format: Format = .text

  func validate() throws {
    if (directory == nil) == (list == nil) {
      throw ValidationError("give a directory or --list FILE, not both")
    }
  }

  func run() throws {
    let files: [String]
    let archives: Set<String>
    // Outside every capture root, an archive or a compressed file is a capture of its own.
    let packed: (String) -> Bool
    if let list {
      guard let text = Terminal.readFile(list) else {
        Terminal.error("iomem-audit: \(list): cannot read the list")
        throw ExitCode(2)
      }
      files = text.split(whereSeparator: \.isNewline).map { InputDiscovery.normalise(String($0)) }.filter {
        !$0.isEmpty && $0 != "."
      }
      archives = Set(files.filter(InputDiscovery.isArchiveName))
      packed = InputDiscovery.isPackedName
    } else if let directory, InputDiscovery.isDirectory(directory) {
      do { files = try InputDiscovery.listFiles(directory) } catch let failure as UsageFailure {
        Terminal.error("iomem-audit: \(failure.description)")
        throw ExitCode(2)
      }
      archives = InputDiscovery.archivesAmong(files, in: directory)
      packed = { ArchiveReader.isPacked(path: directory + "/" + $0) }
    } else {
      Terminal.error("iomem-audit: \(directory ?? ""): not a directory")
      throw ExitCode(2)
    }
    let layout = InputDiscovery.treeLayout(files, archives: archives)
    let vms = layout.roots.map { root in
      let split = root.files.map { file -> (String, String?) in
        let inRoot = String(file.dropFirst(root.path.isEmpty ? 0 : root.path.count + 1))
        return (file, InputDiscovery.skipReason(inRoot, sosreport: root.sosreport))
      }
      return (root, split)
    }
    // As `check` takes them: archives and compressed files are captures of their own.
    let kinds = layout.strays.map { ($0, InputDiscovery.outside($0, archives: archives, packed: packed)) }
    let own = kinds.filter { $0.1 == .archive || $0.1 == .packed }.map(\.0).sorted()
    let strays = kinds.filter { $0.1 == .stray }.map(\.0)
    let fleet = !(layout.roots.count == 1 && layout.roots[0].path.isEmpty) || !own.isEmpty
    let report = CaptureLayoutReport(
      fleet: fleet,
      roots: vms.map { root, split in
        CaptureLayoutReport.Root(
          path: root.path, sosreport: root.sosreport, read: split.filter { $0.1 == nil }.map(\.0),
          skipped: split.compactMap { file, reason in reason.map { (file, $0) } })
      }, archives: own, strays: strays)
    Terminal.out(format == .json ? LayoutReporter.json(report) : LayoutReporter.text(report))
  }
}
