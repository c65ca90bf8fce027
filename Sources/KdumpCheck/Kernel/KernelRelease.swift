/// A kernel release as the banner prints it (`Linux version 6.8.0-1030-azure …`), read for what
/// it says about the changes the kernel carries: its base version, and whether it follows
/// mainline/stable numbering (`6.6.87`, `7.1`, `7.1-rc3`) or is a distribution kernel
/// (`6.8.0-1030-azure`, `5.14.0-427.el9.x86_64`, `6.6.98-azl3`), whose third number says
/// nothing about the stable point release and which may carry backports of later changes.
public struct KernelRelease: Sendable, Hashable, CustomStringConvertible {
  /// A mainline release (`v6.8`): major and minor.
  public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(_ major: Int, _ minor: Int) {
      self.major = major
      self.minor = minor
    }

    public static func < (a: Version, b: Version) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    public var description: String { "v\(major).\(minor)" }
    /// The stable branch name: `6.6.y`.
    public var branch: String { "\(major).\(minor).y" }
  }

  public var text: String
  public var base: Version
  /// The stable point release (`87` in `6.6.87`), for kernels with mainline/stable numbering.
  public var point: Int?
  /// `7.1-rc3`: a release candidate of `base`, which may predate changes of that release.
  public var releaseCandidate: Bool
  /// Anything but plain mainline/stable numbering: backports are unknown from the name.
  public var distribution: Bool

  /// Reads `6.8.0-1030-azure`; `nil` when it does not start with `major.minor`.
  public init?(_ text: String) {
    self.text = text
    let bytes = Array(text.utf8)
    var i = 0
    func number() -> Int? {
      let start = i
      var value = 0
      while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, i - start < 6 {
        value = value * 10 + Int(bytes[i] - 0x30)
        i += 1
      }
      return i > start ? value : nil
    }
    guard let major = number(), i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return nil }
    i += 1
    guard let minor = number() else { return nil }
    base = Version(major, minor)
    var point: Int?
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      point = number()
      guard point != nil else { return nil }
    }
    let rest = String(decoding: bytes[i...], as: UTF8.self)
    let rc = rest.hasPrefix("-rc") && rest.dropFirst(3).allSatisfy { $0.isNumber || $0 == "+" }
    releaseCandidate = rc
    distribution = !(rest.isEmpty || rest == "+" || rc)
    self.point = distribution ? nil : point ?? 0
  }

  public var description: String { text }
}
