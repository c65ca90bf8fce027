import IomemParse
import KdumpCheck

/// `check` end to end on a mixed paste: no crash, and every report format renders.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
  let report = CheckReport(capture: Capture(files: [CaptureFile.read(text: text, source: "paste")]))
  _ = TextReporter.render(report, color: false)
  _ = JSONReporter.render(report)
  _ = SARIFReporter.render(report, toolVersion: "fuzz")
  for finding in report.findings { precondition(!finding.evidence.isEmpty, "finding without evidence") }
  return 0
}
