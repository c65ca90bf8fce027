import Foundation

/// Expands `check`'s inputs: a file as given, `-` for stdin, and a directory (a captured VM
/// bundle or an extracted sosreport) into the capture files it holds.
enum InputDiscovery {
  /// File names (or path suffixes) that hold iomem or kernel logs in bundles and sosreports.
  static let exactNames: Set<String> = ["iomem", "dmesg", "messages", "kern.log", "syslog", "journal.txt"]
  static let prefixes = [
    "dmesg", "iomem", "journal", "serial", "console", "kexec-dmesg", "vmcore-dmesg", "boot-diagnostics",
    "kern",
  ]
  static let suffixes = [".log", ".txt", ".iomem", ".dmesg", ".json"]
  static let skipped: Set<String> = ["README.md", "expected.json", "vmcore", "vmcore.flat"]

  static func expand(_ inputs: [String]) throws -> [String] {
    var out: [String] = []
    let fm = FileManager.default
    for input in inputs {
      var isDirectory: ObjCBool = false
      guard input != "-", fm.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue
      else {
        out.append(input)
        continue
      }
      let found = try files(in: input)
      guard !found.isEmpty else {
        throw UsageFailure(
          description:
            "\(input): directory holds no iomem or kernel-log file (looked for iomem, dmesg*, *.log, *.txt, proc/iomem, sos_commands/kernel/dmesg, var/crash/*/vmcore-dmesg.txt, kexec-dmesg.log)"
        )
      }
      out += found
    }
    return out
  }

  private static func files(in directory: String) throws -> [String] {
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: directory) else {
      throw UsageFailure(description: "\(directory): cannot list the directory")
    }
    let sosreport = fm.fileExists(atPath: directory + "/sos_commands")
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      if sosreport {
        if isSosreportCapture(relative) { found.append(path) }
        continue
      }
      if skipped.contains(name) || name.hasPrefix(".") { continue }
      let wanted =
        exactNames.contains(name) || relative.hasSuffix("sos_commands/kernel/dmesg")
        || prefixes.contains { name.hasPrefix($0) } || suffixes.contains { name.hasSuffix($0) }
      if wanted { found.append(path) }
    }
    return found.sorted()
  }

  /// In an extracted sosreport only these hold what `check` reads.
  static func isSosreportCapture(_ relative: String) -> Bool {
    if relative == "proc/iomem" || relative == "var/log/dmesg" { return true }
    if relative.hasPrefix("sos_commands/kernel/dmesg") { return true }
    let name = (relative as NSString).lastPathComponent
    return relative.hasPrefix("var/crash/") && (name == "vmcore-dmesg.txt" || name.hasPrefix("kexec-dmesg"))
  }
}
