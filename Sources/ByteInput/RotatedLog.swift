/// A log and the files logrotate moved it to, in the order their lines were written, so they
/// can be read as one stream and a boot that ran across a rotation stays one boot.
///
/// logrotate names a rotated file `name.N` (`kern.log.1`, then `kern.log.2.gz`: a higher `N`
/// is older) or, with `dateext`, `name-YYYYMMDD` (`messages-20261101.gz`: an earlier date is
/// older); either may carry a compression suffix. The live file `name` is the newest.
public struct RotatedLog: Sendable, Equatable {
  /// The files oldest first; the last is the newest (the live file when it is there).
  public var files: [String]

  /// A log of `files`, oldest first.
  public init(files: [String]) { self.files = files }

  /// The newest file, which names the stream.
  public var newest: String { files[files.count - 1] }

  /// Groups `paths` into rotated logs: each group of two or more files of one log in one
  /// directory becomes a `RotatedLog`; every other path is returned alone, in its place. A
  /// group takes the place of its first member in `paths`; a path given twice counts once.
  public static func group(_ paths: [String]) -> [RotatedLog] {
    var groups: [String: [(path: String, age: Age)]] = [:]
    var order: [String] = []
    var seen = Set<String>()
    for path in paths where seen.insert(path).inserted {
      let rotated = rotation(of: path)
      let key = rotated?.log ?? path
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append((path, rotated?.age ?? .live))
    }
    return order.map { key in
      RotatedLog(files: groups[key]!.sorted { $0.age < $1.age }.map(\.path))
    }
  }

  /// Whether `path` is named as logrotate names a file it rotated away (`kern.log.1`,
  /// `messages-20261101.gz`), not a live file.
  public static func isRotatedFile(_ path: String) -> Bool {
    switch rotation(of: path)?.age {
    case .dated, .numbered: true
    case .live, nil: false
    }
  }

  /// How old a file of a rotated log is: dated files by date, then numbered ones from the
  /// highest number down, then the live file.
  enum Age: Comparable {
    case dated(String)
    case numbered(negated: Int)
    case live
  }

  /// The live file's path and the age of `path` when its name is a rotated log's, else `nil`
  /// (then the path is also the live file of its log, if it has one).
  static func rotation(of path: String) -> (log: String, age: Age)? {
    var name = Substring(path)
    for suffix in compressionSuffixes where name.hasSuffix(suffix) {
      name = name.dropLast(suffix.count)
      break
    }
    let slash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
    if let dot = name.lastIndex(of: "."), dot > slash {
      let digits = name[name.index(after: dot)...]
      if (1...4).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) {
        return (String(name[..<dot]), .numbered(negated: -n))
      }
    }
    if let dash = name.lastIndex(of: "-"), dash > slash {
      let date = name[name.index(after: dash)...]
      if date.count == 8, date.allSatisfy(\.isASCIIDigit), date.hasPrefix("19") || date.hasPrefix("20") {
        return (String(name[..<dash]), .dated(String(date)))
      }
    }
    guard name.count < path.count else { return nil }
    // `kern.log.gz` alone: a compressed copy of the live file.
    return (String(name), .live)
  }

  static let compressionSuffixes = [".gz", ".xz", ".zst", ".bz2", ".lz4", ".lzma", ".Z"]
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
