import ByteInput
import Foundation
import IomemParse
import KdumpCheck

/// One VM's inputs: its id (its path relative to the fleet root) and every file of its capture,
/// each to be read, already read (an archive's entries), or skipped with the reason.
struct VMInput {
  var id: String
  /// The directory (or archive) the VM was found as, when it is one.
  var directory: String?
  var entries: [Entry]

  enum Entry {
    /// A file to read by path.
    case file(String)
    /// An archive entry, read while the archive streamed by; `source` is `archive/entry`.
    case member(source: String, CaptureMember.Outcome)
    case skipped(source: String, reason: String)
  }

  var paths: [String] {
    entries.compactMap { if case .file(let path) = $0 { path } else { nil } }
  }
}

/// Turns `check`'s inputs into VMs.
///
/// - Files named on the command line (and `-` for stdin) form one VM.
/// - A directory or an archive (tar, tar.gz/xz/zst/bz2, zip, 7-Zip) is laid out by
///   `CaptureLayout`: a capture root is one VM, never split; otherwise each capture root below
///   it is one VM, whose id is its path relative to the fleet (`custA/vm1`). An archive found
///   in a fleet is a capture of its own; an archive inside a capture root belongs to that VM.
/// - Inside a capture root every file is accounted for: read by content (its name does not
///   matter), or skipped with the reason. In a sosreport only the files that hold /proc/iomem
///   and kernel logs are read; the rest are listed as not read.
/// - `check vm1/ vm2/` is two VMs. A named file inside a named directory belongs to that
///   directory's VM.
enum InputDiscovery {
  /// File names (or path suffixes) that make a directory a capture root.
  static let exactNames: Set<String> = ["iomem", "dmesg", "messages", "kern.log", "syslog", "journal.txt"]
  static let prefixes = [
    "dmesg", "iomem", "journal", "serial", "console", "kexec-dmesg", "vmcore-dmesg", "boot-diagnostics",
    "kern", "messages", "syslog",
  ]
  static let suffixes = [".log", ".txt", ".iomem", ".dmesg", ".json", ".eml", ".mbox", ".html", ".htm"]
  /// Files a capture carries about itself, skipped by name: a sample's description and its
  /// expected findings.
  static let byName: [String: String] = [
    "README.md": "the capture's description (README.md), not a capture",
    "expected.json": "iomem-audit's expected findings for a sample (expected.json), not a capture",
  ]

  /// The VMs, whether the run is a fleet, and the files of fleet directories that lie in no VM.
  static func vms(_ inputs: [String]) throws -> (vms: [VMInput], fleet: Bool, strays: [String]) {
    var loose: [String] = []
    var vms: [VMInput] = []
    var strays: [String] = []
    var fleet = false
    let named = inputs.map(normalise)
    let archives = Set(named.filter { $0 != "-" && !isDirectory($0) && ArchiveReader.isArchive(path: $0) })
    let trees = named.filter { isDirectory($0) || archives.contains($0) }
    var seen = Set<String>()
    for input in named {
      let directory = isDirectory(input)
      guard directory || archives.contains(input) else {
        if !loose.contains(input) { loose.append(input) }
        continue
      }
      guard seen.insert(input).inserted else { continue }
      let found = directory ? try directoryVMs(input) : try archiveVMs(input)
      guard !found.vms.isEmpty else {
        throw UsageFailure(
          description:
            "\(input): holds no iomem or kernel-log file (looked for iomem, dmesg*, *.log, *.txt, *.eml, *.html, proc/iomem, sos_commands/kernel/dmesg, var/crash/*/vmcore-dmesg.txt, kexec-dmesg.log), and no subdirectory does"
        )
      }
      if found.fleet { fleet = true }
      strays += found.strays
      for var vm in found.vms {
        if trees.count > 1 && found.fleet { vm.id = input + "/" + vm.id }
        vms.append(vm)
      }
    }
    // A named file inside a named directory is that directory's; the rest form one VM.
    var rest: [String] = []
    for file in loose {
      if let i = vms.firstIndex(where: { vm in
        vm.paths.contains(file) || vm.directory.map { file.hasPrefix($0 + "/") } == true
      }) {
        if !vms[i].paths.contains(file) { vms[i].entries.append(.file(file)) }
      } else {
        rest.append(file)
      }
    }
    if !rest.isEmpty {
      vms.insert(VMInput(id: looseID(rest), directory: nil, entries: rest.map { .file($0) }), at: 0)
    }
    return (vms, fleet || vms.count > 1, strays)
  }

