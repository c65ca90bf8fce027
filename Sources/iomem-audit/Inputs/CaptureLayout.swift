/// Where the VMs are in a tree of files — a directory's or an archive's — given only the files'
/// paths relative to its top, so directories and archives follow the same rules:
///
/// - A capture root is one VM: a directory with `sos_commands/` (an extracted sosreport), or
///   with a capture-named file at its top (`iomem`, `dmesg*`, `*.log`, `*.txt`…).
/// - If the top is a capture root, everything is one VM; otherwise each capture root below it,
///   found from the top down, is one VM, and files outside every root are strays.
/// - If there is no capture root at all but the top holds files, the top is one VM whose files
///   are all read by content (a directory holding only `case-1234.eml`).
struct CaptureLayout {
  struct Root {
    /// The root's path relative to the top (`""` for the top itself).
    var path: String
    var sosreport: Bool
    /// Every file below the root, relative to the top.
    var files: [String]
  }

  private(set) var roots: [Root] = []
  /// Files below the top but inside no root (a fleet's own notes).
  private(set) var strays: [String] = []

  /// `isCapture(path)` says whether a file's name makes its directory a capture root (an archive
  /// with a capture-like name does not: it is a capture of its own).
  init(files: [String], isCapture: (String) -> Bool) {
    var direct: [String: [String]] = [:]
    var subdirectories: [String: Set<String>] = [:]
    for file in files {
      let parent = Self.parent(file)
      direct[parent, default: []].append(file)
      var child = parent
      while !child.isEmpty {
        let up = Self.parent(child)
        subdirectories[up, default: []].insert(child)
        child = up
      }
    }
    func isRoot(_ dir: String) -> Bool {
      subdirectories[dir]?.contains(Self.join(dir, "sos_commands")) == true
        || (direct[dir] ?? []).contains(where: isCapture)
    }
    func sosreport(_ dir: String) -> Bool {
      subdirectories[dir]?.contains(Self.join(dir, "sos_commands")) == true
    }
    // The files of a directory's subtree, from the tables above: each root's subtree is walked
    // once, so a fleet of thousands of VMs is laid out in time linear in its files.
    func below(_ dir: String) -> [String] {
      (direct[dir] ?? []) + (subdirectories[dir] ?? []).flatMap(below)
    }
    var claimed = Set<String>()
    func visit(_ dir: String) {
      if isRoot(dir) {
        let below = below(dir)
        claimed.formUnion(below)
        roots.append(Root(path: dir, sosreport: sosreport(dir), files: below.sorted()))
        return
      }
      for child in (subdirectories[dir] ?? []).sorted() { visit(child) }
    }
    visit("")
    if roots.isEmpty, direct[""]?.isEmpty == false {
      // No file is named like a capture: the top's files are read by content, as one VM.
      roots = [Root(path: "", sosreport: false, files: files.sorted())]
      return
    }
    strays = files.filter { !claimed.contains($0) }.sorted()
  }

  static func parent(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  static func join(_ dir: String, _ name: String) -> String { dir.isEmpty ? name : dir + "/" + name }

  static func name(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }
}
