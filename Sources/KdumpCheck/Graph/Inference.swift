import IomemParse

/// Predicts what the kernels did but did not print, from the allocation rules of
/// drivers/hv/vmbus_drv.c (vmbus_reserve_fb, vmbus_allocate_mmio): the framebuffer reservation,
/// where the VRAM went, and where a kdump kernel's hv_pci config window lands. Every inferred
/// claim says so and cites the lines it rests on.
enum Inference {
  static let defaultVRAM: UInt64 = 8 << 20
  static let vtpmBase: UInt64 = 0xfed4_0000

  static func run(_ graphs: inout [BootGraph], pairs: [KernelPair]) {
    for i in graphs.indices { inferReservation(&graphs[i]) }
    for i in graphs.indices where graphs[i].role != .kdump { inferVRAM(&graphs[i]) }
    for pair in pairs {
      inferUnreserved(&graphs[pair.kdump])
      inferConfigWindow(kdump: &graphs[pair.kdump], first: graphs[pair.first])
    }
  }

  /// vmbus_reserve_fb(): on Gen1 the legacy video device's BAR0 since 2a8a8afba0c3 (v6.0), from
  /// `screen_info` (at least 64 MiB) before it; on Gen2 the firmware framebuffer base — up to
  /// 128 MiB since 016a25e4b0df, at least 8 MiB before it. A reservation the kernel's changes
  /// leave unknown is inferred with that said in its reasoning.
  private static func inferReservation(_ g: inout BootGraph) {
    guard g.claims(.framebufferReservation).isEmpty, g.framebufferUnreserved == nil else { return }
    let fb = g.claims(.firmwareFramebuffer).first
    if g.generation != .gen2 {
      let bar0 = g.changes[.gen1AlwaysReservesBar0]
      if !bar0.absent, let bar = g.claims(.gen1FramebufferBar).first {
        let how = bar0.present ? bar0.reason : "assumed, \(bar0.reason); without it nothing may be reserved"
        g.claims.append(
          reservation(
            bar.range,
            "on Gen1, vmbus_reserve_fb() reserves the legacy video device's BAR0 (0000:00:08.0) with 2a8a8afba0c3 (\(how))",
            bar.provenance + bar0.evidence))
      } else if bar0.absent, g.generation == .gen1, let fb,
        let r = AddressRange(start: fb.range.start, size: max(fb.range.size, 64 << 20))
      {
        g.claims.append(
          reservation(
            r,
            "on Gen1 without 2a8a8afba0c3 (\(bar0.reason)), vmbus_reserve_fb() reserves from screen_info, at least 64 MiB",
            fb.provenance + bar0.evidence))
      }
      return
    }
    guard let fb else { return }
    let fix = g.changes[.gen2ReservesLowMmioBase]
    if fix.present, fb.range.start < 1 << 32 {
      let size = min(((1 << 32) - fb.range.start) / 2, 128 << 20)
      if let r = AddressRange(start: fb.range.start, size: size) {
        g.claims.append(
          reservation(
            r,
            "on Gen2 with 016a25e4b0df (\(fix.reason)), vmbus_reserve_fb() reserves min((4 GiB - base) / 2, 128 MiB) from the firmware framebuffer base",
            fb.provenance + fix.evidence))
      }
    } else if let r = AddressRange(start: fb.range.start, size: max(fb.range.size, defaultVRAM)) {
      let how =
        fix.absent ? "without 016a25e4b0df (\(fix.reason))" : "taking 016a25e4b0df as absent (\(fix.reason))"
      g.claims.append(
        reservation(
          r,
          "on Gen2 \(how), vmbus_reserve_fb() reserves the firmware framebuffer base, at least 8 MiB",
          fb.provenance + fix.evidence))
    }
  }

  private static func reservation(_ r: AddressRange, _ reasoning: String, _ lines: [Provenance])
    -> ResourceClaim
  {
    ResourceClaim(
      range: r, kind: .framebufferReservation, owner: ClaimOwner(driver: "hv_vmbus"), certainty: .inferred,
      reasoning: reasoning, provenance: lines)
  }