  /// The VMs of a directory: one if it is a capture root, else one per capture root below it
  /// (an archive lying outside every root is a capture of its own).
  private static func directoryVMs(_ root: String) throws -> (vms: [VMInput], fleet: Bool, strays: [String]) {
    let files = try listFiles(root)
    // Each file's head is looked at once: archives are captures of their own (or a VM's part).
    let archives = archivesAmong(files, in: root)
    let layout = treeLayout(files, archives: archives)
    var vms: [VMInput] = []
    let fleet = !(layout.roots.count == 1 && layout.roots[0].path.isEmpty)
    for captureRoot in layout.roots {
      let base = CaptureLayout.join(root, captureRoot.path)
      var vm = VMInput(id: fleet ? captureRoot.path : root, directory: base, entries: [])
      for relative in captureRoot.files {
        let path = root + "/" + relative
        let inRoot = String(relative.dropFirst(captureRoot.path.isEmpty ? 0 : captureRoot.path.count + 1))
        if let reason = skipReason(inRoot, sosreport: captureRoot.sosreport) {
          vm.entries.append(.skipped(source: path, reason: reason))
        } else if archives.contains(relative) {
          vm.entries += try archiveEntries(path)
        } else {
          vm.entries.append(.file(path))
        }
      }
      vms.append(vm)
    }
    var strays: [String] = []
    for relative in layout.strays {
      let path = root + "/" + relative
      switch outside(relative, archives: archives, packed: { ArchiveReader.isPacked(path: root + "/" + $0) })
      {
      case .archive:
        // Its VMs' ids are the archive's path (and the root inside it) relative to the fleet.
        for var vm in try archiveVMs(path).vms {
          vm.id = String(vm.id.dropFirst(root.count + 1))
          vms.append(vm)
        }
      case .packed: vms.append(VMInput(id: relative, directory: nil, entries: [.file(path)]))
      case .stray: strays.append(path)
      case .nothing: continue
      }
    }
    return (vms, fleet || vms.count > 1, strays)
  }

  /// What a file of a tree that lies in no capture root is.
  enum Outside {
    /// An archive: a capture of its own (one VM or several).
    case archive
    /// Compressed, or an archive that cannot be read (a truncated tarball): a capture of its
    /// own, whose reading says what is wrong with it.
    case packed
    /// A file in no VM, reported and not read.
    case stray
    /// A fleet's own README.md or a hidden file: not a capture, and no stray either.
    case nothing
  }

  static func outside(_ relative: String, archives: Set<String>, packed: (String) -> Bool) -> Outside {
    if archives.contains(relative) { return .archive }
    if skipReason(relative, sosreport: false) != nil { return .nothing }
    return packed(relative) ? .packed : .stray
  }

  /// Which of a directory's files are archives, by content: each file's head is read, on every
  /// core (a fleet's files are mostly on disk, and the reads wait for it).
  static func archivesAmong(_ files: [String], in root: String) -> Set<String> {
    let blocks = stride(from: 0, to: files.count, by: 256).map { files[$0..<min($0 + 256, files.count)] }
    let found = ParallelMap.run(blocks, jobs: ProcessInfo.processInfo.activeProcessorCount) { block in
      block.filter { ArchiveReader.isArchive(path: root + "/" + $0) }
    }
    return Set(found.flatMap { $0 ?? [] })
  }

