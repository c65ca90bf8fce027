/// Folds findings that share a fingerprint into one with its recurrences, as they arrive — a
/// long log's segments one after another — and gives them in report order: severity (worst
/// first), rule id, then order of arrival. The result equals sorting every finding that way
/// and keeping each fingerprint's first, its others as recurrences in the same order; memory
/// grows with distinct findings, not with boots, since recurrences past `listedRecurrences`
/// are counted, not kept.
struct FindingFold {
  /// Recurrences listed per finding; the rest are counted (`Finding.unlistedRecurrences`).
  static let listedRecurrences = 100

  /// One fingerprint's findings of one severity: the first whole, the others by evidence line.
  private struct Bucket {
    var first: Finding
    /// Arrival number of `first`: its place among findings of the same severity and rule.
    var arrival: Int
    var others: [Evidence] = []
    var unlisted = 0
  }

  private var buckets: [String: [Severity: Bucket]] = [:]
  private var arrivals = 0

  /// Folds `findings` in; returns those that are the first of their fingerprint and severity
  /// (each may be the primary of its finding).
  @discardableResult
  mutating func add(_ findings: [Finding]) -> [Finding] {
    var new: [Finding] = []
    for f in findings {
      arrivals += 1
      let key = f.fingerprint
      guard var bucket = buckets[key]?[f.severity] else {
        buckets[key, default: [:]][f.severity] = Bucket(first: f, arrival: arrivals)
        new.append(f)
        continue
      }
      for e in (f.primary.map { [$0] } ?? []) + f.recurrences {
        if bucket.others.count < Self.listedRecurrences {
          bucket.others.append(e)
        } else {
          bucket.unlisted += 1
        }
      }
      bucket.unlisted += f.unlistedRecurrences
      buckets[key]![f.severity] = bucket
    }
    return new
  }

  /// The folded findings in report order.
  var findings: [Finding] {
    var out: [(finding: Finding, arrival: Int)] = []
    for bySeverity in buckets.values {
      let ordered = bySeverity.values.sorted { $0.first.severity > $1.first.severity }
      var primary = ordered[0].first
      var listed = primary.recurrences + ordered[0].others
      var unlisted = primary.unlistedRecurrences + ordered[0].unlisted
      for lower in ordered.dropFirst() {
        for e in (lower.first.primary.map { [$0] } ?? []) + lower.first.recurrences + lower.others {
          if listed.count < Self.listedRecurrences { listed.append(e) } else { unlisted += 1 }
        }
        unlisted += lower.first.unlistedRecurrences + lower.unlisted
      }
      if listed.count > Self.listedRecurrences {
        unlisted += listed.count - Self.listedRecurrences
        listed.removeLast(listed.count - Self.listedRecurrences)
      }
      primary.recurrences = listed
      primary.unlistedRecurrences = unlisted
      out.append((primary, ordered[0].arrival))
    }
    return out.sorted { a, b in
      (a.finding.severity, b.finding.rule, b.arrival) > (b.finding.severity, a.finding.rule, a.arrival)
    }.map(\.finding)
  }
}
