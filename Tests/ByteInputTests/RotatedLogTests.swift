import Testing

@testable import ByteInput

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
}