  /// A directory's layout from its files' paths (relative to it) and which of them are
  /// archives: an archive makes no directory a capture root, whatever its name.
  static func treeLayout(_ files: [String], archives: Set<String>) -> CaptureLayout {
    CaptureLayout(files: files) { isCaptureName($0) && !archives.contains($0) }
  }

  /// Whether a file's name says it is an archive of files (`layout --list`, where there is no
  /// content to look at); a compressed single log (`kern.log.2.gz`) is not one.
  static func isArchiveName(_ path: String) -> Bool {
    let name = CaptureLayout.name(path).lowercased()
    return [
      ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.bz2", ".tbz2", ".zip", ".7z",
      ".cpio",
    ]
    .contains { name.hasSuffix($0) }
  }

  /// Whether a file's name says it is an archive or compressed (`layout --list`): outside every
  /// capture root, such a file is a capture of its own, as `isPacked` content makes it in `check`.
  static func isPackedName(_ path: String) -> Bool {
    isArchiveName(path)
      || [".gz", ".xz", ".zst", ".bz2", ".lz4", ".lzma"].contains {
        CaptureLayout.name(path).lowercased().hasSuffix($0)
      }
  }

  /// The VMs of an archive, laid out like a directory from its entries' paths.
  private static func archiveVMs(_ archive: String) throws -> (vms: [VMInput], fleet: Bool, strays: [String])
  {
    let members = try readArchive(archive)
    let layout = CaptureLayout(files: members.map(\.path)) { isCaptureName($0) }
    // One capture root is one VM named by the archive, even below a top directory (the usual
    // shape of a tarball: `collected.tar.gz` holding `iomem-audit-vm1-…/`).
    let fleet = layout.roots.count > 1
    let byPath = Dictionary(members.map { ($0.path, $0.outcome) }, uniquingKeysWith: { a, _ in a })
    var vms: [VMInput] = []
    for captureRoot in layout.roots {
      var vm = VMInput(
        id: fleet ? archive + "/" + captureRoot.path : archive,
        directory: nil, entries: [])
      for relative in captureRoot.files {
        let inRoot = String(relative.dropFirst(captureRoot.path.isEmpty ? 0 : captureRoot.path.count + 1))
        let source = archive + "/" + relative
        if let reason = skipReason(inRoot, sosreport: captureRoot.sosreport) {
          vm.entries.append(.skipped(source: source, reason: reason))
        } else if let outcome = byPath[relative] {
          vm.entries.append(.member(source: source, outcome))
        }
      }
      vms.append(vm)
    }
    let strays = layout.strays.map { archive + "/" + $0 }
    return (vms, fleet, strays)
  }

  /// An archive inside a capture root: all its entries belong to that VM (a sosreport inside it
  /// still gives only its capture files).
  private static func archiveEntries(_ archive: String) throws -> [VMInput.Entry] {
    let members = try readArchive(archive)
    let layout = CaptureLayout(files: members.map(\.path)) { isCaptureName($0) }
    let sosRoots = layout.roots.filter(\.sosreport).map(\.path)
    return members.map { member in
      let source = archive + "/" + member.path
      if let root = sosRoots.first(where: { $0.isEmpty || member.path.hasPrefix($0 + "/") }) {
        let inRoot = String(member.path.dropFirst(root.isEmpty ? 0 : root.count + 1))
        if let reason = skipReason(inRoot, sosreport: true) {
          return .skipped(source: source, reason: reason)
        }
      }
      return .member(source: source, member.outcome)
    }
  }

