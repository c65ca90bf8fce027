import IomemParse
import KdumpCheck
import Testing

/// The table of kernel changes, each kernel's status per change, and what the rules say with it.
@Suite struct KernelChangeTests {
  static func boot(_ text: String) -> KernelBoot {
    CaptureFile.read(text: text, source: "dmesg.log").log.boots[0]
  }

  static func status(_ id: KernelChange.ID, release: String) -> ChangeStatus {
    KernelChanges(boot("[    0.000000] Linux version \(release) (builder@host) #1 SMP\n"))[id]
  }

  @Test func releasesAreReadForBaseAndNumbering() throws {
    let azure = try #require(KernelRelease("6.8.0-1030-azure"))
    #expect(azure.base == .init(6, 8) && azure.distribution && azure.point == nil)
    let stable = try #require(KernelRelease("6.6.87"))
    #expect(stable.base == .init(6, 6) && !stable.distribution && stable.point == 87)
    let rc = try #require(KernelRelease("7.1-rc3"))
    #expect(rc.releaseCandidate && !rc.distribution && rc.point == 0)
    #expect(KernelRelease("6.12.40-azure")?.distribution == true)
    #expect(KernelRelease("5.14.0-427.el9.x86_64")?.distribution == true)
    #expect(KernelRelease("v6.8") == nil)
  }