  /// A kdump kernel that shows no firmware framebuffer line may have been given a zero base
  /// (kexec_load; hyperv_fb of v5.10-v6.7 clearing screen_info). Before 016a25e4b0df a Gen2
  /// kernel then reserves nothing; a Gen1 kernel without 2a8a8afba0c3 reserves from that base.
  /// A missing line is not proof (a kernel without CONFIG_FB_EFI prints no `efifb:` line), so the
  /// result is inferred and its reasoning says what would decide.
  private static func inferUnreserved(_ k: inout BootGraph) {
    guard k.framebufferUnreserved == nil, k.claims(.framebufferReservation).isEmpty, k.boot != nil,
      k.firmwareFramebufferLines.isEmpty
    else { return }
    var evidence = Array(k.generationEvidence.prefix(1))
    if let cmd = k.boot?.commandLineProvenance { evidence.append(cmd) }
    switch k.generation {
    case .gen2:
      let fix = k.changes[.gen2ReservesLowMmioBase]
      guard !fix.present else { return }
      k.framebufferUnreserved = (
        .inferred, evidence + fix.evidence,
        "this Gen2 kdump kernel shows no firmware framebuffer line (`efifb: framebuffer at`, `simple-framebuffer`), so it is taken to have been given a zero framebuffer base (kexec_load, or hyperv_fb of v5.10-v6.7 clearing screen_info) — not proof on a kernel built without CONFIG_FB_EFI — and 016a25e4b0df is \(fix.presence.rawValue) (\(fix.reason)); without it vmbus_reserve_fb() reserves nothing for a zero base"
      )
    case .gen1:
      let bar0 = k.changes[.gen1AlwaysReservesBar0]
      guard bar0.absent else { return }
      k.framebufferUnreserved = (
        .inferred, evidence + bar0.evidence,
        "this Gen1 kdump kernel lacks 2a8a8afba0c3 (\(bar0.reason)), so vmbus_reserve_fb() reserves from screen_info, which is zero after kexec_load or in text mode, and no firmware framebuffer line shows a base"
      )
    case .unknown:
      return
    }
  }

  /// hyperv_drm/hyperv_fb allocate inside the reservation when the VRAM fits, else the lowest
  /// free address of the first window with room.
  /// hyperv_fb is left out unless its `Using MMIO instead` line shows the VRAM in MMIO: it may
  /// put the VRAM in guest RAM (Gen1) or move the framebuffer (Gen2, v6.8-v6.13). hyperv_drm on
  /// Gen1 without a0ab5abced55 keeps its VRAM inside BAR0.
  private static func inferVRAM(_ g: inout BootGraph) {
    guard g.vram == nil, !g.videoGUIDs.isEmpty || g.videoDriver != nil || g.vramBytes != nil else { return }
    if g.videoDriver?.driver == "hyperv_fb", g.vramInMMIOLine == nil { return }
    let size = g.vramBytes?.bytes ?? defaultVRAM
    let sizeNote =
      g.vramBytes.map { "\(ByteSize.human($0.bytes)) (line \($0.provenance.line))" }
      ?? "\(ByteSize.human(size)) (assumed: no line states the size)"
    var cites: [Provenance] = g.vramBytes.map { [$0.provenance] } ?? []
    if let driver = g.videoDriver { cites.append(driver.provenance) }
    let withinBar = g.changes[.hypervDrmVramOutsideBar]
    if g.generation == .gen1, g.videoDriver?.driver == "hyperv_drm", withinBar.absent,
      let bar = g.claims(.gen1FramebufferBar).first,
      let r = AddressRange(start: bar.range.start, size: min(size, bar.range.size))
    {
      g.claims.append(
        ResourceClaim(
          range: r, kind: .videoVRAM, owner: ClaimOwner(driver: "hyperv_drm"), certainty: .inferred,
          reasoning:
            "hyperv_drm without a0ab5abced55 (\(withinBar.reason)) keeps its VRAM inside the Gen1 BAR0",
          provenance: bar.provenance + cites))
      return
    }
    if let fb = g.framebufferReservation, size <= fb.range.size,
      let r = AddressRange(start: fb.range.start, size: size)
    {
      g.claims.append(
        ResourceClaim(
          range: r, kind: .videoVRAM, owner: ClaimOwner(driver: g.videoDriver?.driver ?? "synthetic video"),
          certainty: .inferred,
          reasoning: "VRAM of \(sizeNote) fits the framebuffer reservation, so it starts at its base",
          provenance: fb.provenance + cites))
      return
    }
    let skip = g.framebufferReservation.map { [$0.range] } ?? []
    if let start = lowestFree(
      size: size, align: 1 << 20, windows: g.mmioWindows.map(\.range), taken: skip + takenRanges(g)),
      let r = AddressRange(start: start, size: size)
    {
      g.claims.append(
        ResourceClaim(
          range: r, kind: .videoVRAM, owner: ClaimOwner(driver: g.videoDriver?.driver ?? "synthetic video"),
          certainty: .inferred,
          reasoning:
            "VRAM of \(sizeNote) does not fit the framebuffer reservation, so vmbus_allocate_mmio() takes the lowest free address of the first window with room",
          provenance: g.mmioWindows.flatMap(\.provenance) + cites))
    }
  }

