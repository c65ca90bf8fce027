import SeededRandom
import Testing

@testable import LineScan

/// The per-line prefilter answers "does the message start with a catalog prefix?" exactly: the
/// pair bit test never rejects a prefix, and the compare after it never takes a near miss.
@Suite struct PrefixFilterTests {
  /// The event catalog's prefixes (`iomem-audit events --list-prefixes`): many share a first
  /// byte or two (`Hyper-V: `, `HyperV: `, `Hyper-V Host Build:`), which the pair table must keep
  /// apart.
  static let catalogPrefixes = [
    "Linux version ", "Command line:", "Kernel command line:", "Hypervisor detected: ", "Hyper-V Host Build:",
    "Hyper-V: ", "HyperV: ", "Memory Encryption Features active:", "AMD Memory Encryption Features active:",
    "tdx: Guest detected", "DMI: ", "efi: EFI v", "BIOS-e820: ", "crashkernel ", "Reserving ",
    "cannot allocate crashkernel", "software IO TLB: mapped ", "efifb: framebuffer at ", "efifb: mode is ",
    "simple-framebuffer ", "[drm] Initialized simpledrm ", "Run ", "Freeing unused kernel ",
    "Kernel panic - not syncing", "sysrq: Trigger a crash", "SysRq : Trigger a crash",
    "Starting crashdump kernel", "Rebooting in ", "---[ end Kernel panic", "reboot: ",
    "kexec_core: Starting new kernel", "kexec: Starting new kernel", "Starting new kernel",
    "Booting Linux on physical CPU", "resource", "hv_vmbus: ", "hyperv_", "Gen1 VM: ", "hv_pci ", "PCI dom# ",
    "acpi ", "PCI host bridge to bus ", "pci_bus ",
  ]

  @Test func matchesExactlyThePrefixes() {
    let prefixes = Self.catalogPrefixes.map { Array($0.utf8) }
    let filter = PrefixFilter(prefixes)
    var rng = SplitMix64(seed: 41)
    var messages: [[UInt8]] = []
    for prefix in prefixes {
      messages.append(prefix)
      messages.append(prefix + Array(" more text".utf8))
      messages.append(Array(prefix.dropLast()))
      for k in 0..<prefix.count {
        var changed = prefix + Array("xyz".utf8)
        changed[k] ^= 0x20
        messages.append(changed)
      }
    }
    for _ in 0..<5_000 {
      let prefix = prefixes[Int(rng.next() % UInt64(prefixes.count))]
      let cut = Int(rng.next() % UInt64(prefix.count + 1))
      messages.append(Array(prefix.prefix(cut)) + Array("abc: x".utf8.prefix(Int(rng.next() % 7))))
    }
    for message in messages {
      let want = prefixes.contains { message.starts(with: $0) }
      // Bytes after the message (the rest of a block) must not count.
      let padded = message + Array(" tail".utf8)
      padded.withUnsafeBufferPointer { b in
        #expect(filter.matches(b.baseAddress!, message.count) == want, "\(message)")
      }
    }
  }
}
