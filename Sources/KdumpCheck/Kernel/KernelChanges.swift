import IomemParse
public import JSONText
import Synchronization

/// Whether one kernel carries a change, and how that is known.
public struct ChangeStatus: Sendable {
  public enum Presence: String, Sendable {
    case present, absent, unknown
  }

  public var change: KernelChange.ID
  public var presence: Presence
  /// How it is known, for people: `line 12 prints hv_mmio=…, so …` / `6.8.0-1030-azure is at or
  /// above v6.8` / `5.15.0-1102-azure is a distribution kernel below v7.1: …`.
  public var reason: String
  /// The lines the status rests on (the banner, or the line that proves the change).
  public var evidence: [Provenance]

  public var present: Bool { presence == .present }
  public var absent: Bool { presence == .absent }
}

/// Per kernel, every change of `KernelChange.table` as present, absent or unknown. Log evidence
/// first, then the version in the banner (DOMAIN.md §7): a kernel at or above a change's
/// mainline release has it unless a later change removed it; below it, a stable-numbered kernel
/// has it from its branch's first point release that carries it, and a distribution kernel is
/// unknown.
public struct KernelChanges: Sendable {
  public var release: KernelRelease?
  public var statuses: [ChangeStatus]

  public subscript(_ id: KernelChange.ID) -> ChangeStatus { statuses.first { $0.change == id }! }

  /// These statuses, with every one `other` knows (present or absent) taken from it: a kernel's
  /// log evidence over what its version says.
  public func preferring(_ other: KernelChanges) -> KernelChanges {
    var merged = self
    merged.statuses = statuses.map { s in
      let o = other[s.change]
      return o.presence == .unknown || o.evidence.isEmpty && s.presence != .unknown ? s : o
    }
    return merged
  }

  /// The changes of a kernel with no log (a dump alone): every one unknown.
  public static let unknown = KernelChanges(release: nil as KernelRelease?, banner: nil, boot: nil)

  public init(_ boot: KernelBoot?) {
    let banner = boot?.events.first { if case .kernelVersion = $0.kind { true } else { false } }
    self.init(
      release: boot?.kernelVersion.flatMap(KernelRelease.init), banner: banner?.provenance, boot: boot)
  }

  /// The changes of a kernel known only by its release string (`uname -r`, the kdump kernel
  /// `kdump-config show` names), stated on `line`.
  public init(release: String, line: Provenance?) {
    self.init(release: KernelRelease(release), banner: line, boot: nil)
  }

  private init(release: KernelRelease?, banner: Provenance?, boot: KernelBoot?) {
    self.release = release
    // One banner array for all the statuses that cite it.
    let cited = banner.map { [$0] } ?? []
    self.statuses = KernelChange.table.filter(\.obtainable).map { change in
      if let boot, let seen = Self.logEvidence(change.id, boot) { return seen }
      return Self.byVersion(change, release, cited)
    }
  }

  private static func byVersion(_ change: KernelChange, _ release: KernelRelease?, _ cited: [Provenance])
    -> ChangeStatus
  {
    guard let release, let mainline = change.mainline else {
      return ChangeStatus(
        change: change.id, presence: .unknown,
        reason: "the capture shows no `Linux version` banner",
        evidence: [])
    }
    let key = VersionKey(change: change.id, release: release)
    let known = versionVerdicts.withLock { $0[key] }
    let (presence, reason) =
      known
      ?? {
        let found = verdict(change, release, mainline)
        versionVerdicts.withLock { $0[key] = found }
        return found
      }()
    return ChangeStatus(change: change.id, presence: presence, reason: reason, evidence: cited)
  }

  private struct VersionKey: Hashable {
    var change: KernelChange.ID
    var release: KernelRelease
  }

  /// What a release's version says of a change, worked out once per release and change in the
  /// process: a log of 100 000 boots of one kernel then holds one reason text per change, not
  /// 100 000 copies.
  private static let versionVerdicts = Mutex<[VersionKey: (ChangeStatus.Presence, String)]>([:])

