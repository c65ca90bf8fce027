import ArgumentParser
import ByteOutput
import IomemParse
import JSONText
import KdumpCheck

struct Parse: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a /proc/iomem dump (clean, flattened, quoted, non-root) and print its tree.",
    discussion: """
      Reads FILE, or standard input when FILE is `-` or missing, so a paste works. Surrounding prose, shell prompts, email quoting (`> `), quoted-printable and HTML damage are handled; lost indentation is recovered from which range contains which. Diagnostics go to stderr.

      Examples:
        iomem-audit parse /proc/iomem
        iomem-audit parse --format iomem mail.txt     # the kernel's own nesting restored
        iomem-audit parse --format json - < paste.txt
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case tree, iomem, json, map
  }

  @Argument(help: "A file holding /proc/iomem text, or `-` for standard input.")
  var file: String = "-"

  @Option(
    help: """
      Output: `tree` (indented, sizes and kinds), `iomem` (canonical /proc/iomem text; several \
      dumps separated by a blank line), `json`, or `map` (the claims the checks see, down the address \
      space, with gaps and the 4 GiB line). Example: --format iomem
      """)
  var format: Format = .tree

  @Flag(help: "List the line spans that are not part of any dump (prose, prompts, other text).")
  var listSkipped = false

  func run() throws {
    if file == "-" && Terminal.stdinIsTerminal {
      Terminal.error("iomem-audit: reading /proc/iomem from standard input; paste it, then press Ctrl-D")
    }
    let document: IomemDocument
    var capture: CaptureFile?
    do {
      if format == .map {
        capture = try CaptureFile.read(path: file)
        document = capture!.iomem
      } else {
        document = try IomemReader.read(path: file)
      }
    } catch {
      Terminal.error("iomem-audit: \(error)")
      throw ExitCode(2)
    }
    switch format {
    case .json:
      var json = JSONWriter(pretty: true, into: ByteBuffer(capacity: 1 << 16) { $0.write(toDescriptor: 1) })
      document.write(to: &json)
      json.bytes.append(0x0A)
      json.bytes.flush()
    case .iomem:
      Terminal.out(document.dumps.map { $0.kernelText() }.joined(separator: "\n"))
    case .map:
      Terminal.out(TextMap.render(dump: Capture(files: [capture!]), unicode: Terminal.utf8Locale))
    case .tree:
      for (i, dump) in document.dumps.enumerated() {
        if document.dumps.count > 1 {
          Terminal.out(
            (i > 0 ? "\n" : "")
              + "# dump \(i + 1) of \(document.dumps.count), lines \(dump.firstLine)-\(dump.lastLine)\n")
        }
        Terminal.out(dump.treeText())
      }
    }
    if format != .json {
      for diagnostic in document.diagnostics where diagnostic.severity > .info {
        Terminal.error(diagnostic.description)
      }
      Terminal.error(summary(document))
    }
    if listSkipped {
      for span in document.lines.skippedSpans.spans {
        Terminal.error("\(file):\(span.lowerBound)-\(span.upperBound): skipped (not /proc/iomem)")
      }
    }
    if document.dumps.isEmpty { throw ExitCode(2) }
  }

  private func summary(_ d: IomemDocument) -> String {
    let l = d.lines
    var parts = [
      "\(l.total) lines", "\(d.dumps.count) dump\(d.dumps.count == 1 ? "" : "s")", "\(l.entries) entries",
    ]
    if l.skipped > 0 { parts.append("\(l.skipped) skipped (--list-skipped)") }
    if l.bad > 0 { parts.append("\(l.bad) bad") }
    if l.ioports > 0 { parts.append("\(l.ioports) ioports lines set aside") }
    if l.elisions > 0 { parts.append("\(l.elisions) elided") }
    return "\(d.source): " + parts.joined(separator: ", ")
  }
}
