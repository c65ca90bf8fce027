/// Boot-time messages: banner, command line, hypervisor, firmware memory map, crash kernel.
extension EventCatalog {
  static func bootPatterns() -> [EventPattern] {
    [
      // init/version.c linux_banner
      EventPattern("Linux version ", #"^Linux version (\S+)"#) {
        .kernelVersion(release: try $0.stringValue(1))
      },
      // arch/x86/kernel/setup.c setup_arch(): "Command line: %s"
      EventPattern("Command line:", #"^Command line: ?(.*)$"#) {
        .commandLine(KernelCommandLine(try $0.stringValue(1)))
      },
      // init/main.c start_kernel(): pr_notice("Kernel command line: %s\n")
      EventPattern("Kernel command line:", #"^Kernel command line: ?(.*)$"#) {
        .commandLine(KernelCommandLine(try $0.stringValue(1)))
      },
      // arch/x86/kernel/cpu/hypervisor.c detect_hypervisor_vendor()
      EventPattern("Hypervisor detected: ", #"^Hypervisor detected: (.+)$"#) {
        .hypervisorDetected(name: try $0.stringValue(1))
      },
      // arch/x86/kernel/cpu/mshyperv.c (<= 6.1): "Hyper-V Host Build:%d-%d.%d-%d-%d.%d"
      EventPattern("Hyper-V Host Build:", #"^Hyper-V Host Build:(\S+)"#) {
        .hypervHostBuild(build: try $0.stringValue(1))
      },
      // mshyperv.c (6.2+) / drivers/hv/hv_common.c (6.6+): "Hyper-V: Host Build %d.%d.%d.%d-%d-%d"
      EventPattern("Hyper-V: ", #"^Hyper-V: (?:Host|Hypervisor) Build (\S+)"#) {
        .hypervHostBuild(build: try $0.stringValue(1))
      },
      // mshyperv.c (5.11+): "Hyper-V: privilege flags low 0x%x, high 0x%x[, ext 0x%x], hints 0x%x, misc 0x%x"
      EventPattern(
        "Hyper-V: ",
        #"^Hyper-V: privilege flags low (0x[0-9a-f]+), high (0x[0-9a-f]+)(?:, ext 0x[0-9a-f]+)?, hints (0x[0-9a-f]+)"#
      ) { .hypervFeatures(privilegeLow: $0.hex(1), privilegeHigh: $0.hex(2), hints: $0.hex(3)) },
      // mshyperv.c (<= 5.10): "Hyper-V: features 0x%x, hints 0x%x" (4.x: "HyperV: features …")
      EventPattern("Hyper-V: ", #"^Hyper-V: features (0x[0-9a-f]+), hints (0x[0-9a-f]+)"#) {
        .hypervFeatures(privilegeLow: $0.hex(1), privilegeHigh: nil, hints: $0.hex(2))
      },
      EventPattern("HyperV: ", #"^HyperV: features (0x[0-9a-f]+), hints (0x[0-9a-f]+)"#) {
        .hypervFeatures(privilegeLow: $0.hex(1), privilegeHigh: nil, hints: $0.hex(2))
      },
      // mshyperv.c (5.11+): printed only for isolated (confidential) VMs
      EventPattern("Hyper-V: ", #"^Hyper-V: Isolation Config: Group A (0x[0-9a-f]+), Group B (0x[0-9a-f]+)"#)
      {
        .hypervIsolation(groupA: try $0.hexValue(1), groupB: try $0.hexValue(2))
      },
      // arch/x86/mm/mem_encrypt.c print_mem_encrypt_feature_info()
      EventPattern("Memory Encryption Features active:", #"^Memory Encryption Features active:\s*(.*)$"#) {
        .memoryEncryption(text: try $0.stringValue(1))
      },
      EventPattern(
        "AMD Memory Encryption Features active:", #"^AMD Memory Encryption Features active:\s*(.*)$"#
      ) {
        .memoryEncryption(text: try "AMD " + $0.stringValue(1))
      },
      EventPattern("tdx: Guest detected", #"^tdx: Guest detected"#) { _ in
        .memoryEncryption(text: "Intel TDX")
      },
      // drivers/firmware/dmi_scan.c dmi_setup(): "DMI: %s"
      EventPattern("DMI: ", #"^DMI: (.+)$"#) { .dmi(text: try $0.stringValue(1)) },
      // drivers/firmware/efi/efi.c efi_systab_report_header(): "EFI v%u.%.02u by %s" (pr_fmt "efi: ")
      EventPattern("efi: EFI v", #"^efi: (EFI v\S+.*)$"#) { .efiBoot(text: try $0.stringValue(1)) },
      // arch/x86/kernel/e820.c e820__print_table(): "%s: [mem %#018Lx-%#018Lx] %s"
      EventPattern("BIOS-e820: ", #"^BIOS-e820: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]\s+(.+?)\s*$"#) {
        guard let r = AddressRange(start: try $0.hexValue(1), inclusiveEnd: try $0.hexValue(2)) else {
          return nil
        }
        return .e820(range: r, type: try $0.stringValue(3))
      },
      // kernel/crash_reserve.c (6.9+; crash_core.c 6.7-6.8): end printed is base + size (exclusive)
      EventPattern(
        "crashkernel ", #"^crashkernel (low memory )?reserved: (0x[0-9a-f]+) - (0x[0-9a-f]+) \((\d+) MB\)"#
      ) {
        guard let r = AddressRange(start: try $0.hexValue(2), exclusiveEnd: try $0.hexValue(3)) else {
          return nil
        }
        return .crashkernelReserved(range: r, low: $0.match[1] != nil)
      },
      // arch/x86/kernel/setup.c reserve_crashkernel() (<= 6.6): "Reserving %ldMB of memory at %ldMB …"
      EventPattern("Reserving ", #"^Reserving (\d+)MB of (low )?memory at (\d+)MB for crashkernel"#) {
        guard let r = AddressRange(start: try $0.uintValue(3) << 20, size: try $0.uintValue(1) << 20) else {
          return nil
        }
        return .crashkernelReserved(range: r, low: $0.match[2] != nil)
      },
      EventPattern("crashkernel ", #"^(crashkernel reservation failed.*)$"#) {
        .crashkernelFailed(text: try $0.stringValue(1))
      },
      EventPattern("cannot allocate crashkernel", #"^(cannot allocate crashkernel.*)$"#) {
        .crashkernelFailed(text: try $0.stringValue(1))
      },
      // kernel/dma/swiotlb.c: "mapped [mem %pa-%pa] (%luMB)"; the end is start + size (exclusive)
      EventPattern(
        "software IO TLB: mapped ", #"^software IO TLB: mapped (?:\w+ )?\[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]"#
      ) {
        guard let r = AddressRange(start: try $0.hexValue(1), exclusiveEnd: try $0.hexValue(2)) else {
          return nil
        }
        return .swiotlb(range: r)
      },
      // drivers/video/fbdev/efifb.c
      EventPattern(
        "efifb: framebuffer at ", #"^efifb: framebuffer at (0x[0-9a-f]+), using (\d+)k, total (\d+)k"#
      ) {
        .efifbFramebuffer(
          base: try $0.hexValue(1), usingKiB: try $0.uintValue(2), totalKiB: try $0.uintValue(3))
      },
      EventPattern("efifb: mode is ", #"^efifb: mode is (\d+)x(\d+)x(\d+)"#) {
        .efifbMode(width: try $0.intValue(1), height: try $0.intValue(2), depth: try $0.intValue(3))
      },
      // drivers/video/fbdev/simplefb.c simplefb_probe(): dev_info "framebuffer at 0x%lx, 0x%x bytes"
      EventPattern(
        "simple-framebuffer ",
        #"^simple-framebuffer simple-framebuffer\.\d+: framebuffer at (0x[0-9a-f]+), (0x[0-9a-f]+) bytes"#
      ) { .simpleFramebuffer(driver: "simplefb", base: try $0.hexValue(1), bytes: try $0.hexValue(2)) },
      // drivers/gpu/drm/tiny/simpledrm.c bound to the sysfb device: drm_dev_register()'s
      // "Initialized simpledrm … for simple-framebuffer.0", old DRM_INFO form and dev_printk form
      EventPattern(
        "simple-framebuffer ", #"^simple-framebuffer simple-framebuffer\.\d+: \[drm\] .*simpledrm"#
      ) { _ in .simpleFramebuffer(driver: "simpledrm", base: nil, bytes: nil) },
      EventPattern(
        "[drm] Initialized simpledrm ", #"^\[drm\] Initialized simpledrm .* for simple-framebuffer"#
      ) {
        _ in .simpleFramebuffer(driver: "simpledrm", base: nil, bytes: nil)
      },
      // init/main.c run_init_process() / kernel_init(); mm free_initmem
      EventPattern("Run ", #"^Run (\S+) as init process"#) {
        .initStarted(text: "Run \(try $0.stringValue(1)) as init process")
      },
      EventPattern("Freeing unused kernel ", #"^(Freeing unused kernel (?:image|memory).*)$"#) {
        .initStarted(text: try $0.stringValue(1))
      },
      // kernel/panic.c panic()
      EventPattern("Kernel panic - not syncing", #"^Kernel panic - not syncing:? ?(.*)$"#) {
        .kernelPanic(reason: try $0.stringValue(1))
      },
      // drivers/tty/sysrq.c sysrq_handle_crash (printed as "sysrq: Trigger a crash" since 5.x)
      EventPattern("sysrq: Trigger a crash", #"^sysrq: Trigger a crash"#) { _ in .sysrqCrash },
      EventPattern("SysRq : Trigger a crash", #"^SysRq : Trigger a crash"#) { _ in .sysrqCrash },
      // arch/arm64/kernel/machine_kexec.c machine_crash_shutdown(): arm64 only
      EventPattern("Starting crashdump kernel", #"^Starting crashdump kernel"#) { _ in .crashKernelStarting },
      // kernel/panic.c panic(): printed only after __crash_kexec() returned (no capture kernel
      // loaded): "Rebooting in %d seconds.." when panic_timeout > 0, else the end line and a halt
      EventPattern("Rebooting in ", #"^Rebooting in (\d+) seconds"#) {
        .panicReboot(seconds: try $0.intValue(1))
      },
      EventPattern("---[ end Kernel panic", #"^---\[ end Kernel panic"#) { _ in .panicEnd },
      // kernel/reboot.c (pr_fmt "reboot: "): kernel_restart(), kernel_power_off(), kernel_halt()
      EventPattern("reboot: ", #"^reboot: (Restarting system|Power down|System halted)"#) {
        switch try $0.stringValue(1) {
        case "Power down": .shutdown(action: .powerOff)
        case "System halted": .shutdown(action: .halt)
        default: .shutdown(action: .restart)
        }
      },
      // kernel/kexec_core.c kernel_kexec(): pr_notice("Starting new kernel\n") (pr_fmt "kexec_core: ")
      EventPattern("kexec_core: Starting new kernel", #"^kexec_core: Starting new kernel"#) { _ in
        .kexecReboot
      },
      EventPattern("kexec: Starting new kernel", #"^kexec: Starting new kernel"#) { _ in .kexecReboot },
      EventPattern("Starting new kernel", #"^Starting new kernel"#) { _ in .kexecReboot },
      // arch/arm64/kernel/setup.c setup_arch(): "Booting Linux on physical CPU 0x%010lx [0x%08x]"
      EventPattern("Booting Linux on physical CPU", #"^(Booting Linux on physical CPU.*)$"#) {
        .cpuBooting(text: try $0.stringValue(1))
      },
      // kernel/resource.c iomem_map_sanity_check() (pr_fmt "resource: " in newer kernels)
      EventPattern(
        "resource",
        #"^(?:resource: )?resource sanity check: requesting \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\], which spans more than (.*) "#
          + Fragment.resource
      ) {
        guard let r = AddressRange(start: try $0.hexValue(1), inclusiveEnd: try $0.hexValue(2)),
          let owner = $0.resource(4)
        else { return nil }
        return .resourceSanityCheck(requested: r, owner: try $0.stringValue(3), ownerResource: owner)
      },
    ]
  }
}
