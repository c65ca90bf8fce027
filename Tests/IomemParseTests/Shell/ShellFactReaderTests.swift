import IomemParse
import Testing

/// Command output and configuration files read as facts, from prompts, shapes and file names.
@Suite struct ShellFactReaderTests {
  static func facts(_ text: String, source: String = "paste.txt") -> ShellOutput {
    ShellFactReader.read(text: text, source: source)
  }

  /// A customer's paste: prompts of three kinds, each command's output, a kernel config grep
  /// whose `# CONFIG_… is not set` is a fact, and a commented-out setting that is not.
  static let paste = """
    azureuser@vm1:~$ uname -a
    Linux vm1 5.15.0-1102-azure #111-Ubuntu SMP Fri Nov 1 10:00:00 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux
    azureuser@vm1:~$ cat /proc/cmdline
    BOOT_IMAGE=/boot/vmlinuz-5.15.0-1102-azure root=PARTUUID=1234 ro console=ttyS0 crashkernel=512M
    # cat /sys/kernel/kexec_crash_loaded
    1
    [root@vm1 ~]# grep -E 'HYPERV|FB_EFI' /boot/config-5.15.0-1102-azure
    CONFIG_PCI_HYPERV=m
    CONFIG_DRM_HYPERV=m
    # CONFIG_FB_EFI is not set
    root@vm1:~# mokutil --sb-state
    SecureBoot disabled
    root@vm1:~# cat /etc/default/kdump-tools
    # kdump-tools configuration
    USE_KDUMP=1
    #KDUMP_KEXEC_ARGS="-s"
    KDUMP_COREDIR="/var/crash"  # where dumps go
    root@vm1:~# kdump-config show
    DUMP_MODE:              kdump
    USE_KDUMP:              1
    KDUMP_COREDIR:          /var/crash
    crashkernel addr: 0x5f000000
       /var/lib/kdump/vmlinuz: symbolic link to /boot/vmlinuz-5.15.0-1102-azure
    kdump initrd:
       /var/lib/kdump/initrd.img: symbolic link to /var/lib/kdump/initrd.img-5.15.0-1102-azure
    current state:    ready to kdump

    kexec command:
      /sbin/kexec -p --command-line="BOOT_IMAGE=/boot/vmlinuz-5.15.0-1102-azure ro reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb" --initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz
    root@vm1:~# lsinitramfs /var/lib/kdump/initrd.img-5.15.0-1102-azure
    usr/lib/modules/5.15.0-1102-azure/kernel/drivers/pci/controller/pci-hyperv.ko
    usr/lib/modules/5.15.0-1102-azure/kernel/drivers/gpu/drm/hyperv/hyperv_drm.ko
    usr/lib/modules/5.15.0-1102-azure/kernel/drivers/nvme/host/nvme.ko
    root@vm1:~# lsmod | grep hyper
    hyperv_drm             24576  0
    pci_hyperv             45056  0
    """

