import Foundation
import KdumpCheck

/// What stands in for hashing a VM's files when `check --db` decides whether a VM changed:
/// each file's path, size and modification time (an archive's own, for the entries read from
/// it), hashed. Changing, adding or removing a file changes the key; reading nothing does. A
/// VM read from stdin has no key: what comes in on a pipe cannot be known unchanged.
enum ContentKey {
  static func of(_ vm: VMInput) -> String? {
    var parts: [String] = []
    for entry in vm.entries {
      switch entry {
      case .file("-"): return nil
      case .file(let path): parts.append(stamp(path))
      case .member(let source, _): parts.append("member \(source)")
      case .skipped(let source, let reason): parts.append("skipped \(source): \(reason)")
      }
    }
    if let directory = vm.directory, !FileManager.default.isDirectory(directory) {
      parts.append(stamp(directory))
    }
    return hash(parts.sorted().joined(separator: "\n"))
  }

  /// A text's key: FNV-1a, 16 hex digits (the fingerprints' hash).
  static func hash(_ text: String) -> String { Fingerprint.fnv1a(text) }

  private static func stamp(_ path: String) -> String {
    var info = stat()
    guard stat(path, &info) == 0 else { return "\(path) unreadable" }
    return "\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
  }
}

extension FileManager {
  fileprivate func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
  }
}
