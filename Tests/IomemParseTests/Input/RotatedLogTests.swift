import Testing

@testable import IomemParse

/// logrotate's names put a log's files in the order their lines were written.
@Suite struct RotatedLogTests {
  @Test func numberedAndDatedFilesGoOldestFirstWithTheLiveFileLast() {
    let groups = RotatedLog.group([
      "vm/kern.log", "vm/kern.log.1", "vm/iomem", "vm/kern.log.2.gz", "vm/messages",
      "vm/messages-20261101.gz",
      "vm/messages-20261108", "vm/kern.log.10.xz",
    ])
    #expect(
      groups.map(\.files) == [
        ["vm/kern.log.10.xz", "vm/kern.log.2.gz", "vm/kern.log.1", "vm/kern.log"], ["vm/iomem"],
        ["vm/messages-20261101.gz", "vm/messages-20261108", "vm/messages"],
      ])
  }

  @Test func filesOfOtherDirectoriesOrNamesStayApart() {
    let groups = RotatedLog.group([
      "a/kern.log", "b/kern.log.1", "a/serial.log", "v6.8.0/dmesg", "dmesg.202612011200",
    ])
    #expect(groups.map(\.files.count) == [1, 1, 1, 1, 1])
    #expect(RotatedLog.isRotatedFile("kern.log.1") && RotatedLog.isRotatedFile("messages-20261101.gz"))
    #expect(!RotatedLog.isRotatedFile("kern.log") && !RotatedLog.isRotatedFile("dmesg.202612011200"))
  }

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
      Array(text.utf8).withUnsafeBytes { reader.feed(chunk: $0) }
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