  private static func verdict(
    _ change: KernelChange, _ release: KernelRelease, _ mainline: KernelRelease.Version
  )
    -> (ChangeStatus.Presence, String)
  {
    if release.base > mainline || release.base == mainline && !release.releaseCandidate {
      if let removal = change.removedBy.map({ KernelChange[$0] }), let removedIn = removal.mainline,
        release.base >= removedIn
      {
        return (.absent, "\(release) is at or above \(removedIn), where \(removal.id.rawValue) removed it")
      }
      var kind = release.distribution ? " (a distribution kernel only adds backports)" : ""
      if let removal = change.removedBy.map({ KernelChange[$0] }), release.distribution {
        kind +=
          ", unless it carries a backport of \(removal.id.rawValue), which removed it in \(removal.mainline!)"
      }
      return (.present, "\(release) is at or above \(mainline)\(kind)")
    }
    if release.base == mainline {
      return (.unknown, "\(release) is a release candidate of \(mainline), which may predate the change")
    }
    if release.distribution {
      return (
        .unknown,
        "\(release) is a distribution kernel below \(mainline): whether it carries a backport is not known from its version"
      )
    }
    guard let backport = change.backports.first(where: { $0.branch == release.base }) else {
      return (
        .absent,
        "\(release) is a mainline or stable kernel below \(mainline), and its branch has no known backport"
      )
    }
    guard let first = backport.firstPoint, let point = release.point else {
      return (
        .unknown,
        "\(release) is below \(mainline); \(backport.branch.branch) carries a backport from a point release not recorded here"
      )
    }
    return point >= first
      ? (
        .present,
        "\(release) is at or above \(backport.branch.major).\(backport.branch.minor).\(first), the first \(backport.branch.branch) release with it"
      )
      : (
        .absent,
        "\(release) is below \(backport.branch.major).\(backport.branch.minor).\(first), the first \(backport.branch.branch) release with it"
      )
  }

  /// What the log itself proves, before any version is read.
  private static func logEvidence(_ id: KernelChange.ID, _ boot: KernelBoot) -> ChangeStatus? {
    switch id {
    case .gen2ReservesLowMmioBase: return reservationLine(boot)
    case .d0Retry:
      guard
        let retry = boot.events.first(where: {
          switch $0.kind {
          case .hvPciD0Retry, .hvPciD0RetryFailed: true
          default: false
          }
        })
      else { return nil }
      return ChangeStatus(
        change: id, presence: .present, reason: "line \(retry.provenance.line) prints `Retrying D0 Entry`",
        evidence: [retry.provenance])
    case .pciResourceNames: return barFormat(boot)
    case .domainFromBytes4And5: return domainSource(boot)
    default: return nil
    }
  }

  /// 016a25e4b0df's vmbus_reserve_fb() prints `hv_mmio=… fb=…` (KERN_INFO) or one of its two
  /// warnings; before it, vmbus_reserve_fb() printed nothing. Its absence proves the change
  /// absent only in a log that starts at the banner and shows hv_vmbus's KERN_INFO lines (a
  /// `quiet` console drops them).
  private static func reservationLine(_ boot: KernelBoot) -> ChangeStatus? {
    let id = KernelChange.ID.gen2ReservesLowMmioBase
    if let line = boot.events.first(where: {
      switch $0.kind {
      case .hvMmioWindows, .vmbusUnexpectedLowMmio, .vmbusFramebufferBaseZero: true
      default: false
      }
    }) {
      return ChangeStatus(
        change: id, presence: .present,
        reason: "line \(line.provenance.line) is printed only by vmbus_reserve_fb() of kernels with it",
        evidence: [line.provenance])
    }
    let opensAtBanner = boot.events.prefix(2).contains {
      if case .kernelVersion = $0.kind { true } else { false }
    }
    guard opensAtBanner,
      let info = boot.events.first(where: {
        switch $0.kind {
        case .vmbusVersion, .vmbusDriverRegistered: true
        default: false
        }
      }), let banner = boot.events.first
    else { return nil }
    return ChangeStatus(
      change: id, presence: .absent,
      reason:
        "this log starts at its banner and shows hv_vmbus's KERN_INFO lines (line \(info.provenance.line)) but no `hv_mmio=… fb=` line, which every kernel with it prints",
      evidence: [banner.provenance, info.provenance])
  }

