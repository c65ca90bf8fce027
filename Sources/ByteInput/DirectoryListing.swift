#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every file below a directory (anything but a directory), from `readdir` alone where the file
/// system gives each entry's type (most do), so a fleet of thousands of VMs is listed without a
/// `stat` per file. A symbolic link to a directory is not followed (no loops); a link that leads
/// nowhere is listed, so its reading says so. A directory that cannot be opened is left out.
public enum DirectoryListing {
  /// The files' paths relative to `root`, sorted; `nil` when `root` itself cannot be opened.
  public static func files(under root: String) -> [String]? {
    guard let top = opendir(root) else { return nil }
    var found: [String] = []
    walk(top, path: root, relative: "", into: &found)
    return found.sorted()
  }

  private static func walk(
    _ directory: OpaquePointer, path: String, relative: String, into found: inout [String]
  ) {
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      // The name is a NUL-terminated array inside the entry, valid until the next readdir.
      let name = withUnsafePointer(to: entry.pointee.d_name) { tuple in
        tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
          String(cString: $0)
        }
      }
      if name == "." || name == ".." { continue }
      let full = path + "/" + name
      let inTree = relative.isEmpty ? name : relative + "/" + name
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_DIR):
        if let child = opendir(full) { walk(child, path: full, relative: inTree, into: &found) }
      case Int32(DT_LNK), Int32(DT_UNKNOWN):
        // What it is decides; a link that leads nowhere is still listed, and its reading
        // says so.
        var info = stat()
        if stat(full, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
          if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN), let child = opendir(full) {
            walk(child, path: full, relative: inTree, into: &found)
          }
        } else {
          found.append(inTree)
        }
      default: found.append(inTree)
      }
    }
  }
}
