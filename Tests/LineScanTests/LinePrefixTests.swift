import ByteInput
import Testing

@testable import LineScan

/// The prefixes other than printk's stamp, on the lines the tools that print them write:
/// `dmesg -r`, `dmesg -T`, `/dev/kmsg`, `journalctl -o short-iso` and `short`, `dmesg -x`.
@Suite struct LinePrefixTests {
  static func on<R>(_ line: String, _ read: (ByteView) -> R) -> R {
    Array(line.utf8).withByteView { read($0) }
  }

  static func after(_ line: String, _ index: Int) -> String { String(line.utf8.dropFirst(index))! }

  @Test func syslogPriority() {
    let line = "<6>[    1.402118] hv_vmbus: Vmbus version:5.3"
    let read = Self.on(line) { LinePrefix.syslogPriority($0, 0) }
    #expect(read?.0 == 6)
    #expect(read.map { Self.after(line, $0.1) } == "[    1.402118] hv_vmbus: Vmbus version:5.3")
    #expect(Self.on("<4>", { LinePrefix.syslogPriority($0, 0) })?.0 == 4)
    for bad in ["<>x", "<12345>x", "<6 x", "6>x", "<a>x"] {
      #expect(Self.on(bad) { LinePrefix.syslogPriority($0, 0) } == nil, "\(bad)")
    }
  }

  @Test func ctimeStampOfDmesgT() {
    let line = "[Tue Nov 24 10:00:00 2026] hv_vmbus: registering driver hv_pci"
    let read = Self.on(line) { LinePrefix.ctimeStamp($0, 0) }
    #expect(read.map { Self.after(line, $0.1) } == " hv_vmbus: registering driver hv_pci")
    #expect(read?.0 == 1..<25)
    // A printk stamp is not a date, and a date needs its time.
    #expect(Self.on("[    0.000000] Linux version 6.8.0") { LinePrefix.ctimeStamp($0, 0) } == nil)
    #expect(Self.on("[Tue Nov 24 nothing here at all]x") { LinePrefix.ctimeStamp($0, 0) } == nil)
  }

  @Test func kmsgHeaderOfDevKmsg() {
    let line = "6,339,5140900,-;hv_vmbus: Vmbus version:5.3"
    let read = Self.on(line) { LinePrefix.kmsgHeader($0) }
    #expect(read?.priority == 6 && read?.microseconds == 5_140_900)
    #expect(read.map { Self.after(line, $0.after) } == "hv_vmbus: Vmbus version:5.3")
    // The flags field may carry a caller id (`-,caller=T1`).
    let withCaller = "4,12,300,-,caller=T1;pci 0000:00:08.0: BAR 0"
    #expect(
      Self.on(withCaller) { LinePrefix.kmsgHeader($0) }.map { Self.after(withCaller, $0.after) }
        == "pci 0000:00:08.0: BAR 0")
    for bad in ["6,339;x", "6,339,5140900 x", "a,1,2,-;x", "6,339,5140900,- x"] {
      #expect(Self.on(bad) { LinePrefix.kmsgHeader($0) } == nil, "\(bad)")
    }
  }

  @Test func journalDates() {
    let iso = "2026-11-24T10:00:00.123456+00:00 vm1 kernel: hv_vmbus: Vmbus version:5.3"
    let isoRead = Self.on(iso) { LinePrefix.isoStamp($0) }
    #expect(isoRead?.0 == 0..<32)
    #expect(isoRead.map { Self.after(iso, $0.1) } == "vm1 kernel: hv_vmbus: Vmbus version:5.3")
    let short = "Nov  4 10:00:00 vm1 kernel: hv_vmbus: Vmbus version:5.3"
    let shortRead = Self.on(short) { LinePrefix.syslogDate($0) }
    #expect(shortRead?.0 == 0..<15)
    #expect(shortRead.map { Self.after(short, $0.1) } == "vm1 kernel: hv_vmbus: Vmbus version:5.3")
    #expect(Self.on("November 4 10:00:00 vm1 kernel: x") { LinePrefix.syslogDate($0) } == nil)
    #expect(Self.on("2026-11-24 no time here, only words") { LinePrefix.isoStamp($0) } == nil)
  }

  @Test func journalSeparators() {
    #expect(Self.on("-- Boot 1a2b3c4d5e6f --") { LinePrefix.journalSeparator($0) } == "1a2b3c4d5e6f")
    #expect(Self.on("-- Reboot --") { LinePrefix.journalSeparator($0) } == "")
    #expect(Self.on("-- No entries --") { LinePrefix.journalSeparator($0) } == nil)
  }

  @Test func decodedPrefixOfDmesgX() {
    let line = "kern  :info  : [    1.402118] hv_vmbus: Vmbus version:5.3"
    let read = Self.on(line) { LinePrefix.decodedPrefix($0) }
    #expect(read?.priority == 6 && read?.isKernel == true)
    #expect(read.map { Self.after(line, $0.after) } == "[    1.402118] hv_vmbus: Vmbus version:5.3")
    let user = Self.on("user  :warn  : hello") { LinePrefix.decodedPrefix($0) }
    #expect(user?.priority == 8 + 4 && user?.isKernel == false)
    #expect(Self.on("kernel:info  : x") { LinePrefix.decodedPrefix($0) } == nil)
    #expect(Self.on("kern  :loud  : x") { LinePrefix.decodedPrefix($0) } == nil)
  }

  @Test func kmsgDictionaryLines() {
    #expect(Self.on(" SUBSYSTEM=pci") { LinePrefix.isKmsgDictionary($0, from: 1) })
    #expect(Self.on(" DEVICE=+pci:0000:00:08.0") { LinePrefix.isKmsgDictionary($0, from: 1) })
    #expect(!Self.on(" continued text") { LinePrefix.isKmsgDictionary($0, from: 1) })
  }
}