  /// hv_allocate_config_window(): 8 KiB, min 0, fb_overlap_ok=false — so it skips a reservation
  /// when there is one. A first kernel whose config window lay above 4 GiB is only a hint that
  /// this one's will too (low MMIO may have been full; the proposal "PCI: hv: Allocate MMIO from
  /// above 4GB for the config window" is not known to be merged), and the reasoning says so.
  private static func inferConfigWindow(kdump k: inout BootGraph, first f: BootGraph) {
    guard k.hvPciDriver != nil, k.claims(.hvPciConfigWindow).isEmpty else { return }
    var windows = k.mmioWindows.map(\.range)
    var basis = k.mmioWindows.flatMap(\.provenance)
    if windows.isEmpty {
      windows = f.mmioWindows.map(\.range)
      basis = f.mmioWindows.flatMap(\.provenance)
    }
    if windows.isEmpty, f.generation == .gen2, let fb = f.claims(.firmwareFramebuffer).first,
      let low = AddressRange(start: fb.range.start, inclusiveEnd: vtpmBase - 1)
    {
      windows = [low]
      basis = fb.provenance
    }
    guard !windows.isEmpty else { return }
    let fixed = f.claims(.hvPciConfigWindow).contains { $0.certainty == .seen && $0.range.start >= 1 << 32 }
    let candidates = fixed ? windows.filter { $0.end >= 1 << 32 } : windows
    let skip = k.framebufferReservation.map { [$0.range] } ?? []
    guard
      let start = lowestFree(size: 0x2000, align: 0x1000, windows: candidates, taken: skip + takenRanges(k)),
      let r = AddressRange(start: fixed ? max(start, 1 << 32) : start, size: 0x2000)
    else { return }
    let reservation =
      k.framebufferReservation.map { "outside the framebuffer reservation \($0.range.hex)" }
      ?? "with no framebuffer reservation to skip"
    k.claims.append(
      ResourceClaim(
        range: r, kind: .hvPciConfigWindow,
        owner: ClaimOwner(driver: "hv_pci", guid: k.hvPciGUIDs.sorted().first),
        certainty: .inferred,
        reasoning:
          "hv_pci's 8 KiB config window takes the lowest free address of the first MMIO window \(reservation)"
          + (fixed
            ? " (placed above 4 GiB because the first kernel's was: only a hint, since low MMIO may have been full and no merged change is known to move it there)"
            : ""),
        provenance: basis + [k.hvPciDriver!.provenance]))
  }

  private static func takenRanges(_ g: BootGraph) -> [AddressRange] {
    g.claims.filter {
      $0.certainty == .seen && $0.kind.isPassthroughClaim || $0.kind == .videoVRAM && $0.certainty == .seen
    }
    .map(\.range)
  }

  /// The lowest `align`-aligned address in the windows (in order) where `size` bytes avoid `taken`.
  static func lowestFree(size: UInt64, align: UInt64, windows: [AddressRange], taken: [AddressRange])
    -> UInt64?
  {
    let blocked = taken.sorted()
    for window in windows.sorted() {
      guard window.start <= UInt64.max - align else { continue }
      var candidate = (window.start + align - 1) / align * align
      while let r = AddressRange(start: candidate, size: size), window.contains(r) {
        guard let hit = blocked.first(where: { $0.overlaps(r) }) else { return candidate }
        guard hit.end < UInt64.max - align else { break }
        candidate = (hit.end + 1 + align - 1) / align * align
      }
    }
    return nil
  }
}
