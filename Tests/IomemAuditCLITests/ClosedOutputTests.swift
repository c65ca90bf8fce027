import Foundation
import Testing

/// A reader that goes away (`iomem-audit check logs/ | head`) does not change the exit status a CI
/// job acts on: the tool is not killed by SIGPIPE (status 141 in a shell), `check` still exits with
/// its verdict, and a streaming command stops once nobody reads.
@Suite struct ClosedOutputTests {
  /// Runs the binary with a stdout pipe whose read end is closed before it starts, so its first
  /// write meets a pipe with no reader — the state `head` leaves behind, without a race.
  static func runWithClosedOutput(_ arguments: [String]) throws -> (Process.TerminationReason, Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = arguments
    let out = Pipe()
    try out.fileHandleForReading.close()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return (process.terminationReason, process.terminationStatus)
  }

  @Test func checkExitsWithItsVerdictWhenNobodyReadsItsReport() throws {
    let (broken, brokenStatus) = try Self.runWithClosedOutput([
      "check", CLI.sample("gen1-hyperv-highmmio-vram"),
    ])
    #expect(broken == .exit && brokenStatus == 1)
    let (healthy, healthyStatus) = try Self.runWithClosedOutput(["check", CLI.sample("gen2-azure")])
    #expect(healthy == .exit && healthyStatus == 0)
    let (json, jsonStatus) = try Self.runWithClosedOutput([
      "check", "--format", "json", CLI.sample("gen1-hyperv-highmmio-vram"),
    ])
    #expect(json == .exit && jsonStatus == 1)
  }

  /// `events` on a log that never ends, piped into a reader that has gone: it must stop by itself
  /// with status 0 — 141 is death by SIGPIPE, 124 means it kept reading after nobody listened.
  @Test func aStreamingCommandStopsOnceNobodyReads() throws {
    let script = """
      (printf '%s\\n' '[    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP' \\
        '[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 crashkernel=512M'
       yes '[    1.000000] hv_vmbus: Vmbus version:5.3') | "$0" events - | true
      exit "${PIPESTATUS[1]}"
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = ["60", "bash", "-c", script, CLI.binary]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
