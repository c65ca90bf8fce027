/// hv_vmbus (drivers/hv/vmbus_drv.c, connection.c; pr_fmt "hv_vmbus: ") and the synthetic video
/// drivers hyperv_drm (drivers/gpu/drm/hyperv/, dev_printk "hyperv_drm <dev>: [drm] ") and
/// hyperv_fb (drivers/video/fbdev/hyperv_fb.c, pr_fmt "hyperv_fb: ").
extension EventCatalog {
  static func vmbusPatterns() -> [EventPattern] {
    let video = #"^(hyperv_fb|hyperv_drm)(?: \S+)?: (?:\[drm\] )?(?:\*ERROR\* )?"#
    return [
      // 4.x connection.c vmbus_connect(): "Hyper-V Host Build:%d-%d.%d-%d-%d.%d; Vmbus version:%d.%d"
      EventPattern("hv_vmbus: ", #"^hv_vmbus: Hyper-V Host Build:(\S+); Vmbus version:"#) {
        .hypervHostBuild(build: try $0.stringValue(1))
      },
      // connection.c vmbus_connect(): "Vmbus version:%d.%d"
      EventPattern("hv_vmbus: ", #"^hv_vmbus: Vmbus version:\s?(\d+\.\d+)"#) {
        .vmbusVersion(version: try $0.stringValue(1))
      },
      // vmbus_drv.c __vmbus_driver_register(): "registering driver %s"
      EventPattern("hv_vmbus: ", #"^hv_vmbus: registering driver (\S+)"#) {
        .vmbusDriverRegistered(driver: try $0.stringValue(1), afterInit: nil)
      },
      // vmbus_drv.c vmbus_reserve_fb() since 016a25e4b0df (2026): "hv_mmio=%pR,%pR fb=%pR"
      EventPattern(
        "hv_vmbus: ",
        #"^hv_vmbus: hv_mmio="# + Fragment.resource + "," + Fragment.resource + " fb=" + Fragment.resource
      ) {
        guard let low = $0.resource(1), let high = $0.resource(2), let fb = $0.resource(3) else { return nil }
        return .hvMmioWindows(low: low, high: high, framebuffer: fb)
      },
      // vmbus_reserve_fb(): "Unexpected low mmio base %pa" (Gen2)
      EventPattern("hv_vmbus: ", #"^hv_vmbus: Unexpected low mmio base (?:0x)?([0-9a-f]+)"#) {
        .vmbusUnexpectedLowMmio(base: try $0.hexValue(1))
      },
      EventPattern("hv_vmbus: ", #"^hv_vmbus: Unexpected framebuffer mmio base of zero"#) { _ in
        .vmbusFramebufferBaseZero
      },
      // vmbus_drv.c vmbus_probe(): "probe failed for device %s (%d)"
      EventPattern("hv_vmbus: ", #"^hv_vmbus: probe failed for device (\S+) \((-?\d+)\)"#) {
        .vmbusProbeFailed(device: try $0.stringValue(1).lowercased(), error: try $0.intValue(2))
      },
      EventPattern("hyperv_", video + #"Synthvid Version major (\d+), minor (\d+)"#) {
        .synthvidVersion(
          driver: try $0.stringValue(1), version: "\(try $0.stringValue(2)).\(try $0.stringValue(3))")
      },
      // hyperv_fb.c hvfb_probe(): "Screen resolution: %dx%d, Color depth: %d[, Frame buffer size: %d]"
      EventPattern(
        "hyperv_",
        video + #"Screen resolution: (\d+)x(\d+), Color depth: (\d+)(?:, Frame buffer size: (\d+))?"#
      ) {
        .screenResolution(
          driver: try $0.stringValue(1), width: try $0.intValue(2), height: try $0.intValue(3),
          depth: try $0.intValue(4),
          framebufferBytes: $0.uint(5))
      },
      // hyperv_drm_drv.c hyperv_setup_vram(), hyperv_fb.c hvfb_getmem(), old hyperv_drm Gen1 setup
      EventPattern(
        "hyperv_",
        video
          + #"(Failed to allocate mmio|Unable to allocate framebuffer memory|No memory for framebuffer|Cannot request framebuffer, boot fb still active\?|Not able to remove boot fb|Failed to map vram|Unable to set VRAM location|Time out on waiting vram location ack)"#
      ) { .framebufferFailure(driver: try $0.stringValue(1), text: try $0.stringValue(2)) },
      // hyperv_fb.c hvfb_getmem() (Gen1, about 5.6 on), pr_info: VRAM stays in MMIO, not a failure.
      EventPattern(
        "hyperv_",
        video + #"Unable to allocate enough contiguous physical memory on Gen 1 VM\. Using MMIO instead\."#
      ) { .framebufferInMMIO(driver: try $0.stringValue(1)) },
      // Out of tree: the seed's instrumentation in hyperv_connect_vsp(); no upstream kernel prints it.
      EventPattern("hyperv_", #"^hyperv_\w+: (?:hyperv_\w+: )?mmio_megabytes=(\d+) MB"#) {
        .instrumentedMmioMegabytes(megabytes: try $0.uintValue(1))
      },
      // Out of tree: the seed's print of pci_resource_start/len(BAR0) in vmbus_reserve_fb().
      EventPattern("Gen1 VM: ", #"^Gen1 VM: start=(0x[0-9a-f]+), size=(0x[0-9a-f]+)"#) {
        AddressRange(start: try $0.hexValue(1), size: try $0.hexValue(2)).map {
          .instrumentedGen1Bar(range: $0)
        }
      },
    ]
  }
}
