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
          ↓0
          """
        )
      ], severity: .error),
    RuleExample(
      "no crashkernel= on the running kernel's command line",
      files: [
        ("cmdline", "↓BOOT_IMAGE=/boot/vmlinuz-6.8.0-1030-azure root=PARTUUID=1 ro console=ttyS0\n")
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
          ↓# lsinitramfs /var/lib/kdump/initrd.img-6.8.0-1030-azure
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/nvme/host/nvme.ko.zst
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/hv/hv_vmbus.ko.zst
          """
        )
      ], severity: .warning),
    RuleExample(
      "the dump goes to the NVMe root disk, and the kdump initramfs lacks pci-hyperv.ko",
      files: [
        (
          "paste.txt",
          """
          # cat /sys/kernel/kexec_crash_loaded
          1
          # cat /sys/bus/vmbus/devices/*/class_id
          {44c4f61d-4444-4400-9d52-802e27ede19f}
          {da0a7802-e377-4aac-8e77-0558eb1073f8}
          # lsmod
          Module                  Size  Used by
          pci_hyperv             45056  0
          nvme                   57344  2
          # findmnt -no SOURCE /
          /dev/nvme0n1p1
          ↓# lsinitramfs /var/lib/kdump/initrd.img-6.8.0-1030-azure
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/nvme/host/nvme.ko.zst
          """
        )
      ], severity: .error),
    RuleExample(
      "the reservation is smaller than kdumpctl's own estimate",
      files: [
        (
          "sos_commands/kdump/kdumpctl_estimate",
          """
          ↓Reserved crashkernel:    192M
          Recommended crashkernel: 256M

          Kernel image size:   47M
          Kernel modules size: 12M
          Initramfs size:      33M
          Runtime reservation: 64M
          Large modules: <none>
          WARNING: Current crashkernel size is lower than recommended size 256M.
          """
        )
      ], severity: .warning),
    RuleExample(
      "a capture kernel is loaded",
      files: [("kexec_crash_loaded", "↓1\n")], severity: .info),
  ]

  static let nonTriggering = [
    RuleExample(
      "a listing of the boot initramfs says nothing about the kdump initramfs",
      files: [
        (
          "paste.txt",
          """
          # systemd-detect-virt
          microsoft
          # lsmod
          Module                  Size  Used by
          pci_hyperv             45056  0
          # lsinitramfs /boot/initrd.img-6.8.0-1030-azure
          usr/lib/modules/6.8.0-1030-azure/kernel/drivers/nvme/host/nvme.ko.zst
          """
        )
      ]),
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
