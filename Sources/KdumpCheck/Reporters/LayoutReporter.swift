import IomemParse
internal import JSONText

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
    var w = JSONWriter(pretty: true)
    w.object { w in
      w.member("schema_version", JSONSchema.version)
      w.member("fleet", layout.fleet)
      w.key("vms")
      w.array { w in
        for root in layout.roots {
          w.object { w in
            w.member("root", root.path)
            w.member("sosreport", root.sosreport)
            w.member("read", root.read)
            w.key("skipped")
            w.array { w in
              for skipped in root.skipped {
                w.object { w in
                  w.member("file", skipped.file)
                  w.member("reason", skipped.reason)
                }
              }
            }
          }
        }
      }
      w.member("archives", layout.archives)
      w.member("strays", layout.strays)
    }
    return w.text + "\n"
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