  @Test func aPasteOfCommandsGivesTheirFacts() throws {
    let out = Self.facts(Self.paste)
    let facts = out.facts.map(\.fact)
    #expect(facts.contains(.kernelRelease("5.15.0-1102-azure")))
    #expect(facts.contains(.machine("x86_64")))
    #expect(
      facts.contains { if case .commandLine(let c) = $0 { c.value("crashkernel") == "512M" } else { false } })
    #expect(facts.contains(.kexecCrashLoaded(true)))
    #expect(facts.contains(.kernelConfig(option: "CONFIG_PCI_HYPERV", value: "m")))
    #expect(facts.contains(.kernelConfig(option: "CONFIG_FB_EFI", value: nil)))
    #expect(facts.contains(.secureBoot(false)))
    #expect(facts.contains(.kdumpSetting(name: "USE_KDUMP", value: "1", file: "/etc/default/kdump-tools")))
    #expect(
      facts.contains(
        .kdumpSetting(name: "KDUMP_COREDIR", value: "/var/crash", file: "/etc/default/kdump-tools")))
    // The commented-out setting is never read as active.
    #expect(!facts.contains { if case .kdumpSetting("KDUMP_KEXEC_ARGS", _, _) = $0 { true } else { false } })
    #expect(facts.contains(.kdumpReady(true)))
    let kexec = try #require(out.facts.first { if case .kexecCommand = $0.fact { true } else { false } })
    #expect(kexec.provenance.line == 29)
    #expect(
      facts.contains(
        .initramfsModule(name: "pci-hyperv", image: "/var/lib/kdump/initrd.img-5.15.0-1102-azure")))
    #expect(
      facts.contains(.initramfsModule(name: "nvme", image: "/var/lib/kdump/initrd.img-5.15.0-1102-azure")))
    #expect(
      facts.contains(.initramfsListing(image: "/var/lib/kdump/initrd.img-5.15.0-1102-azure", complete: true)))
    #expect(facts.contains(.moduleLoaded("pci_hyperv")))
    let kinds = out.sections.map(\.kind)
    #expect(
      kinds == [
        .uname, .procCmdline, .kexecCrashLoaded, .kernelConfig, .mokutil, .kdumpToolsDefaults,
        .kdumpConfigShow,
        .initramfsListing, .lsmod,
      ])
    #expect(
      out.sections.allSatisfy { $0.unrecognized == 0 }, "\(out.sections.filter { $0.unrecognized > 0 })")
  }

  @Test func sosreportFilesAreReadByTheirNames() {
    let cmdline = Self.facts("BOOT_IMAGE=/vmlinuz ro crashkernel=1G-4G:192M\n", source: "sos/proc/cmdline")
    #expect(cmdline.sections.map(\.kind) == [.procCmdline])
    let loaded = Self.facts("0\n", source: "sos/sys/kernel/kexec_crash_loaded")
    #expect(loaded.facts.map(\.fact) == [.kexecCrashLoaded(false)])
    let show = Self.facts(
      "DUMP_MODE:\t\tkdump\ncurrent state:    Not ready to kdump\n\nkexec command:\n  no kexec command recorded\n",
      source: "sos/sos_commands/kdump/kdump-config_show")
    #expect(show.facts.map(\.fact).contains(.kdumpReady(false)))
    let sysconfig = Self.facts(
      "# Kernel Version string\nKDUMP_KERNELVER=\"\"\nKEXEC_ARGS=\"-s\"\nnot an assignment\n",
      source: "sos/etc/sysconfig/kdump")
    #expect(
      sysconfig.facts.map(\.fact).contains(
        .kdumpSetting(name: "KEXEC_ARGS", value: "-s", file: "/etc/sysconfig/kdump")))
    // What the file does not explain is counted, never fatal.
    #expect(sysconfig.sections.first?.unrecognized == 1)
    let listing = Self.facts(
      """
      Image: /boot/initramfs-5.14.0-427.el9.x86_64kdump.img: 24M
      ========================================================================
      Version: dracut-057-53.git20240104.el9

      -rw-r--r--   1 root     root        40336 Feb  2 10:00 usr/lib/modules/5.14.0-427.el9.x86_64/kernel/drivers/pci/controller/pci-hyperv.ko.xz
      """, source: "sos/sos_commands/kdump/lsinitrd_.boot.initramfs-5.14.0-427.el9.x86_64kdump.img")
    let image = "/boot/initramfs-5.14.0-427.el9.x86_64kdump.img"
    #expect(listing.facts.map(\.fact).contains(.initramfsModule(name: "pci-hyperv", image: image)))
    #expect(
      listing.facts.map(\.fact).contains { if case .initramfsListing(_, true) = $0 { true } else { false } })
  }

  @Test func devicesMountsAndEstimates() {
    let paste = """
      # cat /sys/bus/vmbus/devices/*/class_id
      {44c4f61d-4444-4400-9d52-802e27ede19f}
      # grep -H . /sys/bus/vmbus/devices/*/class_id
      /sys/bus/vmbus/devices/5620e0c7-8062-4dce-aeb7-520c7ef76171/class_id:{da0a7802-e377-4aac-8e77-0558eb1073f8}
      # findmnt
      TARGET                SOURCE          FSTYPE OPTIONS
      /                     /dev/nvme0n1p1  ext4   rw,relatime
      ├─/boot/efi           /dev/nvme0n1p15 vfat   rw
      # lsblk
      NAME         MAJ:MIN RM  SIZE RO TYPE MOUNTPOINTS
      nvme0n1      259:0    0   30G  0 disk
      └─nvme0n1p1  259:1    0 29.9G  0 part /var/crash
      # grep -H . /sys/bus/pci/devices/*/class
      /sys/bus/pci/devices/2ba2:00:00.0/class:0x010802
      # kdumpctl estimate
      Reserved crashkernel:    192M
      Recommended crashkernel: 256M
      """
    let facts = Self.facts(paste).facts.map(\.fact)
    #expect(facts.contains(.vmbusDevice(instance: nil, classID: "44c4f61d-4444-4400-9d52-802e27ede19f")))
    #expect(
      facts.contains(
        .vmbusDevice(
          instance: "5620e0c7-8062-4dce-aeb7-520c7ef76171", classID: "da0a7802-e377-4aac-8e77-0558eb1073f8")))
    #expect(facts.contains(.mount(target: "/", source: "/dev/nvme0n1p1")))
    #expect(facts.contains(.mount(target: "/boot/efi", source: "/dev/nvme0n1p15")))
    #expect(facts.contains(.mount(target: "/var/crash", source: "/dev/nvme0n1p1")))
    #expect(
      facts.contains(.kdumpSetting(name: "Recommended crashkernel", value: "256M", file: "kdumpctl estimate"))
    )
  }

  @Test func aListingSaysWhichImageItIs() {
    let boot = Self.facts(
      "usr/lib/modules/6.8.0/kernel/drivers/nvme/host/nvme.ko.zst\n", source: "sos/sos_commands/boot/lsinitrd"
    )
    #expect(
      boot.facts.map(\.fact).contains(.initramfsModule(name: "nvme", image: "sos/sos_commands/boot/lsinitrd"))
    )
  }

  @Test func kernelLogLinesAreNotShellOutput() {
    let log = """
      [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      Dec  1 10:00:00 vm1 kernel: [    2.0] hv_vmbus: registering driver hv_pci
      hv_vmbus: registering driver hyperv_drm
      """
    #expect(Self.facts(log).facts.isEmpty)
  }
}
