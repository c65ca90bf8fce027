enum KD014Examples {
  static let triggering = [
    RuleExample(
      "crash kernel memory reserved, but no capture kernel loaded",
      files: [
        (
          "paste.txt",
          """
          $ cat /proc/cmdline
          BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=PARTUUID=1 ro crashkernel=512M
          $ cat /sys/kernel/kexec_crash_loaded
          0
          """
        )
      ], severity: .error),
    RuleExample(
      "no crashkernel= on the running kernel's command line",
      files: [
        ("cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=PARTUUID=1 ro console=ttyS0\n")
      ], severity: .error),
    RuleExample(
      "the kdump initramfs lacks pci-hyperv.ko and hyperv_drm.ko, both modules the running kernel loads",
      files: [
        (
          "paste.txt",
          """
          # cat /sys/kernel/kexec_crash_loaded
          1
          # systemd-detect-virt
          microsoft
          # lsmod
          Module                  Size  Used by
          pci_hyperv             45056  0
          hyperv_drm             24576  0
          nvme                   57344  2
          # lsinitramfs /var/lib/kdump/initrd.img-6.8.0-1030-azure
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/nvme/host/nvme.ko.zst
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/hv/hv_vmbus.ko.zst
          """
        )
      ], severity: .warning),
    RuleExample(
      "a capture kernel is loaded",
      files: [("kexec_crash_loaded", "1\n")], severity: .info),
  ]

  static let nonTriggering = [
    RuleExample(
      "a filtered listing (`| grep`) proves nothing missing",
      files: [
        (
          "paste.txt",
          """
          # systemd-detect-virt
          microsoft
          # lsmod
          Module                  Size  Used by
          pci_hyperv             45056  0
          # lsinitramfs /var/lib/kdump/initrd.img-6.8.0-1030-azure | grep nvme
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/nvme/host/nvme.ko.zst
          """
        )
      ]),
    RuleExample(
      "a kernel log only: no command output to judge",
      files: [("dmesg", "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M\n")]),
  ]
}
