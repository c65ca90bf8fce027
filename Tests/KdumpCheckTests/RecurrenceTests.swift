import Foundation
import IomemParse
import KdumpCheck
import Testing

/// A finding that recurs in many boots of one VM is one finding with its recurrences: a year
/// of serial console with a crash a month is one KD004, not twelve.
@Suite struct RecurrenceTests {
  /// `incidents` panics of a Gen2 Azure VM, each followed by a kdump kernel the host refuses
  /// hv_pci's D0 entry (the samples' gen2-azure-d0-failure kexec log, shortened).
  static func serialConsole(incidents: Int) -> String {
    var log = ""
    for _ in 0..<incidents {
      log += """
        [    0.000000] Linux version 5.15.0-1068-azure (buildd@lcy02-amd64-058) #77-Ubuntu SMP
        [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-5.15.0-1068-azure ro console=ttyS0 crashkernel=512M
        [    0.000000] Hypervisor detected: Microsoft Hyper-V
        [    2.002214] hv_vmbus: registering driver hv_pci
        [  900.100000] sysrq: Trigger a crash
        [  900.100100] Kernel panic - not syncing: sysrq triggered crash
        [    0.000000] Linux version 5.15.0-1068-azure (buildd@lcy02-amd64-058) #77-Ubuntu SMP
        [    0.000000] Command line: elfcorehdr=0x3d000000 BOOT_IMAGE=/boot/vmlinuz-5.15.0-1068-azure ro console=ttyS0 reset_devices
        [    0.000000] Hypervisor detected: Microsoft Hyper-V
        [    2.002214] hv_vmbus: registering driver hv_pci
        [    2.110051] hv_pci c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d: PCI VMBus probing: Using version 0x10004
        [    2.201233] hv_pci c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d: PCI Pass-through VSP failed D0 Entry with status c0370048
        [    2.233190] hv_vmbus: probe failed for device c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d (-71)

        """
    }
    return log
  }

  static func report(incidents: Int) -> VMReport {
    let file = CaptureFile.read(text: serialConsole(incidents: incidents), source: "serial.log")
    return VMReport(capture: Capture(files: [file]))
  }

  @Test func aFindingInEveryIncidentIsOneFindingWithItsRecurrences() throws {
    let once = Self.report(incidents: 1)
    let thrice = Self.report(incidents: 3)
    #expect(thrice.capture.pairs.count == 3)
    // The same findings, by rule and condition, whatever the number of incidents.
    #expect(
      thrice.findings.map { "\($0.rule)/\($0.condition)" }
        == once.findings.map { "\($0.rule)/\($0.condition)" })
    let d0 = try #require(thrice.findings.first { $0.rule == "KD004" })
    #expect(d0.occurrences == 3)
    // The evidence is the first incident's; the recurrences are the second and third kdump
    // kernels' D0 lines (13 lines an incident, the failure on its 12th).
    #expect(d0.evidence.contains { $0.provenance.line == 12 && $0.role == .kdump })
    #expect(d0.recurrences.map(\.provenance.line) == [25, 38])
    #expect(d0.recurrences.map(\.boot) == [3, 5])
    #expect(
      d0.recurrenceText()
        == "Also in 2 more boots: serial.log:25 (boot 3, kdump), serial.log:38 (boot 5, kdump).")
    let text = TextReporter.render(CheckReport(capture: thrice.capture), color: false)
    #expect(text.contains("Also in 2 more boots: serial.log:25 (boot 3, kdump)"))
    #expect(text.components(separatedBy: "KD004 ").count == 2, "KD004 is listed once")
  }

  @Test func recurrencesAreListedUpToALimitAndCounted() throws {
    let d0 = try #require(Self.report(incidents: 8).findings.first { $0.rule == "KD004" })
    #expect(d0.occurrences == 8)
    let text = try #require(d0.recurrenceText(limit: 2))
    #expect(
      text.hasPrefix(
        "Also in 7 more boots: serial.log:25 (boot 3, kdump), serial.log:38 (boot 5, kdump), and 5 more."))
    let json = JSONReporter.render(CheckReport(capture: Self.report(incidents: 8).capture))
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
    let finding = try #require(
      (object["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "KD004" })
    #expect(finding["occurrences"] as? Int == 8)
    #expect((finding["recurrences"] as? [[String: Any]])?.count == 7)
  }
}
