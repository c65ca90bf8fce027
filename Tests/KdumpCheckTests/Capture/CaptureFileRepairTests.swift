import IomemParse
import KdumpCheck
import Testing

/// A capture's repair layer (`PasteDecoder`) undoes what mail, web pages, markdown and forums do to log and /proc/iomem
/// lines, and leaves clean text that merely looks like them alone.
@Suite struct CaptureFileRepairTests {
  static func messages(_ text: String) -> [String] {
    CaptureFile.read(text: text, source: "paste").log.events.map(\.provenance.text)
  }

  static func dumpNames(_ text: String) -> [(String, Int)] {
    var out: [(String, Int)] = []
    for root in CaptureFile.read(text: text, source: "paste").iomem.dumps.first?.roots ?? [] {
      root.walk { node, depth in out.append((node.name, depth)) }
    }
    return out
  }

  @Test func quotedPrintableIsDecodedAndSoftBreaksJoinedInLogLines() {
    let mail = """
      Content-Transfer-Encoding: quoted-printable

      [ 12.506159] Gen1 VM: start=3D0xf8000000, size=3D0x4000000
      [ 11.492075] hv_vmbus: hv_mmio=3D[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xf=
      ffffffff] fb=3D[mem 0xf8000000-0xfbffffff]
      """
    let file = CaptureFile.read(text: mail, source: "mail")
    #expect(file.forms.contains(.quotedPrintable))
    #expect(
      file.log.events.map(\.provenance.text) == [
        "Gen1 VM: start=0xf8000000, size=0x4000000",
        "hv_vmbus: hv_mmio=[mem 0xf8000000-0xfed3ffff],[mem 0xfe0000000-0xfffffffff] fb=[mem 0xf8000000-0xfbffffff]",
      ])
    // The joined line is cited by its first physical line.
    #expect(file.log.events.map(\.provenance.line) == [3, 4])
    #expect(file.repairs.softLineBreaks == 1)
  }

  @Test func textThatMerelyHoldsEqualsSignsIsNotDecoded() {
    let log = """
      [    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=UUID=3D4e crashkernel=512M
      [    1.000000] hv_vmbus: registering driver hv_pci
      """
    let file = CaptureFile.read(text: log, source: "log")
    #expect(file.forms.isEmpty)
    #expect(file.log.events.first?.provenance.text.contains("UUID=3D4e") == true)
  }

  @Test func htmlBreaksSplitLinesEntitiesDecodeAndPriorityPrefixesStay() {
    let page = """
      <p>[ 11.492075] hv_vmbus: registering driver hv_pci<br>&lt;6&gt;x<br/>&nbsp;&nbsp;f8000000-fbffffff : 0000:00:08.0</p>
      <6>[   12.000000] hv_vmbus: registering driver hyperv_drm
      """
    let file = CaptureFile.read(text: page, source: "page")
    #expect(file.forms.contains(.html))
    let events = file.log.events
    #expect(
      events.map(\.provenance.text) == [
        "hv_vmbus: registering driver hv_pci", "hv_vmbus: registering driver hyperv_drm",
      ])
    // The second line of the page keeps its `<6>` priority, read as a syslog priority, not a tag.
    #expect(events.last?.provenance.line == 2)
    // A line that shared its physical line is cited with its column.
    #expect(events.first?.provenance.line == 1 && events.first?.provenance.column != nil)
    #expect(file.iomem.dumps.first?.roots.first?.name == "0000:00:08.0")
    #expect(file.iomem.dumps.first?.roots.first?.provenance.column.map { $0 > 1 } == true)
  }

  @Test func markdownIndentedBlocksLoseOnlyTheirCommonIndent() {
    let report = """
      ## The dump

      - from the VM

          f8000000-fffbffff : PCI Bus 0000:00
            f8000000-fbffffff : 0000:00:08.0
            fec00000-fec003ff : IOAPIC 0

      That is all.
      """
    let names = Self.dumpNames(report)
    #expect(names.map(\.0) == ["PCI Bus 0000:00", "0000:00:08.0", "IOAPIC 0"])
    #expect(names.map(\.1) == [0, 1, 1])
  }

  @Test func forumMarkupAndQuotesAtAnyDepthAreRemoved() {
    let post = """
      [QUOTE="decui"]
      > > [COLOR=#0000ff][B][ 28.631923] hyperv_connect_vsp: hyperv_drm: mmio_megabytes=128 MB[/B][/COLOR]
      >> **[ 14.207733] hv_vmbus: registering driver hv_pci**
      [/QUOTE]
      """
    #expect(
      Self.messages(post) == [
        "hyperv_connect_vsp: hyperv_drm: mmio_megabytes=128 MB", "hv_vmbus: registering driver hv_pci",
      ])
  }

  @Test func cleanInputIsUntouched() {
    let file = CaptureFile.read(text: "[    1.000000] hv_vmbus: registering driver hv_pci\n", source: "dmesg")
    #expect(file.forms.isEmpty && file.repairs.isEmpty)
    #expect(RepairCounts.note(forms: file.forms, counts: file.repairs) == nil)
  }
}
