/// A kernel change that decides whether a kdump kernel collides with the live framebuffer on
/// Hyper-V: what it changes, where it was first released, which stable branches carry it, what
/// removed it, and which log lines prove it present. `KernelChange.table` is the one declaration
/// rules, pages and tests consult (DOMAIN.md §7, each row checked against the kernel source).
public struct KernelChange: Sendable, Hashable {
  public enum ID: String, Sendable, CaseIterable, Comparable {
    case domainFromBytes4And5 = "f73f8a504e27"
    case d0Retry = "c81992e7f4aa"
    case hypervFbClearsScreenInfo = "3cb73bc3fa2a"
    case gen1AlwaysReservesBar0 = "2a8a8afba0c3"
    case nothingElseInFramebuffer = "f0880e2cb7e1"
    case hypervDrmVramOutsideBar = "a0ab5abced55"
    case pciResourceNames = "dc4e6f21c3f8"
    case hypervFbKeepsScreenInfo = "c25a19afb81c"
    case hypervFbNoFramebufferMove = "304386373007"
    case gen2ReservesLowMmioBase = "016a25e4b0df"
    /// Not a commit: a patch under review, never offered as a fix.
    case configWindowAbove4GProposal = "proposal:config-window-above-4g"

    public static func < (a: ID, b: ID) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  /// A stable branch that carries the change, from `firstPoint` where it is known.
  public struct Backport: Sendable, Hashable {
    public var branch: KernelRelease.Version
    public var firstPoint: Int?

    public init(branch: KernelRelease.Version, firstPoint: Int? = nil) {
      self.branch = branch
      self.firstPoint = firstPoint
    }
  }

  public var id: ID
  /// The commit's subject line, as `git log` shows it.
  public var subject: String
  /// What it changes, in the terms of these failures.
  public var effect: String
  /// The first mainline release with it; `nil` for a proposal not known to be merged.
  public var mainline: KernelRelease.Version?
  public var backports: [Backport] = []
  /// Backports as people state them (`6.12.y, 6.6.y, 6.1.y, 5.15.211+`), or `none known`.
  public var stableNote = "none known"
  /// A later change that undid this one's behaviour.
  public var removedBy: ID?
  /// The log lines that prove the change present, for people (empty: no line shows it).
  public var evidence = ""

  /// Whether a user can get it: merged, so some released kernel carries it.
  public var obtainable: Bool { mainline != nil }

  /// `016a25e4b0df ("Drivers: hv: vmbus: …", v7.1; stable 6.12.y, …)`: how texts name it.
  public var citation: String {
    guard let mainline else { return "the proposal \"\(subject)\" (\(stableNote))" }
    let stable = backports.isEmpty ? "" : "; stable \(stableNote)"
    return "\(id.rawValue) (\"\(subject)\", \(mainline)\(stable))"
  }

  public static subscript(_ id: ID) -> KernelChange { table.first { $0.id == id }! }