  @Test func versionDecidesWhereNoLineDoes() {
    // At or above the mainline release: present, distribution kernels included.
    #expect(Self.status(.gen1AlwaysReservesBar0, release: "6.8.0-1030-azure").presence == .present)
    // A distribution kernel below the release: unknown, and the reason says why.
    let ubuntu = Self.status(.gen1AlwaysReservesBar0, release: "5.15.0-1102-azure")
    #expect(ubuntu.presence == .unknown)
    #expect(ubuntu.reason.contains("distribution kernel below v6.0"))
    // A stable branch with a known first point release.
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "5.15.211").presence == .present)
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "5.15.200").presence == .absent)
    // A stable branch whose backport point is not recorded: unknown, not absent.
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "6.6.87").presence == .unknown)
    // A stable branch with no backport: absent.
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "6.9.3").presence == .absent)
    #expect(Self.status(.gen1AlwaysReservesBar0, release: "5.4.250").presence == .absent)
    // A release candidate of the release itself may predate the change.
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "7.1-rc2").presence == .unknown)
    #expect(Self.status(.gen2ReservesLowMmioBase, release: "7.1").presence == .present)
    // Removed by a later change: hyperv_fb clears screen_info only from v5.10 to v6.7.
    #expect(Self.status(.hypervFbClearsScreenInfo, release: "6.7.12").presence == .present)
    #expect(Self.status(.hypervFbClearsScreenInfo, release: "6.8.1").presence == .absent)
    #expect(Self.status(.hypervFbClearsScreenInfo, release: "5.4.250").presence == .unknown)
  }

  @Test func logEvidenceComesBeforeTheVersion() {
    let withLine = Self.boot(
      """
      [    0.000000] Linux version 5.15.0-1102-azure (buildd@lcy02) #111-Ubuntu SMP
      [    1.000000] hv_vmbus: hv_mmio=[mem 0x40000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0x40000000-0x47ffffff]
      [    1.100000] hv_vmbus: Vmbus version:5.3
      """)
    let present = KernelChanges(withLine)[.gen2ReservesLowMmioBase]
    #expect(present.presence == .present && present.evidence.map(\.line) == [2])
    // A dmesg from the banner that shows hv_vmbus's KERN_INFO lines but no hv_mmio= line.
    let withoutLine = Self.boot(
      """
      [    0.000000] Linux version 5.15.0-1102-azure (buildd@lcy02) #111-Ubuntu SMP
      [    1.100000] hv_vmbus: Vmbus version:5.3
      [    2.000000] hv_vmbus: registering driver hv_pci
      """)
    #expect(KernelChanges(withoutLine)[.gen2ReservesLowMmioBase].presence == .absent)
    // A console that starts later (or may be `quiet`) proves nothing by what it lacks.
    let console = Self.boot(
      """
      [    2.000000] hv_vmbus: registering driver hv_pci
      [    3.000000] hv_pci 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70: PCI VMBus probing: Using version 0x10004
      """)
    #expect(KernelChanges(console)[.gen2ReservesLowMmioBase].presence == .unknown)
    // The BAR line format proves dc4e6f21c3f8 either way.
    let oldBars = Self.boot("[    0.4] pci 0000:00:08.0: reg 0x10: [mem 0xf8000000-0xfbffffff]\n")
    #expect(KernelChanges(oldBars)[.pciResourceNames].presence == .absent)
    let newBars = Self.boot("[    0.4] pci 0000:00:08.0: BAR 0 [mem 0xf8000000-0xfbffffff]\n")
    #expect(KernelChanges(newBars)[.pciResourceNames].presence == .present)
  }

  @Test func pciDomainFollowsTheKernelAndTheCollisionLine() throws {
    let guid = "c8b9a3f1-6f3e-4b1c-9d2a-7e5f4a3b2c1d"
    func findings(_ text: String) -> [Finding] {
      RuleRegistry.check(Capture(files: [CaptureFile.read(text: text, source: "kexec-dmesg.log")]))
    }
    let old = findings(
      """
      [    0.000000] Linux version 4.19.112 (builder@host) #1 SMP
      [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      [    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
      [    2.240000] pci 9d2a:00:00.0: [1414:b111] type 00 class 0x010802
      """)
    let kd004 = try #require(old.first { $0.rule == "KD004" })
    #expect(kd004.message.contains("NVMe controller (PCI 9d2a:00:00.0)"))
    let collided = findings(
      """
      [    0.000000] Linux version 6.8.0-1030-azure (buildd@lcy02) #35-Ubuntu SMP
      [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      [    2.100000] hv_pci \(guid): PCI dom# 0x6f3e has collision, using 0x6f3f
      [    2.201233] hv_pci \(guid): PCI Pass-through VSP failed D0 Entry with status c0370048
      [    2.240000] pci 6f3e:00:00.0: [1414:b111] type 00 class 0x010802
      [    2.240001] pci 6f3f:00:00.0: [1414:b111] type 00 class 0x010802
      """)
    let moved = try #require(collided.first { $0.rule == "KD004" })
    #expect(moved.message.contains("PCI 6f3f:00:00.0"))
  }

  @Test func d0OutcomesAreNamedForWhatTheyAre() throws {
    func kd004(_ example: String) throws -> Finding {
      let e = try #require(KD004HostRefusedMMIO.description.triggering.first { $0.note.hasPrefix(example) })
      return try #require(KD004HostRefusedMMIO().check(e.capture).first)
    }
    let release = try kd004("`Retrying D0 failed with ret`")
    #expect(release.severity == .warning && release.condition == "release-failed")
    #expect(release.message.contains("could not release what the previous kernel held"))
    #expect(!release.message.contains("refused"))
    let other = try kd004("the retry fails with another status")
    #expect(other.severity == .warning && other.condition == "d0-failed")
    #expect(other.message.contains("not read as an MMIO conflict"))
    let newOrder = try kd004("v5.8 order")
    #expect(newOrder.severity == .error && newOrder.message.contains("the host refused"))
    #expect(!KD004HostRefusedMMIO.description.explanation.contains("5.12"))
    #expect(KD004HostRefusedMMIO.description.explanation.contains("v5.8 (c81992e7f4aa)"))
  }

  @Test func gen1BeforeV6ReservesNoBar0() throws {
    let before = try #require(
      KD003NoReservation.description.triggering.first { $0.note.hasPrefix("Gen1 kernel before v6.0") })
    let findings = RuleRegistry.check(before.capture)
    #expect(!findings.contains { $0.rule == "KD002" })
    let kd003 = try #require(findings.first { $0.rule == "KD003" })
    #expect(kd003.severity == .warning)
    #expect(kd003.message.contains("lacks 2a8a8afba0c3"))
    #expect(kd003.remediation.contains("2a8a8afba0c3") && !kd003.remediation.contains("016a25e4b0df"))
    let after = try #require(
      KD002StaleReservation.description.triggering.first { $0.note.hasPrefix("Gen1 kernel from v6.0") })
    let kd002 = try #require(RuleRegistry.check(after.capture).first { $0.rule == "KD002" })
    #expect(kd002.severity == .error)
  }

  @Test func aMissingEfifbLineIsNotProofOfAZeroBase() throws {
    let noLine = try #require(
      KD003NoReservation.description.triggering.first { $0.note.contains("without CONFIG_FB_EFI") })
    let kd003 = try #require(KD003NoReservation().check(noLine.capture).first)
    #expect(kd003.severity == .warning)
    #expect(kd003.message.contains("not proof on a kernel built without CONFIG_FB_EFI"))
    #expect(kd003.missing.contains { $0.contains("CONFIG_FB_EFI") && $0.contains("kexec_file_load") })
    let simpledrm = try #require(
      KD003NoReservation.description.nonTriggering.first { $0.note.contains("simpledrm") })
    #expect(RuleRegistry.check(simpledrm.capture).allSatisfy { $0.rule != "KD003" })
  }

  @Test func hypervFbUsingMMIOIsNotAFailure() throws {
    let text = """
      [    0.000000] DMI: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018
      [    3.000000] hv_vmbus: registering driver hyperv_fb
      [    3.100000] hyperv_fb: Unable to allocate enough contiguous physical memory on Gen 1 VM. Using MMIO instead.
      """
    let iomem = """
      f8000000-fffbffff : PCI Bus 0000:00
        f8000000-fbffffff : 0000:00:08.0
          f8000000-f8001fff : 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70
      """
    let capture = Capture(files: [
      CaptureFile.read(text: iomem, source: "iomem"), CaptureFile.read(text: text, source: "dmesg.log"),
    ])
    let kd008 = try #require(RuleRegistry.check(capture).first { $0.rule == "KD008" })
    #expect(!kd008.message.contains("could not claim its framebuffer"))
    #expect(!kd008.evidence.contains { $0.provenance.text.contains("Using MMIO instead") })
    #expect(kd008.remediation.contains("f0880e2cb7e1") && kd008.remediation.contains("2a8a8afba0c3"))
  }

  @Test func hvMmioShowsTwoWindowsOnlySoAClaimOutsideIsNotImpossible() throws {
    let text = """
      [    1.000000] hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]
      [    2.000000] hv_vmbus: registering driver hv_pci
      [    3.000000] hv_pci 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70: PCI VMBus probing: Using version 0x10004
      """
    let iomem = "2000000000-2000001fff : 3a0a8e54-9b2c-4d7e-8f1a-2b3c4d5e6f70\n"
    let capture = Capture(files: [
      CaptureFile.read(text: text, source: "dmesg.log"), CaptureFile.read(text: iomem, source: "iomem"),
    ])
    let kd010 = try #require(RuleRegistry.check(capture).first { $0.rule == "KD010" })
    #expect(kd010.severity == .note)
    #expect(kd010.message.contains("third window"))
  }

  /// Every finding of every rule example carries one of its rule's declared conditions at that
  /// condition's severity (the samples are checked the same way in SampleExpectationTests).
  @Test func findingsCarryADeclaredConditionAndItsSeverity() {
    for d in RuleRegistry.descriptions {
      #expect(Set(d.conditions.map(\.id)).count == d.conditions.count, "\(d.id) repeats a condition")
      for example in d.triggering + d.nonTriggering {
        for f in RuleRegistry.check(example.capture) {
          let rule = RuleRegistry.rule(id: f.rule)!.description
          #expect(
            rule.conditions.contains { $0.id == f.condition && $0.severity == f.severity },
            "\(f.rule) \(f.condition) at \(f.severity) in \(d.id)'s example \(example.note)")
        }
      }
    }
  }

  /// No user-visible text names a commit the table does not hold, and every merged change a
  /// remediation offers is one a user can get; the proposal is named only as a proposal.
  @Test func textsNameOnlyChangesOfTheTable() {
    let known = Set(KernelChange.table.map(\.id.rawValue))
    let mentionedByTable = Set(
      KernelChange.table.flatMap { Self.commitIDs(in: $0.effect + " " + $0.evidence) })
    var texts: [(String, String)] = [("kernel-changes page", KernelChangePage.markdown())]
    for d in RuleRegistry.descriptions {
      texts.append(("\(d.id) page", RulePage.markdown(d)))
      for example in d.triggering + d.nonTriggering {
        for f in RuleRegistry.check(example.capture) {
          texts.append(
            ("\(f.rule) finding in \(d.id)'s example \(example.note)", f.message + " " + f.remediation))
        }
      }
    }
    let proposal = KernelChange[.configWindowAbove4GProposal].subject
    for (where_, text) in texts {
      for id in Self.commitIDs(in: text) {
        #expect(
          known.contains(id) || mentionedByTable.contains(id), "\(where_) names \(id), not in the table")
      }
      for sentence in text.split(separator: ".") where sentence.contains(proposal.split(separator: ":").last!)
      {
        #expect(
          sentence.lowercased().contains("proposal"),
          "\(where_) names the config-window patch as if merged: \(sentence)")
      }
    }
    #expect(KernelChange.table.filter { !$0.obtainable }.map(\.id) == [.configWindowAbove4GProposal])
    // 016a25e4b0df is named with every known backport, not only 6.12.y and 6.6.y.
    for id in ["KD001", "KD003", "KD004"] {
      let page = RulePage.markdown(RuleRegistry.rule(id: id)!.description)
      #expect(page.contains("6.12.y, 6.6.y, 6.1.y, 5.15.211+"), "\(id)")
    }
    // The texts users saw before, now corrected: none may come back.
    for (where_, text) in texts {
      #expect(!text.contains("5.12+"), "\(where_)")
      #expect(!text.contains("Nothing to do") || where_.hasPrefix("KD005 finding"), "\(where_)")
    }
  }

  /// A Gen2 first kernel → kdump kernel console, with the given banner and video driver.
  static func gen2(release: String, driver: String, arm64: Bool = false) -> Capture {
    let banner =
      "[    0.000000] Linux version \(release) (builder@host) (\(arm64 ? "aarch64-linux-gnu-gcc" : "x86_64-linux-gnu-gcc")) #1 SMP"
    let text = """
      \(banner)
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz ro crashkernel=512M
      [    0.000000] efi: EFI v2.70 by Microsoft
      [    0.500000] efifb: framebuffer at 0x40000000, using 3072k, total 3072k
      [    2.000000] hv_vmbus: registering driver \(driver)
      [  100.000000] sysrq: Trigger a crash
      [    0.000000] Command line: elfcorehdr=0x3d000000 ro reset_devices
      [    0.000000] efi: EFI v2.70 by Microsoft
      [    1.000000] hv_vmbus: Vmbus version:5.3
      [    2.000000] hv_vmbus: registering driver \(driver)
      """
    return Capture(files: [CaptureFile.read(text: text, source: "serial.log")])
  }

  @Test func kexecFileLoadIsOfferedOnlyWhereItHelps() throws {
    func advice(_ capture: Capture) throws -> String {
      try #require(RuleRegistry.check(capture).first { $0.rule == "KD003" }).remediation
    }
    #expect(
      try advice(Self.gen2(release: "6.8.0-1030-azure", driver: "hyperv_drm")).contains("kexec_file_load"))
    // hyperv_fb before v6.14 may move the framebuffer: kexec -s would pass a stale base.
    #expect(
      try !advice(Self.gen2(release: "6.8.0-1030-azure", driver: "hyperv_fb")).contains("kexec_file_load"))
    #expect(try advice(Self.gen2(release: "6.14.2", driver: "hyperv_fb")).contains("kexec_file_load"))
    // arm64: neither kexec mode passes the framebuffer.
    #expect(
      try !advice(Self.gen2(release: "6.8.0-1030-azure", driver: "hyperv_drm", arm64: true)).contains(
        "kexec_file_load"))
  }

  @Test func builtInHvPciIsNeverOfferedWhereTheKdumpKernelMayReserveNothing() {
    var captures = RuleRegistry.descriptions.flatMap { $0.triggering + $0.nonTriggering }.map(\.capture)
    captures.append(Self.gen2(release: "6.8.0-1030-azure", driver: "hyperv_drm"))
    var offered = 0
    for capture in captures {
      for f in RuleRegistry.check(capture)
      where f.remediation.contains("CONFIG_PCI_HYPERV=y) with hyperv_drm a module makes") {
        offered += 1
        let kernels = capture.pairs.flatMap { [capture.graphs[$0.first], capture.graphs[$0.kdump]] }
        #expect(capture.platform.generation != .gen2, "\(f.rule) offers built-in hv_pci on Gen2")
        #expect(kernels.allSatisfy { $0.changes[.gen1AlwaysReservesBar0].present }, "\(f.rule): \(f.message)")
      }
    }
    #expect(offered > 0, "no example shows the Gen1 case where built-in hv_pci is the advice")
  }

  /// The warning against built-in hv_pci says which kernel may lack 2a8a8afba0c3 and why, and a
  /// reason both kernels share is said once (it once read "no banner …; no banner …").
  @Test func theWarningAgainstBuiltInHvPciNamesEachKernelOnce() throws {
    let captures = RuleRegistry.descriptions.flatMap { $0.triggering }.map(\.capture)
    var warned = 0
    for capture in captures {
      for f in RuleRegistry.check(capture) {
        guard let start = f.remediation.range(of: "2a8a8afba0c3 (v6.0, no stable backport; "),
          let end = f.remediation.range(
            of: ") the kdump kernel may reserve nothing", range: start.upperBound..<f.remediation.endIndex)
        else { continue }
        warned += 1
        let parts = f.remediation[start.upperBound..<end.lowerBound].components(separatedBy: "; ")
        let named = parts.map { $0.components(separatedBy: ": ")[0] }
        #expect(
          named == ["both kernels"] || named == ["the first kernel"] || named == ["the kdump kernel"]
            || named == ["the first kernel", "the kdump kernel"], "\(f.rule): \(parts)")
        let reasons = parts.map { $0.drop { $0 != ":" } }
        #expect(Set(reasons).count == reasons.count, "\(f.rule) repeats a reason: \(parts)")
      }
    }
    #expect(warned > 0, "no example warns against built-in hv_pci")
  }

  @Test func aConfidentialVMsLowMMIOIsSmallByConfigurationNotBySwiotlb() throws {
    let d = KD007PlacementFailed.description
    #expect(!d.explanation.contains("a big swiotlb"))
    #expect(d.explanation.contains("swiotlb bounce buffer, which is RAM, not MMIO"))
    let cvm = try #require(d.triggering.first { $0.note.hasPrefix("a confidential VM") })
    let finding = try #require(KD007PlacementFailed().check(cvm.capture).first)
    #expect(finding.remediation.contains("1 GiB by configuration"))
    // No VRAM spilled outside a reservation here, so a lower resolution is not offered.
    #expect(!finding.remediation.contains("resolution"))
    #expect(finding.remediation.contains("on Azure low MMIO is fixed"))
  }

  @Test func loadOrderIsReadFromAddressesWhereBothKernelsShowThem() throws {
    let d = KD005LoadOrder.description
    let byAddress = try #require(d.triggering.first { $0.note.hasPrefix("the addresses of both kernels") })
    let findings = RuleRegistry.check(byAddress.capture)
    let kd005 = try #require(findings.first { $0.rule == "KD005" })
    #expect(kd005.condition == "allocation-differs" && kd005.severity == .warning)
    #expect(kd005.message.hasPrefix("The allocation order differs"))
    #expect(kd005.message.contains("config window 0x40000000-0x40001fff lies below the VRAM"))
    #expect(!findings.contains { $0.rule == "KD010" })
    let byRegistration = try #require(d.triggering.first { $0.note.hasPrefix("both modules") })
    let registered = try #require(KD005LoadOrder().check(byRegistration.capture).first)
    #expect(registered.condition == "registration-differs" && registered.severity == .warning)
    #expect(registered.message.contains("registration order differs"))
    #expect(registered.message.contains("only a proxy"))
    // Texts no finding may carry again: "Nothing to do" outside a known reservation.
    for example in d.triggering + d.nonTriggering {
      for f in KD005LoadOrder().check(example.capture) where f.remediation.contains("Nothing to do") {
        #expect(f.condition == "built-in", "\(example.note)")
      }
    }
  }

  /// 12-hex-digit words: how the texts cite commits.
  static func commitIDs(in text: String) -> [String] {
    text.split { !$0.isHexDigit && $0 != "-" }.map(String.init).filter {
      $0.count == 12 && $0.contains { $0.isLetter } && $0.contains { $0.isNumber }
    }
  }
}
