import IomemParse

/// `boots`: each boot of the logs with its role, why, its ending and its kernel changes, as text
/// or as one JSON document written a boot at a time (`StreamedJSONArray` `boots`: a boot is
/// printed as soon as its role is decided, so a long log streams).
public enum BootsReporter {
  /// One boot of the JSON document.
  public static func json(_ boot: KernelBoot) -> String {
    var bytes = ByteBuffer()
    value(boot).write(to: &bytes, pretty: true, indent: 2)
    return bytes.text
  }

  public static func text(_ boot: KernelBoot) -> String {
    var out =
      "\(boot.source) boot \(boot.index): \(boot.role.rawValue), lines \(boot.firstLine)-\(boot.lastLine)"
    out += " (starts at: \(boot.start.rawValue.replacingUnderscores))\n"
    out += "  kernel: \(boot.kernelVersion ?? "(no Linux version banner)")\n"
    out += "  command line: \(boot.commandLine?.text ?? "(none seen)")\n"
    out += "  role: \(boot.roleReason)\n"
    for evidence in boot.roleEvidence { out += "    \(evidence): \(evidence.text)\n" }
    out += "  ended in: \(boot.ending.phrase)\n"
    for line in boot.endingEvidence { out += "    \(line): \(line.text)\n" }
    out += "  kernel changes:\n"
    for s in KernelChanges(boot).statuses {
      out += "    \(s.change.rawValue) \(s.presence.rawValue): \(s.reason)\n"
    }
    return out
  }

  private static func value(_ boot: KernelBoot) -> JSONValue {
    .object([
      ("source", .string(boot.source)), ("boot", .int(boot.index)), ("role", .string(boot.role.rawValue)),
      ("reason", .string(boot.roleReason)),
      ("first_line", .int(boot.firstLine)), ("last_line", .int(boot.lastLine)),
      ("start", .string(boot.start.rawValue)), ("ending", .string(boot.ending.rawValue)),
      ("kernel", boot.kernelVersion.map { .string($0) } ?? .null),
      ("command_line", boot.commandLine?.json ?? .null),
      (
        "evidence",
        .array(
          boot.roleEvidence.map {
            .object([("source", .string($0.source)), ("line", .int($0.line)), ("text", .string($0.text))])
          })
      ),
      (
        "ending_evidence",
        .array(boot.endingEvidence.map { .object([("line", .int($0.line)), ("text", .string($0.text))]) })
      ),
      ("messages", .int(boot.messages)), ("events", .int(boot.events.count)),
      ("kernel_changes", KernelChanges(boot).json),
    ])
  }
}
