import ByteInput
import IomemParse
import KdumpCheck
import Testing

/// A rotated log (`kern.log.1`, `kern.log`) read into one capture file, oldest file first.
@Suite struct CaptureFileRotationTests {
  @Test func aBootAcrossARotationIsOneBootCitedInItsFiles() {
    var reader = CaptureFileReader(rotated: RotatedLog(files: ["kern.log.1", "kern.log"]))
    let parts = [
      (
        "kern.log.1",
        "[    0.000000] Linux version 6.8.0-1030-azure\n[    5.000000] hv_vmbus: registering driver hv_pci\n"
      ),
      (
        "kern.log",
        "[    6.000000] hv_vmbus: registering driver hyperv_drm\n[    7.000000] Run /init as init process\n"
      ),
    ]
    for (name, text) in parts {
      reader.beginFile(name)
      Array(text.utf8).withByteView { reader.feed(chunk: $0) }
    }
    let file = reader.finish()
    #expect(file.source == "kern.log" && file.files == ["kern.log.1", "kern.log"])
    let boots = file.log.boots.filter { $0.messages > 0 }
    #expect(boots.count == 1)
    #expect(boots.first?.files == ["kern.log.1", "kern.log"])
    #expect(boots.first.map { ($0.firstLine, $0.lastLine) }! == (1, 2))
    #expect(
      file.log.events.map(\.provenance.description).prefix(3) == [
        "kern.log.1:1", "kern.log.1:2", "kern.log:1",
      ])
    #expect(boots.first!.holds(Provenance(source: "kern.log", line: 2, text: "")))
    #expect(!boots.first!.holds(Provenance(source: "kern.log", line: 3, text: "")))
  }
}
