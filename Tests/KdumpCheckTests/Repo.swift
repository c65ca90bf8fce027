import ByteInput
import IomemParse
import KdumpCheck

enum Repo {
  static let root: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  static func path(_ relative: String) -> String { root + "/" + relative }

  /// Reads a sample folder's capture files the way `check DIR` does (README and expected.json aside).
  /// A sample's files read as `check` reads them: a rotated log's files as one stream, and a
  /// file that is not text (a screenshot) left out.
  static func sampleCapture(_ name: String) throws -> Capture {
    var files: [CaptureFile] = []
    for log in RotatedLog.group(try sampleFiles(name)) {
      let file = try CaptureFile.read(log) { _, error throws(InputError) in
        guard case .notText = error else { throw error }
      }
      if let file { files.append(file) }
    }
    return Capture(files: files)
  }

  static func sampleFiles(_ name: String) throws -> [String] {
    let dir = path("samples/\(name)")
    return try listDirectory(dir).filter { $0 != "README.md" && $0 != "expected.json" }.sorted().map {
      dir + "/" + $0
    }
  }

  static func read(_ relative: String) throws -> String {
    var bytes: [UInt8] = []
    try LineReader(path: path(relative)).forEachLine { line, _ in
      bytes += Array(line)
      bytes.append(0x0A)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

#if canImport(Glibc)
  import Glibc
#endif

func listDirectory(_ path: String) throws -> [String] {
  guard let dir = opendir(path) else { throw InputError.cannotOpen(path: path, reason: "opendir failed") }
  defer { closedir(dir) }
  var names: [String] = []
  while let entry = readdir(dir) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names
}
