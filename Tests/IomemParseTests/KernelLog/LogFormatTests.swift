import IomemParse
import Testing

/// One fixture per line format, each holding the same `hv_vmbus: registering driver hv_pci` message.
@Suite struct LogFormatTests {
  func events(_ text: String, source: String = "t") -> KernelLog {
    KernelLogReader.read(text: text, source: source)
  }

  func onlyEvent(_ text: String) throws -> (LogEvent, KernelLog) {
    let log = events(text)
    let all = log.events
    try #require(all.count == 1, "\(all.map(\.kind.name)) \(log.lines)")
    return (all[0], log)
  }

  static let formats: [(String, LogFormat, Double?)] = [
    ("[    1.234567] hv_vmbus: registering driver hv_pci", .dmesg, 1.234567),
    ("[ 11.492075] hv_vmbus: registering driver hv_pci", .dmesg, 11.492075),
    ("[Tue Nov 24 10:00:00 2026] hv_vmbus: registering driver hv_pci", .dmesgWallClock, nil),
    ("kern  :info  : [    1.234567] hv_vmbus: registering driver hv_pci", .dmesgDecoded, 1.234567),
    ("<6>[    1.234567] hv_vmbus: registering driver hv_pci", .dmesgRaw, 1.234567),
    ("[    1.234567][    T1] hv_vmbus: registering driver hv_pci", .dmesg, 1.234567),
    ("[    1.234567] [    T1] hv_vmbus: registering driver hv_pci", .dmesg, 1.234567),
    ("[    1.234567][   C3] hv_vmbus: registering driver hv_pci", .dmesg, 1.234567),
    (
      #"{"pri":6,"time":1.234567,"caller":"T1","msg":"hv_vmbus: registering driver hv_pci"}"#, .dmesgJSON,
      1.234567
    ),
    ("6,339,1234567,-;hv_vmbus: registering driver hv_pci", .kmsg, 1.234567),
    ("Nov 24 10:00:00 myvm kernel: hv_vmbus: registering driver hv_pci", .journalShort, nil),
    ("[    1.234567] myvm kernel: hv_vmbus: registering driver hv_pci", .journalMonotonic, 1.234567),
    (
      "Nov 24 10:00:00 myvm kernel: [    1.234567] hv_vmbus: registering driver hv_pci", .journalShort,
      1.234567
    ),
    ("2026-11-24T10:00:00.123456+00:00 myvm kernel: hv_vmbus: registering driver hv_pci", .journalISO, nil),
    (
      #"{"__MONOTONIC_TIMESTAMP":"1234567","_BOOT_ID":"6f1e","_TRANSPORT":"kernel","PRIORITY":"6","MESSAGE":"hv_vmbus: registering driver hv_pci"}"#,
      .journalJSON, 1.234567
    ),
    ("\u{1B}[0m[    1.234567] hv_vmbus: registering driver hv_pci\r", .dmesg, 1.234567),
    ("> [    1.234567] hv_vmbus: registering driver hv_pci", .dmesg, 1.234567),
    ("hv_vmbus: registering driver hv_pci", .bare, nil),
  ]

  @Test(arguments: formats)
  func everyFormatGivesTheSameEvent(line: String, format: LogFormat, time: Double?) throws {
    let (event, log) = try onlyEvent(line)
    guard case .vmbusDriverRegistered(let driver, _) = event.kind else {
      Issue.record("\(event.kind.name)")
      return
    }
    #expect(driver == "hv_pci")
    #expect(event.provenance.text == "hv_vmbus: registering driver hv_pci")
    #expect(event.provenance.line == 1)
    #expect(log.lines.formats[format] == 1)
    if let time { #expect(abs(event.time! - time) < 1e-9) } else { #expect(event.time == nil) }
  }

  @Test func prettyDmesgJSONSpanningLines() throws {
    let text = """
      {
         "dmesg": [
            {
               "pri": 6,
               "time":     0.000000,
               "msg": "Linux version 6.8.0-1021-azure (buildd@lcy02-amd64-063)"
            },{
               "pri": 5,
               "time":     0.000001,
               "msg": "Command line: BOOT_IMAGE=/vmlinuz elfcorehdr=0x7c000000 reset_devices"
            }
         ]
      }
      """
    let log = events(text)
    #expect(log.events.map(\.kind.name) == ["kernel_version", "command_line"])
    #expect(log.events.map(\.provenance.line) == [6, 10])
    #expect(log.boots.first?.role == .kdump)
    #expect(log.lines.nonKernel == 0)
  }

  @Test func kmsgDictionaryLinesAreContinuations() {
    let log = events(
      """
      6,1024,5140900,-;pci 0000:00:08.0: [1414:5353] type 00 class 0x030000
       SUBSYSTEM=pci
       DEVICE=+pci:0000:00:08.0
      """)
    #expect(log.events.map(\.kind.name) == ["pci_device"])
    #expect(log.lines.continuations == 2)
  }

  @Test func nonKernelJournalAndSystemdLinesAreCountedNotEvents() {
    let log = events(
      """
      Nov 24 10:00:01 myvm systemd[1]: Started Journal Service.
      [  OK  ] Started Journal Service.
      Nov 24 10:00:02 myvm kernel: hv_vmbus: registering driver hyperv_drm
      [    5.100000] myvm systemd[1]: Starting kdump.service
      """)
    #expect(log.events.map(\.kind.name) == ["vmbus_driver_registered"])
    #expect(log.lines.nonKernel == 3)
    #expect(log.lines.nonKernelSpans.spans == [1...2, 4...4])
  }
}
