/// Human sizes in binary units (`4 KiB`, `128 MiB`, `127.75 MiB`), exact where the size is.
public enum ByteSize {
  /// Formats `bytes`; `0` is read as 2^64, the size of a range covering every address.
  public static func human(_ bytes: UInt64) -> String {
    if bytes == 0 { return "16 EiB" }
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var unit = 0
    var scale: UInt64 = 1
    while unit + 1 < units.count, bytes >= scale << 10 {
      scale <<= 10
      unit += 1
    }
    let whole = bytes / scale
    let rest = bytes % scale
    if rest == 0 { return "\(whole) \(units[unit])" }
    // Two decimals, trailing zeros dropped, rounded down so a size never reads larger than it is.
    let hundredths = UInt64((Double(rest) / Double(scale) * 100).rounded(.down))
    var frac = hundredths < 10 ? "0\(hundredths)" : "\(hundredths)"
    while frac.count > 1, frac.hasSuffix("0") { frac.removeLast() }
    return "\(whole).\(frac) \(units[unit])"
  }
}
