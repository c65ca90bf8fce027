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

  /// Gen1 reserves the legacy video device's whole BAR0 (2a8a8afba0c3, 2022); Gen2 reserves the
  /// firmware framebuffer base, at least 8 MiB (before 016a25e4b0df, which prints `hv_mmio=`).
  private static func inferReservation(_ g: inout BootGraph) {
    guard g.claims(.framebufferReservation).isEmpty, g.framebufferUnreserved == nil else { return }
    if g.generation != .gen2, let bar = g.claims(.gen1FramebufferBar).first {
      g.claims.append(
        ResourceClaim(
          range: bar.range, kind: .framebufferReservation, owner: ClaimOwner(driver: "hv_vmbus"),
          certainty: .inferred,
          reasoning: "on Gen1, vmbus_reserve_fb() reserves the legacy video device's BAR0 (0000:00:08.0)",
          provenance: bar.provenance))
    } else if g.generation == .gen2, let fb = g.claims(.firmwareFramebuffer).first,
      let r = AddressRange(start: fb.range.start, size: max(fb.range.size, defaultVRAM))
    {
      g.claims.append(
        ResourceClaim(
          range: r, kind: .framebufferReservation, owner: ClaimOwner(driver: "hv_vmbus"),
          certainty: .inferred,
          reasoning: "on Gen2, vmbus_reserve_fb() reserves the firmware framebuffer base, at least 8 MiB",
          provenance: fb.provenance))
    }
  }

  /// A Gen2 kdump kernel with no efifb line was given a zero screen_info (kexec_load, or
  /// hyperv_fb cleared it); before 016a25e4b0df vmbus then reserved nothing, silently.
  private static func inferUnreserved(_ k: inout BootGraph) {
    guard k.generation == .gen2, k.framebufferUnreserved == nil, k.claims(.framebufferReservation).isEmpty,
      k.claims(.firmwareFramebuffer).isEmpty, k.boot != nil
    else { return }
    var evidence = Array(k.generationEvidence.prefix(1))
    if let cmd = k.boot?.commandLineProvenance { evidence.append(cmd) }
    k.framebufferUnreserved = (
      .inferred, evidence,
      "this Gen2 kdump kernel logs no `efifb: framebuffer at` line, so it was given a zero framebuffer base (kexec_load, or hyperv_fb cleared screen_info), and it logs no `hv_mmio=… fb=` line, so it predates 016a25e4b0df, which reserves nothing in that case"
    )
  }

  /// hyperv_drm/hyperv_fb allocate inside the reservation when the VRAM fits, else the lowest
  /// free address of the first window with room.
  private static func inferVRAM(_ g: inout BootGraph) {
    guard g.vram == nil, !g.videoGUIDs.isEmpty || g.videoDriver != nil || g.vramBytes != nil else { return }
    let size = g.vramBytes?.bytes ?? defaultVRAM
    let sizeNote =
      g.vramBytes.map { "\(ByteSize.human($0.bytes)) (line \($0.provenance.line))" }
      ?? "\(ByteSize.human(size)) (assumed: no line states the size)"
    var cites: [Provenance] = g.vramBytes.map { [$0.provenance] } ?? []
    if let driver = g.videoDriver { cites.append(driver.provenance) }
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
