import IomemParse

/// Checks a VM whose logs hold many boots (a year of serial console) a segment at a time, so
/// its memory stays bounded by a segment however many boots it holds: the reader hands each
/// boot over as soon as its role is decided (`CaptureFile.read(_:onBoot:unreadable:)`); once an
/// input holds `segmentBoots` boots and the next boot is a first kernel, no pairing crosses that
/// point (a kdump kernel, proven or presumed, pairs with the boot before it in its input, and a
/// first kernel is neither), so the boots before it are checked as
/// a capture of their own — every rule but the predictions, which judge the running system —
/// their findings folded, what later checks read of them kept in `EarlierBoots`, and they are
/// released. The last segment is checked with every other file of the VM, as one capture.
///
/// Where the VM's other captures could change what the released boots mean (another input with
/// the same boots, a /proc/iomem dump that may belong with a released kernel, a platform the
/// segments were not checked for), `finish` says so and the caller checks the VM as one.
public final class SegmentedCheck {
  /// Boots a segment holds before it is checked: small enough to keep memory flat, large
  /// enough that cutting costs nothing measurable.
  public static let defaultSegmentBoots = 256

  public enum Outcome {
    case report(VMReport)
    /// The VM must be read and checked as one capture, for this reason.
    case checkWhole(because: String)
  }

  private let vm: String
  private let options: CheckOptions
  private let fleet: Bool
  private var held: [String: [KernelBoot]] = [:]
  private var earlier: EarlierBoots
  private var fold = FindingFold()

  public init(vm: String, options: CheckOptions, fleet: Bool, segmentBoots: Int = defaultSegmentBoots) {
    self.vm = vm
    self.options = options
    self.fleet = fleet
    earlier = EarlierBoots(segmentBoots: segmentBoots)
  }

  /// Where the reader of input `source` hands its boots, or `nil` when the input is read whole:
  /// standard input (it cannot be read again if the VM must be checked as one) and an input
  /// whose role the user gave.
  public func receiver(for source: String) -> ((KernelBoot) -> Void)? {
    guard source != "-", source != "<stdin>", options.role(of: source) == nil else { return nil }
    return { [self] boot in take(boot) }
  }

  private func take(_ boot: KernelBoot) {
    var boots = held.removeValue(forKey: boot.source) ?? []
    if boots.count >= earlier.segmentBoots, boot.role == .first {
      check(boots)
      boots = []
    }
    boots.append(boot)
    held[boot.source] = boots
  }

  /// Checks one segment of an input's boots and releases it.
  private func check(_ boots: [KernelBoot]) {
    var files: [String] = []
    for boot in boots { for file in boot.files where !files.contains(file) { files.append(file) } }
    let file = CaptureFile(source: boots[0].source, files: files, boots: boots)
    let capture = Capture(
      vm: vm, files: [file], skipped: [], options: options, earlier: earlier, continuing: true)
    let new = fold.add(VMReport.findings(of: capture, fleet: fleet, predictions: false))
    earlier.absorb(capture, newFindings: new)
  }

  /// The VM's report: `files` as read (the boots handed over are put back where segments did
  /// not take them) checked as one capture after the earlier segments.
  public func finish(
    files: [CaptureFile], skipped: [SkippedInput], baseline: Set<String>
  ) -> Outcome {
    var files = files
    for n in files.indices {
      if let boots = held[files[n].source] { files[n].log.boots = boots }
    }
    held = [:]
    guard !earlier.runs.isEmpty else {
      let capture = Capture(vm: vm, files: files, skipped: skipped, options: options)
      return .report(VMReport(capture: capture, baseline: baseline, fleet: fleet))
    }
    let capture = Capture(vm: vm, files: files, skipped: skipped, options: options, earlier: earlier)
    if let conflict = earlier.conflict(with: capture, files: files) { return .checkWhole(because: conflict) }
    fold.add(VMReport.findings(of: capture, fleet: fleet))
    return .report(VMReport(capture: capture, folded: fold.findings, baseline: baseline))
  }
}
