import IomemParse

/// What `layout` shows of a tree of files, decided by the CLI's input discovery without reading
/// anything: the capture roots (each a VM) with the files each reads and skips, the archives and
/// compressed files that are captures of their own, and the files in no VM.
public struct CaptureLayoutReport: Sendable {
  public struct Root: Sendable {
    /// The root's path relative to the top (`""` for the top itself).
    public var path: String
    public var sosreport: Bool
    public var read: [String]
    public var skipped: [(file: String, reason: String)]

    public init(path: String, sosreport: Bool, read: [String], skipped: [(file: String, reason: String)]) {
      self.path = path
      self.sosreport = sosreport
      self.read = read
      self.skipped = skipped
    }
  }

  public var fleet: Bool
  public var roots: [Root]
  public var archives: [String]
  public var strays: [String]

  public init(fleet: Bool, roots: [Root], archives: [String], strays: [String]) {
    self.fleet = fleet
    self.roots = roots
    self.archives = archives
    self.strays = strays
  }
}

/// `layout --format text|json` (docs/json.md describes the JSON).
public enum LayoutReporter {
  public static func json(_ layout: CaptureLayoutReport) -> String {
    let value = JSONValue.object([
      ("schema_version", .int(JSONSchema.version)), ("fleet", .bool(layout.fleet)),
      (
        "vms",
        .array(
          layout.roots.map { root in
            .object([
              ("root", .string(root.path)), ("sosreport", .bool(root.sosreport)),
              ("read", .array(root.read.map { .string($0) })),
              (
                "skipped",
                .array(
                  root.skipped.map { .object([("file", .string($0.file)), ("reason", .string($0.reason))]) })
              ),
            ])
          })
      ),
      ("archives", .array(layout.archives.map { .string($0) })),
      ("strays", .array(layout.strays.map { .string($0) })),
    ])
    return value.serialized(pretty: true) + "\n"
  }

  public static func text(_ layout: CaptureLayoutReport) -> String {
    var out = ""
    for root in layout.roots {
      let read = root.read.count
      out +=
        "\(root.path.isEmpty ? "." : root.path)\(root.sosreport ? " (sosreport)" : ""): \(read) file\(read == 1 ? "" : "s") read, \(root.skipped.count) skipped\n"
    }
    for archive in layout.archives {
      out += "\(archive): a capture of its own (an archive or a compressed file)\n"
    }
    for stray in layout.strays { out += "\(stray): in no VM, not read\n" }
    return out.isEmpty ? "no capture file\n" : out
  }
}
