import IomemParse

/// Two /proc/iomem dumps of the same kernel, compared: what one has that the other lacks.
enum DumpComparison {
  /// A note for INPUTS: the second dump is not merged again, only its differences reported.
  static func note(
    _ a: IomemDump, source sourceA: String, against b: IomemDump, source sourceB: String, kernel: String
  ) -> String {
    let x = Set(ArtifactFingerprint.entries(of: a).map(trimDepth))
    let y = Set(ArtifactFingerprint.entries(of: b).map(trimDepth))
    let onlyA = x.subtracting(y).sorted()
    let onlyB = y.subtracting(x).sorted()
    let where_ = "\(sourceB) lines \(b.firstLine)-\(b.lastLine)"
    guard !onlyA.isEmpty || !onlyB.isEmpty else {
      return
        "\(where_): the same kernel's /proc/iomem as \(sourceA) lines \(a.firstLine)-\(a.lastLine) (\(kernel)), with the same entries"
    }
    func sample(_ entries: [String]) -> String {
      entries.prefix(3).joined(separator: "; ") + (entries.count > 3 ? "; …" : "")
    }
    var text =
      "\(where_): a second /proc/iomem of \(kernel) (the first is \(sourceA) lines \(a.firstLine)-\(a.lastLine)); they differ:"
    if !onlyA.isEmpty { text += " \(onlyA.count) entries only in the first (\(sample(onlyA)))" }
    if !onlyB.isEmpty {
      text += "\(onlyA.isEmpty ? "" : ",") \(onlyB.count) only in the second (\(sample(onlyB)))"
    }
    return text
  }

  private static func trimDepth(_ entry: String) -> String {
    String(entry.drop { $0 != " " }.dropFirst())
  }
}