  /// Every change the rules depend on, oldest first.
  public static let table: [KernelChange] = [
    KernelChange(
      id: .domainFromBytes4And5,
      subject: "PCI: hv: Use bytes 4 and 5 from instance ID as the PCI domain numbers",
      effect:
        "hv_pci takes a device's PCI domain from bytes 4-5 of its VMBus instance GUID (the second group); before, bytes 8-9 (the fourth group)",
      mainline: .init(5, 4),
      evidence:
        "a PCI address whose domain is an hv_pci GUID's second group (present) or fourth group (absent), or `PCI dom# … has collision, using …` naming the domain asked for"
    ),
    KernelChange(
      id: .d0Retry, subject: "PCI: hv: Retry PCI bus D0 entry on invalid device state",
      effect:
        "in a kdump kernel hv_pci releases what the first kernel held and retries D0 entry once (`Retrying D0 Entry`); the print order of the retry and the status changed again with a June 2023 revert (v6.4)",
      mainline: .init(5, 8), evidence: "`Retrying D0 Entry`"),
    KernelChange(
      id: .hypervFbClearsScreenInfo,
      subject: "hyperv_fb: Update screen_info after removing old framebuffer",
      effect:
        "hyperv_fb clears `screen_info` after moving the framebuffer, so a kdump kernel loaded by kexec_file_load gets a zero base as well",
      mainline: .init(5, 10),
      backports: [(4, 9), (4, 14), (4, 19), (5, 4), (5, 8), (5, 9)].map {
        Backport(branch: .init($0.0, $0.1))
      },
      stableNote: "AUTOSEL backports to older branches (November 2020)", removedBy: .hypervFbKeepsScreenInfo),
    KernelChange(
      id: .gen1AlwaysReservesBar0, subject: "Drivers: hv: Always reserve framebuffer region for Gen1 VMs",
      effect:
        "on Gen1, vmbus_reserve_fb() reserves the legacy video device's BAR0 (0000:00:08.0); before, it reserved from `screen_info`, which is zero in text mode or after kexec_load, and then nothing",
      mainline: .init(6, 0), stableNote: "no stable backport"),
    KernelChange(
      id: .nothingElseInFramebuffer,
      subject: "Drivers: hv: Never allocate anything besides framebuffer from framebuffer memory region",
      effect:
        "vmbus_allocate_mmio() keeps every non-framebuffer allocation out of `fb_mmio` — only where `fb_mmio` is set (on Gen1, only with 2a8a8afba0c3)",
      mainline: .init(6, 0),
      backports: [(4, 14), (4, 19), (5, 4), (5, 10), (5, 15), (5, 19)].map {
        Backport(branch: .init($0.0, $0.1))
      },
      stableNote: "4.14.y and later branches (2022)"),
    KernelChange(
      id: .hypervDrmVramOutsideBar,
      subject: "drm/hyperv : Removing the restruction of VRAM allocation with PCI bar size",
      effect:
        "hyperv_drm's VRAM is no longer limited to the Gen1 PCI BAR; the Gen1 code of 5.14-5.19 reserved BAR0 itself (`BAR 0: can't reserve`, `Cannot request framebuffer, boot fb still active?`)",
      mainline: .init(6, 0)),
    KernelChange(
      id: .pciResourceNames, subject: "PCI: Use resource names in PCI log messages",
      effect:
        "PCI BAR lines read `BAR 0 [mem …]: assigned` instead of `BAR 0: assigned [mem …]` (helper 65f8e0beac5a)",
      mainline: .init(6, 8),
      backports: [Backport(branch: .init(6, 1)), Backport(branch: .init(6, 6))],
      stableNote: "6.1.y, 6.6.y (March 2026)",
      evidence: "a BAR line in the new format (present) or the old one (absent)"),
    KernelChange(
      id: .hypervFbKeepsScreenInfo, subject: "fbdev/hyperv_fb: Do not clear global screen_info",
      effect:
        "hyperv_fb stops clearing `screen_info`; until v6.14 it may move the framebuffer instead, so kexec_file_load can pass a stale base",
      mainline: .init(6, 8)),
    KernelChange(
      id: .hypervFbNoFramebufferMove,
      subject: "fbdev: hyperv_fb: Fix hang in kdump kernel when on Hyper-V Gen 2 VMs",
      effect: "hyperv_fb no longer moves the Gen2 framebuffer, so kexec_file_load passes the live base",
      mainline: .init(6, 14), backports: [Backport(branch: .init(6, 13))], stableNote: "6.13.y"),
    KernelChange(
      id: .gen2ReservesLowMmioBase,
      subject: "Drivers: hv: vmbus: Improve the logic of reserving fb_mmio on Gen2 VMs",
      effect:
        "a Gen2 kernel given a zero framebuffer base (kexec_load, CVM) reserves from the low MMIO base instead of nothing, up to 128 MiB, and logs `hv_vmbus: hv_mmio=… fb=…`",
      mainline: .init(7, 1),
      backports: [
        Backport(branch: .init(6, 12)), Backport(branch: .init(6, 6)),
        Backport(branch: .init(6, 1)), Backport(branch: .init(5, 15), firstPoint: 211),
      ],
      stableNote: "6.12.y, 6.6.y, 6.1.y, 5.15.211+",
      evidence:
        "`hv_vmbus: hv_mmio=… fb=…`, `Unexpected low mmio base` or `Unexpected framebuffer mmio base of zero` (present); in a log that starts at its banner and shows hv_vmbus's KERN_INFO lines, no such line (absent)"
    ),
    KernelChange(
      id: .configWindowAbove4GProposal,
      subject: "PCI: hv: Allocate MMIO from above 4GB for the config window",
      effect:
        "would move hv_pci's 8 KiB config window to high MMIO; it would not help Gen1 with VRAM moved to high MMIO",
      mainline: nil, stableNote: "v1 January 2026, v2 April 2026; not known to be merged",
      evidence: "none: a config window above 4 GiB also happens when low MMIO is full"),
  ]
}
