enum KD012Examples {
  /// A running Gen2 VM's boot log from its banner (hv_vmbus's KERN_INFO lines, no `hv_mmio=`).
  static func dmesg(release: String, hvPciBuiltIn: Bool, framebuffer: [String] = []) -> String {
    let pci = "[    1.000000] hv_vmbus: registering driver hv_pci"
    return
      ([
        "[    0.000000] Linux version \(release) (buildd@lcy02-amd64-010) #111-Ubuntu SMP",
        "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-\(release) root=PARTUUID=1 ro crashkernel=512M",
        "[    0.000000] efi: EFI v2.70 by Microsoft",
      ] + framebuffer + [
        "[    0.600000] hv_vmbus: Vmbus version:5.3"
      ] + (hvPciBuiltIn ? [pci] : []) + [
        "[    2.000000] Run /init as init process",
        "[    3.000000] hv_vmbus: registering driver hyperv_drm",
      ] + (hvPciBuiltIn ? [] : ["[    3.100000] hv_vmbus: registering driver hv_pci"]) + [
        "[    3.200000] hv_pci 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70: PCI VMBus probing: Using version 0x10004"
      ]).joined(separator: "\n")
  }

  /// What a customer pastes from the running VM: uname, kexec's version, kdump-config show, the
  /// kernel config lines and lsmod.
  static func paste(release: String, kexecArgs: String, kexecTools: String, pciHyperv: String) -> String {
    """
    azureuser@vm1:~$ uname -a
    Linux vm1 \(release) #111-Ubuntu SMP Fri Nov  1 10:00:00 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux
    azureuser@vm1:~$ kexec --version
    kexec-tools \(kexecTools)
    azureuser@vm1:~$ sudo kdump-config show
    DUMP_MODE:              kdump
    USE_KDUMP:              1
    KDUMP_COREDIR:          /var/crash
    crashkernel addr: 0x5f000000
       ↓/var/lib/kdump/vmlinuz: symbolic link to /boot/vmlinuz-\(release)
    kdump initrd:
       /var/lib/kdump/initrd.img: symbolic link to /var/lib/kdump/initrd.img-\(release)
    current state:    ready to kdump

    kexec command:
      /sbin/kexec -p\(kexecArgs) --command-line="BOOT_IMAGE=/boot/vmlinuz-\(release) ro reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb" --initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz
    azureuser@vm1:~$ grep HYPERV /boot/config-\(release)
    CONFIG_PCI_HYPERV=\(pciHyperv)
    CONFIG_DRM_HYPERV=m
    # CONFIG_FB_HYPERV is not set
    azureuser@vm1:~$ lsmod | grep hyperv
    hyperv_drm             24576  0
    """
  }

  static let triggering = [
    RuleExample(
      "Gen2, kexec_load (kexec-tools 2.0.22, no -s), no 016a25e4b0df, hv_pci built in: will fail",
      files: [
        (
          "paste.txt",
          paste(release: "5.15.0-1102-azure", kexecArgs: "", kexecTools: "2.0.22", pciHyperv: "y")
        ),
        ("dmesg", dmesg(release: "5.15.0-1102-azure", hvPciBuiltIn: true)),
      ], severity: .error),
    RuleExample(
      "Gen2, kexec_load, no 016a25e4b0df, both drivers modules: at risk by probe order",
      files: [
        (
          "paste.txt",
          paste(release: "5.15.0-1102-azure", kexecArgs: "", kexecTools: "2.0.22", pciHyperv: "m")
        ),
        ("dmesg", dmesg(release: "5.15.0-1102-azure", hvPciBuiltIn: false)),
      ], severity: .warning),
    RuleExample(
      "Gen2, kexec_file_load (-s) with hyperv_drm, VRAM at the firmware framebuffer base: ready",
      files: [
        (
          "paste.txt",
          paste(release: "6.8.0-1030-azure", kexecArgs: " -s", kexecTools: "2.0.27", pciHyperv: "m")
        ),
        (
          "dmesg",
          dmesg(
            release: "6.8.0-1030-azure", hvPciBuiltIn: false,
            framebuffer: ["[    0.500000] efifb: framebuffer at 0x40000000, using 3072k, total 3072k"])
        ),
        ("iomem", "40000000-407fffff : 5620e0c7-8062-4dce-aeb7-520c7ef76171\n"),
      ], severity: .info),
  ]

  static let nonTriggering = [
    RuleExample(
      "a Gen1 VM: its framebuffer reservation comes from BAR0 (KD013)",
      files: [
        (
          "paste.txt", paste(release: "6.8.0-1030-azure", kexecArgs: "", kexecTools: "2.0.22", pciHyperv: "m")
        ),
        (
          "dmesg",
          """
          [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
          [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
          [    0.000000] Hypervisor detected: Microsoft Hyper-V
          """
        ),
      ]),
    RuleExample(
      "a Gen2 kernel log with no command output: nothing to predict from",
      files: [("dmesg", dmesg(release: "5.15.0-1102-azure", hvPciBuiltIn: true))]),
  ]
}
