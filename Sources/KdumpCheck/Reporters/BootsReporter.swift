import IomemParse
public import JSONText

/// `boots`: each boot of the logs with its role, why, its ending and its kernel changes, as text
/// or as one JSON document `{"schema_version", "boots": […]}` written a boot at a time (a boot
/// is printed as soon as its role is decided, so a long log streams).
public enum BootsReporter {
  /// The document's head, up to the `boots` array's first element.
  public static func begin(_ w: inout JSONWriter) {
    w.beginObject()
    w.member("schema_version", JSONSchema.version)
    w.key("boots")
    w.beginArray()
  }

  /// One boot, an element of the `boots` array.
  public static func write(_ boot: KernelBoot, to w: inout JSONWriter) {
    w.beginObject()
    w.member("source", boot.source)
    w.member("boot", boot.index)
    w.member("role", boot.role.rawValue)
    w.member("reason", boot.roleReason)
    w.member("first_line", boot.firstLine)
    w.member("last_line", boot.lastLine)
    w.member("start", boot.start.rawValue)
    w.member("ending", boot.ending.rawValue)
    w.member("kernel", boot.kernelVersion)
    w.key("command_line")
    if let commandLine = boot.commandLine { commandLine.write(to: &w) } else { w.null() }
    w.key("evidence")
    w.lines(boot.roleEvidence)
    w.key("ending_evidence")
    w.array { w in
      for line in boot.endingEvidence {
        w.object { w in
          w.member("line", line.line)
          w.member("text", line.text)
        }
      }
    }
    w.member("messages", boot.messages)
    w.member("events", boot.events.count)
    w.key("kernel_changes")
    KernelChanges(boot).write(to: &w)
    w.endObject()
  }

  /// The document's tail, after the last boot.
  public static func end(_ w: inout JSONWriter) {
    w.endArray()
    w.endObject()
    w.bytes.append(0x0A)
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
}
