import Foundation

/// One VM's inputs: its id (its path relative to the fleet root) and the capture files it holds.
struct VMInput {
  var id: String
  /// The directory the VM was found as, when it is one.
  var directory: String?
  var paths: [String]
}

/// Turns `check`'s inputs into VMs.
///
/// - Files named on the command line (and `-` for stdin) form one VM.
/// - A directory that is a capture root is one VM, never split: an extracted sosreport (it has
///   `sos_commands/`), or a directory with capture files at its top. All capture files below
///   it belong to it, subdirectories included.
/// - Any other directory is a fleet: each capture root found below it, recursively, is one VM,
///   whose id is its path relative to the fleet directory (`custA/vm1`).
/// - `check vm1/ vm2/` is two VMs. A named file inside a named directory belongs to that
///   directory's VM.
enum InputDiscovery {
  /// File names (or path suffixes) that hold iomem or kernel logs in bundles and sosreports.
  static let exactNames: Set<String> = ["iomem", "dmesg", "messages", "kern.log", "syslog", "journal.txt"]
  static let prefixes = [
    "dmesg", "iomem", "journal", "serial", "console", "kexec-dmesg", "vmcore-dmesg", "boot-diagnostics",
    "kern",
  ]
  static let suffixes = [".log", ".txt", ".iomem", ".dmesg", ".json"]
  static let skipped: Set<String> = ["README.md", "expected.json", "vmcore", "vmcore.flat"]

  /// The VMs, and whether the run is a fleet (more than one VM, or a fleet directory).
  static func vms(_ inputs: [String]) throws -> (vms: [VMInput], fleet: Bool) {
    var loose: [String] = []
    var vms: [VMInput] = []
    var fleet = false
    let directories = inputs.filter { isDirectory($0) }
    var seen = Set<String>()
    for input in inputs.map(normalise) {
      guard isDirectory(input) else {
        if !loose.contains(input) { loose.append(input) }
        continue
      }
      let root = input
      guard seen.insert(root).inserted else { continue }
      if isCaptureRoot(root) {
        vms.append(VMInput(id: root, directory: root, paths: try captureFiles(in: root)))
        continue
      }
      let found = try captureRoots(below: root)
      guard !found.isEmpty else {
        throw UsageFailure(
          description:
            "\(root): directory holds no iomem or kernel-log file (looked for iomem, dmesg*, *.log, *.txt, proc/iomem, sos_commands/kernel/dmesg, var/crash/*/vmcore-dmesg.txt, kexec-dmesg.log), and no subdirectory does"
        )
      }
      fleet = true
      for relative in found {
        let id = directories.count > 1 ? root + "/" + relative : relative
        vms.append(
          VMInput(
            id: id, directory: root + "/" + relative, paths: try captureFiles(in: root + "/" + relative)))
      }
    }
    // A named file inside a named directory is that directory's; the rest form one VM.
    var rest: [String] = []
    for file in loose {
      if let i = vms.firstIndex(where: { vm in
        vm.paths.contains(file) || vm.directory.map { file.hasPrefix($0 + "/") } == true
      }) {
        if !vms[i].paths.contains(file) { vms[i].paths.append(file) }
      } else {
        rest.append(file)
      }
    }
    if !rest.isEmpty { vms.insert(VMInput(id: looseID(rest), directory: nil, paths: rest), at: 0) }
    return (vms, fleet || vms.count > 1)
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

  /// An extracted sosreport, or a directory with capture files at its top.
  static func isCaptureRoot(_ directory: String) -> Bool {
    let fm = FileManager.default
    if fm.fileExists(atPath: directory + "/sos_commands") { return true }
    let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
    return names.contains { name in
      !isDirectory(directory + "/" + name) && isCaptureName(name, relative: name)
    }
  }

  /// The capture roots below a fleet directory, as paths relative to it, sorted.
  private static func captureRoots(below fleet: String) throws -> [String] {
    var found: [String] = []
    func visit(_ relative: String) throws {
      let path = relative.isEmpty ? fleet : fleet + "/" + relative
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      for name in names.sorted() where !name.hasPrefix(".") {
        let child = relative.isEmpty ? name : relative + "/" + name
        guard isDirectory(fleet + "/" + child) else { continue }
        if isCaptureRoot(fleet + "/" + child) { found.append(child) } else { try visit(child) }
      }
    }
    try visit("")
    return found
  }

  private static func captureFiles(in directory: String) throws -> [String] {
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: directory) else {
      throw UsageFailure(description: "\(directory): cannot list the directory")
    }
    let sosreport = fm.fileExists(atPath: directory + "/sos_commands")
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      let path = directory + "/" + relative
      guard !isDirectory(path) else { continue }
      if sosreport {
        if isSosreportCapture(relative) { found.append(path) }
        continue
      }
      if isCaptureName(name, relative: relative) { found.append(path) }
    }
    return found.sorted()
  }

  private static func isCaptureName(_ name: String, relative: String) -> Bool {
    if skipped.contains(name) || name.hasPrefix(".") { return false }
    return exactNames.contains(name) || relative.hasSuffix("sos_commands/kernel/dmesg")
      || prefixes.contains { name.hasPrefix($0) } || suffixes.contains { name.hasSuffix($0) }
  }

  /// In an extracted sosreport only these hold what `check` reads.
  static func isSosreportCapture(_ relative: String) -> Bool {
    if relative == "proc/iomem" || relative == "var/log/dmesg" { return true }
    if relative.hasPrefix("sos_commands/kernel/dmesg") { return true }
    let name = (relative as NSString).lastPathComponent
    return relative.hasPrefix("var/crash/")
      && (name == "vmcore-dmesg.txt" || name.hasPrefix("kexec-dmesg") || name.hasPrefix("dmesg."))
  }
}