  /// Reads an archive in one pass. Entries below a directory already seen to hold
  /// `sos_commands/` (or named `sosreport-*`) that are not sosreport capture files are listed,
  /// not read; the layout afterwards settles the rest.
  private static func readArchive(_ archive: String) throws -> [CaptureMember] {
    var sosRoots = Set<String>()
    do {
      return try ArchiveReader.read(path: archive, into: CaptureFileReader.self) { entry in
        let parts = entry.split(separator: "/").map(String.init)
        if let k = parts.firstIndex(of: "sos_commands") {
          sosRoots.insert(parts[..<k].joined(separator: "/"))
        }
        if let k = parts.firstIndex(where: { $0.hasPrefix("sosreport-") }), k < parts.count - 1 {
          sosRoots.insert(parts[...k].joined(separator: "/"))
        }
        for root in sosRoots where root.isEmpty || entry.hasPrefix(root + "/") {
          let inRoot = String(entry.dropFirst(root.isEmpty ? 0 : root.count + 1))
          return skipReason(inRoot, sosreport: true)
        }
        return hidden(entry) ? "a hidden file" : nil
      }
    } catch {
      throw UsageFailure(description: error.description)
    }
  }

  /// Why a file of a capture root is not read (by its place, not its content), or `nil`.
  static func skipReason(_ inRoot: String, sosreport: Bool) -> String? {
    if hidden(inRoot) { return "a hidden file" }
    if sosreport {
      return isSosreportCapture(inRoot)
        ? nil : "not one of the sosreport files that hold /proc/iomem, kernel logs or the kdump setup"
    }
    return byName[CaptureLayout.name(inRoot)]
  }

  /// Whether a part of the path starts with a dot.
  private static func hidden(_ path: String) -> Bool {
    path.hasPrefix(".") || path.contains("/.")
  }

  /// Every file below `root` (all but directories), relative to it, sorted.
  static func listFiles(_ root: String) throws -> [String] {
    guard let files = DirectoryListing.files(under: root) else {
      throw UsageFailure(description: "\(root): cannot list the directory")
    }
    return files
  }

  /// `a//b/./c/` → `a/b/c`, so a path named twice is read once.
  static func normalise(_ path: String) -> String {
    guard path != "-" else { return path }
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    if parts.isEmpty { return path.hasPrefix("/") ? "/" : "." }
    let joined = parts.joined(separator: "/")
    return path.hasPrefix("/") ? "/" + joined : joined
  }

  /// One file: its path; several in one directory: that directory; otherwise unnamed.
  private static func looseID(_ files: [String]) -> String {
    if files.count == 1 { return files[0] == "-" ? "<stdin>" : files[0] }
    let parents = Set(files.map { ($0 as NSString).deletingLastPathComponent })
    if parents.count == 1, let parent = parents.first, !parent.isEmpty, parent != "." { return parent }
    return ""
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// Whether a file's name (its path relative to a tree) makes its directory a capture root.
  static func isCaptureName(_ relative: String) -> Bool {
    let name = CaptureLayout.name(relative)
    if byName[name] != nil || hidden(relative) { return false }
    return exactNames.contains(name) || relative.hasSuffix("sos_commands/kernel/dmesg")
      || prefixes.contains { name.hasPrefix($0) } || suffixes.contains { name.hasSuffix($0) }
  }

  /// In an extracted sosreport only these hold what `check` reads: /proc/iomem, the kernel logs,
  /// and the command output and configuration files the readiness rules read (`proc/cmdline`,
  /// `sys/kernel/kexec_crash_loaded`, `sos_commands/kdump/*`, `boot/config-*`…).
  static func isSosreportCapture(_ relative: String) -> Bool {
    if relative == "proc/iomem" || relative == "var/log/dmesg" { return true }
    if let kind = ShellSource.from(path: relative) {
      return kind != .kernelConfig || relative.hasPrefix("boot/config-")
    }
    if relative.hasPrefix("sos_commands/kernel/dmesg") { return true }
    let name = (relative as NSString).lastPathComponent
    return relative.hasPrefix("var/crash/")
      && (name == "vmcore-dmesg.txt" || name.hasPrefix("kexec-dmesg") || name.hasPrefix("dmesg."))
  }
}
