import ByteInput
import Foundation
import Testing

/// `DirectoryListing`: what a capture directory holds, as `check` lays it out.
@Suite struct DirectoryListingTests {
  @Test func everyFileBelowIsListedOnceSortedAndNoLinkedDirectoryIsEntered() throws {
    let top = NSTemporaryDirectory() + "iomem-audit-listing-\(getpid())"
    let fm = FileManager.default
    defer { try? fm.removeItem(atPath: top) }
    try fm.createDirectory(
      atPath: top + "/custA/vm1/var/crash/202612011200", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: top + "/custB", withIntermediateDirectories: true)
    for file in [
      "custA/vm1/serial-console.log", "custA/vm1/var/crash/202612011200/dmesg.202612011200", "custB/.hidden",
    ] {
      try Data("x\n".utf8).write(to: URL(fileURLWithPath: top + "/" + file))
    }
    // A link to a file is a file; to a directory (here: a loop) it is not entered; a link to
    // nothing is listed, so reading it says what is wrong.
    try fm.createSymbolicLink(
      atPath: top + "/custB/kern.log", withDestinationPath: top + "/custA/vm1/serial-console.log")
    try fm.createSymbolicLink(atPath: top + "/custA/vm1/loop", withDestinationPath: top + "/custA")
    try fm.createSymbolicLink(atPath: top + "/custB/dmesg", withDestinationPath: top + "/gone")
    #expect(
      DirectoryListing.files(under: top) == [
        "custA/vm1/serial-console.log", "custA/vm1/var/crash/202612011200/dmesg.202612011200",
        "custB/.hidden",
        "custB/dmesg", "custB/kern.log",
      ])
    #expect(DirectoryListing.files(under: top + "/none") == nil)
  }
}