  /// dc4e6f21c3f8 rewrote the BAR lines: `BAR 0 [mem …]: assigned` / `BAR 0 [mem …]` after it,
  /// `BAR 0: assigned [mem …]` / `reg 0x10: [mem …]` before.
  private static func barFormat(_ boot: KernelBoot) -> ChangeStatus? {
    for event in boot.events {
      guard case .pciBar = event.kind else { continue }
      guard let named = Self.namesResource(event.provenance.text) else { continue }
      if !named {
        return ChangeStatus(
          change: .pciResourceNames, presence: .absent,
          reason: "line \(event.provenance.line) is a BAR line in the format before it",
          evidence: [event.provenance])
      }
      return ChangeStatus(
        change: .pciResourceNames, presence: .present,
        reason: "line \(event.provenance.line) is a BAR line in its format", evidence: [event.provenance])
    }
    return nil
  }

  /// `BAR 0 [mem …]` (true), `BAR 0: …` or `reg 0x10: …` (false), neither (nil).
  private static func namesResource(_ text: String) -> Bool? {
    if text.contains(" reg 0x") { return false }
    let bytes = Array(text.utf8)
    let bar = Array("BAR ".utf8)
    var i = 0
    while i + bar.count < bytes.count {
      if bytes[i..<i + bar.count].elementsEqual(bar) {
        var j = i + bar.count
        while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
        if j > i + bar.count, j + 1 < bytes.count {
          if bytes[j] == UInt8(ascii: ":") { return false }
          if bytes[j] == UInt8(ascii: " "), bytes[j + 1] == UInt8(ascii: "[") { return true }
        }
      }
      i += 1
    }
    return nil
  }

  /// f73f8a504e27 takes the domain from GUID bytes 4-5 (the second group); before, bytes 8-9 (the
  /// fourth). A collision line names the domain asked for; otherwise a PCI address whose domain
  /// is one group of an hv_pci GUID and not the other decides.
  private static func domainSource(_ boot: KernelBoot) -> ChangeStatus? {
    let guids = Set(boot.events.compactMap { PCIDomain.hvPciDevice($0.kind) })
    guard !guids.isEmpty else { return nil }
    func status(_ bytes45: Bool, _ p: Provenance, _ what: String) -> ChangeStatus {
      ChangeStatus(
        change: .domainFromBytes4And5, presence: bytes45 ? .present : .absent,
        reason:
          "line \(p.line) \(what) the \(bytes45 ? "second" : "fourth") group of an hv_pci GUID (bytes \(bytes45 ? "4-5" : "8-9"))",
        evidence: [p])
    }
    for event in boot.events {
      if case .hvPciDomainCollision(_, let requested, _) = event.kind {
        if guids.contains(where: { PCIDomain.group($0, 1) == requested }) {
          return status(true, event.provenance, "asks for domain \(requested),")
        }
        if guids.contains(where: { PCIDomain.group($0, 3) == requested }) {
          return status(false, event.provenance, "asks for domain \(requested),")
        }
      }
      guard let domain = PCIDomain.domain(of: event.kind) else { continue }
      let second = guids.contains { PCIDomain.group($0, 1) == domain }
      let fourth = guids.contains { PCIDomain.group($0, 3) == domain }
      if second != fourth { return status(second, event.provenance, "has PCI domain \(domain),") }
    }
    return nil
  }
}

extension KernelChanges {
  /// `[{"change": "016a25e4b0df", "status": "absent", "reason": "…", "lines": [12]}]`, in table order.
  public func write(to w: inout JSONWriter) {
    w.array { w in
      for s in statuses {
        w.object { w in
          w.member("change", s.change.rawValue)
          w.member("status", s.presence.rawValue)
          w.member("reason", s.reason)
          w.key("lines")
          w.array { w in for line in s.evidence { w.int(line.line) } }
        }
      }
    }
  }
}
