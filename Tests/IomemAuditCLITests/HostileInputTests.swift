import Foundation
import Testing

/// Whatever a customer sends: each case asserts the message the user sees, and that nothing
/// crashes or hangs.
@Suite final class HostileInputTests {
  private var created: [String] = []

  deinit {
    for path in created { try? FileManager.default.removeItem(atPath: path) }
  }

  func temp(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "iomem-audit-\(getpid())-\(name)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    created.append(path)
    return path
  }

  @Test func invalidUTF8AndNULBytesAreRead() throws {
    var bytes: [UInt8] = [0x00, 0x00, 0xFF, 0xFE, 0x0A]
    bytes += Array("[    0.000000] Command line: ro crashkernel=512M\n".utf8)
    bytes += [0xC3, 0x28, 0x0A]
    bytes += Array("[    1.000000] hv_vmbus: registering driver hv_pci\u{0}\n".utf8)
    let path = try temp("utf8", bytes)
    let run = try CLI.run(["events", path])
    #expect(run.status == 0)
    #expect(
      run.stdout.split(separator: "\n").map { $0.split(separator: " ")[4] } == [
        "command_line:", "vmbus_driver_registered:",
      ])
    #expect(run.stderr.contains("4 lines, 1 boot, 2 kernel messages"))
  }

  @Test func aOneMegabyteLineIsOneLine() throws {
    let path = try temp(
      "long",
      Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [0x0A]
        + Array("00000000-00000fff : Reserved\n".utf8))
    let run = try CLI.run(["parse", "--format", "iomem", path])
    #expect(run.status == 0)
    #expect(run.stdout == "00000000-00000fff : Reserved\n")
    #expect(run.stderr.contains("2 lines, 1 dump, 1 entries, 1 skipped"))
  }

  @Test func emptyFileAndClosedStdin() throws {
    let path = try temp("empty", [])
    let parse = try CLI.run(["parse", path])
    #expect(parse.status == 2)
    #expect(parse.stderr.contains("error: the input is empty"))
    let check = try CLI.run(["check", path])
    #expect(check.status == 2)
    #expect(check.stderr == "iomem-audit: \(path): is empty\n")
    let stdin = try CLI.run(["check", "-"], stdin: Data())
    #expect(stdin.status == 2)
    #expect(stdin.stderr == "iomem-audit: -: is empty\n")
  }

  @Test func compressedInputsAreReadAndATruncatedOneSaysSo() throws {
    let text =
      "[    0.000000] Command line: ro crashkernel=512M\n[    1.000000] hv_vmbus: registering driver hv_pci\n"
    let plain = try temp("gz-source.log", Array(text.utf8))
    let zipped = plain + ".gz"
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", "-f", plain]
    try gzip.run()
    gzip.waitUntilExit()
    created.append(zipped)
    let events = try CLI.run(["events", zipped])
    #expect(events.status == 0)
    #expect(events.stdout.contains("command_line:") && events.stdout.contains("vmbus_driver_registered:"))
    let piped = try CLI.run(["events", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: zipped)))
    #expect(piped.stdout == events.stdout.replacingOccurrences(of: zipped + ":", with: "-:"))

    let truncated = try temp("log.gz", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])
    let run = try CLI.run(["check", truncated])
    #expect(run.status == 2)
    #expect(run.stderr == "iomem-audit: \(truncated): read failed: truncated gzip input\n")
  }

  @Test func binaryInputsSayWhatToRun() throws {
    let vmcore = try temp(
      "vmcore", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01] + Array(repeating: 0, count: 100))
    let elf = try CLI.run(["events", vmcore])
    #expect(elf.status == 2)
    #expect(
      elf.stderr.contains(
        "is an ELF file (a vmcore or a program); for a vmcore, extract the log with `vmcore-dmesg \(vmcore) > vmcore-dmesg.txt`"
      ))
    let noise = try temp("noise", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 % 31 + 1) })
    let binary = try CLI.run(["parse", noise])
    #expect(binary.status == 2)
    #expect(binary.stderr.contains("is binary data, not text"))
  }

  @Test func unreadableInputNamesTheFile() throws {
    // Root reads any file whatever its mode; /proc/self/mem opens but fails to read at offset 0.
    let run = try CLI.run(["check", "/proc/self/mem"])
    #expect(run.status == 2)
    #expect(run.stderr == "iomem-audit: /proc/self/mem: read failed: Input/output error\n")
  }

  @Test func directoryWithoutCapturesIsAnError() throws {
    let dir = NSTemporaryDirectory() + "iomem-audit-empty-dir-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    created.append(dir)
    let run = try CLI.run(["check", dir])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("iomem-audit: \(dir): holds no iomem or kernel-log file"))
  }
}
