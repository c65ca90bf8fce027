public import ByteInput

/// Reads command output and configuration files into `SystemFact`s: a section starts at a
/// prompt line naming a command this reader knows, at a line whose shape names its source, or
/// covers a whole file whose name does (`proc/cmdline`, `sos_commands/kdump/kdump-config_show`).
/// Lines other readers take (kernel-log lines, /proc/iomem) end an implicit section and are
/// never counted against it; a line a section does not understand is counted, never fatal. A
/// prompt is not a comment: `# cat /proc/cmdline` opens a section, `# CONFIG_FB_EFI is not set`
/// is a config fact, `#KDUMP_KEXEC_ARGS="-s"` is a commented-out setting and never read.
public struct ShellFactReader: LineConsumer {
  public let source: String
  private var file: String
  private var output = ShellOutput()
  private var section: Open?
  /// The source the current file's name gives it: the whole file is that section.
  private var fileSource: ShellSource?

  private struct Open {
    var section: ShellSection
    var filtered: Bool
    /// Opened by a prompt or a file name (counts what it does not understand), or by a line's
    /// shape (ends at the first line it does not understand).
    var explicit: Bool
    var lines = 0
    /// `kdump-config show`: the field an indented line belongs to.
    var pendingField: String?
    /// An initramfs listing's image: from the prompt's command, or dracut's `Image:` header.
    var image: String?
  }

  public init(source: String) {
    self.source = source
    file = source
    beginFile(source)
  }

  public mutating func beginFile(_ file: String) {
    close()
    self.file = file
    fileSource = ShellSource.from(path: file)
    if let kind = fileSource { open(kind, origin: file, filtered: false, explicit: true, line: 1) }
  }

  public mutating func noteRepairs(_ forms: PasteForms, _ counts: RepairCounts) {}

  public mutating func feed(_ line: ByteView, line number: Int) {
    feed(line, line: number, column: nil)
  }

  public mutating func feed(_ raw: ByteView, line number: Int, column: Int?) {
    guard section != nil || Self.mayStartSomething(raw) else { return }
    var end = raw.count
    while end > 0, raw[end - 1] == 0x0D || raw[end - 1] == 0x20 || raw[end - 1] == 0x09 { end -= 1 }
    let text = String(decoding: raw.extracting(0..<end), as: UTF8.self)
    handle(text, Provenance(source: file, line: number, column: column, text: text))
  }

  /// Takes a run of plain log lines (`ScannedLines.plainRun`): outside a section none of them
  /// can start one (a `[ seconds ] ` stamp is no prompt, setting or command output), so the run
  /// is nothing to this reader; inside one its lines are read as `feed` reads them.
  public mutating func feedPlainLogLines(_ bytes: ByteView, first: Int) {
    guard section != nil else { return }
    _ = LineSplitter.forEachLine(in: bytes, firstLine: first) { feed($0, line: $1) }
  }

  public mutating func finish() -> ShellOutput {
    close()
    return output
  }

  // MARK: - Lines

  private mutating func handle(_ text: String, _ p: Provenance) {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if fileSource == nil, let command = Self.promptCommand(trimmed) {
      close()
      if let (kind, filtered) = ShellSource.from(command: command) {
        open(kind, origin: command, filtered: filtered, explicit: true, line: p.line)
      }
      return
    }
    if var open = section {
      if trimmed.isEmpty {
        if open.section.kind.endsAtBlank && !open.explicit { close() }
        return
      }
      if fileSource == nil, Self.belongsToAnotherReader(trimmed) {
        close()
        return
      }
      open.lines += 1
      let understood = parse(String(trimmed), p, in: &open)
      if understood {
        open.section.lastLine = p.line
        section = open
        if open.section.kind.lineLimit.map({ open.lines >= $0 }) == true, fileSource == nil { close() }
        return
      }
      if open.explicit {
        open.section.unrecognized += 1
        open.section.lastLine = p.line
        section = open
        return
      }
      close()
    }
    shape(String(trimmed), p)
  }

  /// A line that names its own source, outside any section.
  private mutating func shape(_ line: String, _ p: Provenance) {
    if let (option, value) = Self.configLine(line) {
      add(.kernelConfig(option: option, value: value), p)
    } else if line == "SecureBoot enabled" || line == "SecureBoot disabled" {
      add(.secureBoot(line.hasSuffix("enabled")), p)
    } else if line.hasPrefix("Linux "), line.hasSuffix("GNU/Linux") {
      uname(line, p)
    } else if line.hasPrefix("DUMP_MODE:") || line.hasPrefix("USE_KDUMP:") {
      open(.kdumpConfigShow, origin: "`\(line)`", filtered: false, explicit: false, line: p.line)
      reparse(line, p)
    } else if line.hasPrefix("Module "), line.hasSuffix("Used by") {
      open(.lsmod, origin: "`\(line)`", filtered: false, explicit: false, line: p.line)
    } else if line.hasPrefix("Image: "), line.contains(".img") {
      open(.initramfsListing, origin: "`\(line)`", filtered: true, explicit: false, line: p.line)
      reparse(line, p)
    } else if line.hasPrefix("Reserved crashkernel:") {
      open(.kdumpctlEstimate, origin: "`\(line)`", filtered: false, explicit: false, line: p.line)
      reparse(line, p)
    } else if let ready = Self.kdumpctlState(line) {
      add(.kdumpReady(ready), p)
    } else if line.hasPrefix("kexec-tools ") {
      add(.kexecToolsVersion(String(line.dropFirst(12))), p)
    } else if line.hasPrefix("/sbin/kexec ") || line.hasPrefix("/usr/sbin/kexec ")
      || line.hasPrefix("kexec -p")
    {
      add(.kexecCommand(line), p)
    } else if line.hasPrefix("BOOT_IMAGE=") {
      add(.commandLine(KernelCommandLine(line)), p)
    } else if let (name, value) = Self.assignment(line), Self.kdumpVariables.contains(name) {
      add(.kdumpSetting(name: name, value: value, file: "a pasted kdump configuration"), p)
    } else if line.hasPrefix("PRETTY_NAME="), let (name, value) = Self.assignment(line) {
      add(.osRelease(name: name, value: value), p)
    }
  }

  private mutating func reparse(_ line: String, _ p: Provenance) {
    guard var open = section else { return }
    _ = parse(line, p, in: &open)
    open.section.lastLine = p.line
    section = open
  }

  /// One line of a section; false when the section's source does not explain it.
  private mutating func parse(_ line: String, _ p: Provenance, in open: inout Open) -> Bool {
    switch open.section.kind {
    case .procCmdline:
      add(.commandLine(KernelCommandLine(line)), p)
    case .kexecCrashLoaded, .kexecLoaded:
      guard line == "0" || line == "1" else { return false }
      add(open.section.kind == .kexecLoaded ? .kexecLoaded(line == "1") : .kexecCrashLoaded(line == "1"), p)
    case .kexecCrashSize:
      guard let bytes = UInt64(line) else { return false }
      add(.kexecCrashSize(bytes), p)
    case .uname:
      return uname(line, p)
    case .detectVirt:
      guard !line.contains(" ") else { return false }
      add(.virtualization(line), p)
    case .mokutil:
      if line == "SecureBoot enabled" || line == "SecureBoot disabled" {
        add(.secureBoot(line.hasSuffix("enabled")), p)
      } else {
        return line.hasPrefix("SecureBoot ") || line.hasPrefix("EFI variables are not supported")
      }
    case .kernelConfig:
      if let (option, value) = Self.configLine(line) {
        add(.kernelConfig(option: option, value: value), p)
      } else {
        return line.hasPrefix("#")
      }
    case .lsmod:
      let words = line.split(separator: " ", omittingEmptySubsequences: true)
      if words.first == "Module" { return true }
      guard words.count >= 3, UInt64(words[1]) != nil, Int(words[2]) != nil else { return false }
      add(.moduleLoaded(String(words[0])), p)
    case .initramfsListing:
      if line.hasPrefix("Image: ") { open.image = open.image ?? String(line.dropFirst(7)).imagePath }
      if let module = Self.moduleFile(line) {
        add(.initramfsModule(name: module, image: open.image ?? open.section.origin), p)
        return true
      }
      return Self.listingLine(line)
    case .kdumpConfigShow:
      return kdumpConfigShow(line, p, in: &open)
    case .kdumpctlStatus:
      guard let ready = Self.kdumpctlState(line) else { return line.hasPrefix("kdump: ") }
      add(.kdumpReady(ready), p)
    case .kdumpctlEstimate:
      guard let colon = line.firstIndex(of: ":") else {
        return line.hasPrefix("WARNING") || line.hasPrefix("Encrypted")
      }
      let value = String(line[line.index(after: colon)...]).trimmingSpaces()
      add(.kdumpSetting(name: String(line[..<colon]), value: value, file: "kdumpctl estimate"), p)
    case .vmbusDevices:
      return vmbusDevice(line, p)
    case .pciDevices:
      // `0x010802`, `<address> class=0x010802` (scripts/collect), `…/<address>/class:0x010802`.
      guard let code = line.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == ":" }).last,
        code.hasPrefix("0x"), code.count == 8
      else { return false }
      let address = line.split(whereSeparator: { $0 == " " || $0 == "/" }).first {
        $0.count == 12 && $0.filter { $0 == ":" }.count == 2
      }
      add(.pciFunction(address: address.map(String.init), classCode: String(code)), p)
    case .lsblk:
      let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      if words.first == "NAME" { return true }
      guard words.count >= 6 else { return false }
      let name = String(words[0].drop { "├└│─`|- ".contains($0) })
      if let mountpoint = words.last, mountpoint.hasPrefix("/"), words.count >= 7 {
        add(.mount(target: mountpoint, source: "/dev/" + name), p)
      }
    case .findmnt:
      let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      if words.first == "TARGET" { return true }
      if words.count == 1, words[0].hasPrefix("/dev/") {
        let target = open.section.origin.split(separator: " ").last.map(String.init).flatMap {
          $0.hasPrefix("/") ? $0 : nil
        }
        add(.mount(target: target ?? "/", source: words[0]), p)
        return true
      }
      guard words.count >= 2 else { return false }
      let target = String(words[0].drop { "├└│─`|- ".contains($0) })
      guard target.hasPrefix("/") else { return false }
      add(.mount(target: target, source: words[1]), p)
    case .kdumpToolsDefaults, .sysconfigKdump:
      if line.hasPrefix("#") { return true }
      guard let (name, value) = Self.assignment(line) else { return false }
      add(.kdumpSetting(name: name, value: value, file: open.section.kind.rawValue), p)
    case .kdumpConf:
      if line.hasPrefix("#") { return true }
      let words = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
      guard words.count == 2 else { return false }
      add(.kdumpConfDirective(name: String(words[0]), value: String(words[1])), p)
    case .osRelease:
      if line.hasPrefix("#") { return true }
      guard let (name, value) = Self.assignment(line) else { return false }
      add(.osRelease(name: name, value: value), p)
    case .kexecVersion:
      guard line.hasPrefix("kexec-tools ") else { return false }
      add(.kexecToolsVersion(String(line.dropFirst(12))), p)
    case .kexecCmd:
      guard line.contains("kexec") else { return false }
      add(.kexecCommand(line), p)
    }
    return true
  }

  /// `DUMP_MODE:  kdump`, `current state:    ready to kdump`, `kexec command:` and the command
  /// on the next line, `   /var/lib/kdump/vmlinuz: symbolic link to …` under its field.
  private mutating func kdumpConfigShow(_ line: String, _ p: Provenance, in open: inout Open) -> Bool {
    let original = p.text
    if original.hasPrefix(" ") || original.hasPrefix("\t") {
      if open.pendingField == "kexec command" {
        add(.kexecCommand(line), p)
        open.pendingField = nil
      } else {
        add(
          .kdumpSetting(name: open.pendingField ?? "kdump kernel", value: line, file: "kdump-config show"), p)
        open.pendingField = open.pendingField == nil ? "kdump kernel" : open.pendingField
      }
      return true
    }
    guard let colon = line.firstIndex(of: ":") else { return false }
    let field = String(line[..<colon])
    guard field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " }) else { return false }
    let value = String(line[line.index(after: colon)...]).drop { $0 == " " || $0 == "\t" }
    switch field {
    case "current state":
      add(.kdumpReady(value.hasPrefix("ready to")), p)
    case "kexec command":
      open.pendingField = "kexec command"
    case "kdump initrd":
      open.pendingField = "kdump initrd"
    default:
      add(.kdumpSetting(name: field, value: String(value), file: "kdump-config show"), p)
    }
    return true
  }

  /// `{44c4f61d-…}` (a class_id file), `<instance> class_id={…} device_id={…}` (scripts/collect),
  /// or `…/<instance>/class_id:{…}` (`grep -H`).
  private mutating func vmbusDevice(_ line: String, _ p: Provenance) -> Bool {
    func guid(_ text: Substring) -> String? {
      let inner = text.drop { $0 == "{" }.prefix { $0 != "}" }
      return inner.count == 36 && inner.split(separator: "-").count == 5 ? inner.lowercased() : nil
    }
    if let range = line.firstRange(of: "class_id") {
      let after = line[range.upperBound...].drop { $0 == "=" || $0 == ":" }
      guard let classID = guid(after) else { return false }
      let before = line[..<range.lowerBound]
      let instance = before.split { $0 == " " || $0 == "/" }.last.flatMap { guid($0) }
      add(.vmbusDevice(instance: instance, classID: classID), p)
      return true
    }
    guard let classID = guid(Substring(line)) else { return false }
    add(.vmbusDevice(instance: nil, classID: classID), p)
    return true
  }

  @discardableResult
  private mutating func uname(_ line: String, _ p: Provenance) -> Bool {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    if words.count >= 3, words[0] == "Linux" {
      add(.kernelRelease(words[2]), p)
      if words.last == "GNU/Linux", words.count >= 5 { add(.machine(words[words.count - 2]), p) }
      return true
    }
    guard words.count == 1, let word = words.first else { return false }
    if ["x86_64", "aarch64", "arm64", "i686"].contains(word) {
      add(.machine(word), p)
    } else if word.first?.isNumber == true, word.contains(".") {
      add(.kernelRelease(word), p)
    } else {
      return false
    }
    return true
  }

  // MARK: - Sections

  private mutating func open(_ kind: ShellSource, origin: String, filtered: Bool, explicit: Bool, line: Int) {
    close()
    section = Open(
      section: ShellSection(kind: kind, origin: origin, source: file, firstLine: line, lastLine: line),
      filtered: filtered, explicit: explicit, image: origin == file ? nil : origin.imagePath)
  }

  private mutating func close() {
    guard let open = section else { return }
    section = nil
    if open.section.kind == .initramfsListing {
      let p = Provenance(source: open.section.source, line: open.section.firstLine, text: open.section.origin)
      output.facts.append(
        ObservedFact(
          fact: .initramfsListing(
            image: open.image ?? open.section.origin, complete: open.explicit && !open.filtered),
          provenance: p))
    }
    if open.lines > 0 || open.explicit { output.sections.append(open.section) }
  }

  private mutating func add(_ fact: SystemFact, _ p: Provenance) {
    output.facts.append(ObservedFact(fact: fact, provenance: p))
  }

  // MARK: - Shapes

  /// Variables of the kdump configurations read even from a paste without a prompt.
  static let kdumpVariables: Set<String> = [
    "USE_KDUMP", "KDUMP_KEXEC_ARGS", "KEXEC_ARGS", "KDUMP_FILE_LOAD", "KDUMP_COREDIR", "KDUMP_CMDLINE_APPEND",
    "KDUMP_COMMANDLINE_APPEND", "KDUMP_KERNEL", "KDUMP_INITRD", "KDUMPTOOL_FLAGS", "KDUMP_SAVEDIR",
    "KEXEC_OPTIONS",
  ]

  /// `$ cmd`, `# cmd` (when cmd is a command, not a comment), `user@host:~$ cmd`,
  /// `[root@host ~]# cmd`: the command.
  static func promptCommand(_ line: Substring) -> String? {
    var rest: Substring
    if line.hasPrefix("$ ") || line.hasPrefix("# ") {
      rest = line.dropFirst(2)
      guard let verb = rest.split(separator: " ").first, promptVerbs.contains(String(verb)) else {
        return nil
      }
    } else if line.hasPrefix("["), let close = line.firstIndex(of: "]"), line[..<close].contains("@") {
      rest = line[line.index(after: close)...]
      guard rest.hasPrefix("# ") || rest.hasPrefix("$ ") else { return nil }
      rest = rest.dropFirst(2)
    } else if let space = line.firstIndex(of: " "), line[..<space].contains("@"),
      line[..<space].hasSuffix("$") || line[..<space].hasSuffix("#")
    {
      rest = line[line.index(after: space)...]
    } else {
      return nil
    }
    let command = rest.drop { $0 == " " }
    return command.isEmpty ? nil : String(command)
  }

  static let promptVerbs: Set<String> = [
    "cat", "uname", "lsmod", "kdump-config", "kdumpctl", "lsinitrd", "lsinitramfs", "mokutil",
    "systemd-detect-virt", "grep", "egrep", "zgrep", "zcat", "head", "tail", "less", "more", "kexec", "sudo",
    "dmesg", "journalctl", "ls", "lsblk", "findmnt", "modinfo", "lspci", "echo", "sosreport", "sos",
  ]

  /// Lines a section opened by shape never holds: a kernel-log line (`[ 1.2] …`, a journal or
  /// syslog stamp) or a /proc/iomem line.
  static func belongsToAnotherReader(_ line: Substring) -> Bool {
    guard let first = line.first else { return false }
    if first == "[", let second = line.dropFirst().first, second == " " || second.isNumber { return true }
    let months = [
      "Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec ",
    ]
    if months.contains(where: { line.hasPrefix($0) }) { return true }
    if let dash = line.firstIndex(of: "-"), line.distance(from: line.startIndex, to: dash) >= 8,
      line[..<dash].allSatisfy(\.isHexDigit), line.contains(" : ")
    {
      return true
    }
    return false
  }

  /// `CONFIG_X=value` → (X, value); `# CONFIG_X is not set` → (X, nil).
  static func configLine(_ line: String) -> (String, String?)? {
    if line.hasPrefix("CONFIG_"), let eq = line.firstIndex(of: "=") {
      let name = line[..<eq]
      guard name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return nil }
      var value = String(line[line.index(after: eq)...])
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
        value = String(value.dropFirst().dropLast())
      }
      return (String(name), value)
    }
    if line.hasPrefix("# CONFIG_"), line.hasSuffix(" is not set") {
      let name = line.dropFirst(2).dropLast(11)
      guard name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return nil }
      return (String(name), nil)
    }
    return nil
  }

  /// `NAME="value"  # note` → (NAME, value); `export NAME=value` too. A line starting with `#`
  /// is a comment, never an assignment.
  static func assignment(_ line: String) -> (String, String)? {
    var text = Substring(line)
    if text.hasPrefix("export ") { text = text.dropFirst(7) }
    guard let eq = text.firstIndex(of: "="), eq > text.startIndex else { return nil }
    let name = text[..<eq]
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), name.first?.isLetter == true else {
      return nil
    }
    var value = text[text.index(after: eq)...]
    if let quote = value.first, quote == "\"" || quote == "'" {
      value = value.dropFirst()
      if let end = value.firstIndex(of: quote) { value = value[..<end] }
    } else if let hash = value.firstRange(of: " #") {
      value = value[..<hash.lowerBound]
    }
    return (String(name), String(value).trimmingSpaces())
  }

  /// `kdump: Kdump is operational` / `Kdump is not operational` (kdumpctl status).
  static func kdumpctlState(_ line: String) -> Bool? {
    let text = line.hasPrefix("kdump: ") ? String(line.dropFirst(7)) : line
    if text.hasPrefix("Kdump is operational") { return true }
    if text.hasPrefix("Kdump is not operational") { return false }
    return nil
  }

  /// The module a listing line's path names: `…/pci-hyperv.ko.zst` → `pci-hyperv`.
  static func moduleFile(_ line: String) -> String? {
    guard let path = line.split(separator: " ").last else { return nil }
    let name = path.split(separator: "/").last ?? path
    guard let ko = name.firstRange(of: ".ko") else { return nil }
    let suffix = name[ko.upperBound...]
    guard ["", ".xz", ".zst", ".gz", ".bz2", ".lz4"].contains(String(suffix)) else { return nil }
    return String(name[..<ko.lowerBound])
  }

  /// dracut's header and separators, and any `ls -l` style entry of a listing.
  static func listingLine(_ line: String) -> Bool {
    if line.hasPrefix("Image:") || line.hasPrefix("====") || line.hasPrefix("Version:")
      || line.hasPrefix("Arguments:") || line.hasPrefix("dracut modules:") || line.hasPrefix("dracut")
    {
      return true
    }
    let words = line.split(separator: " ")
    if words.count == 1 { return true }  // a dracut module name, or a bare path
    return words.first.map { $0.count == 10 && "-dlcbps".contains($0.first!) } ?? false
  }

  /// The literal starts of every line `shape` and `promptCommand` recognise outside a section
  /// (a `[root@host ~]#` prompt and a `user@host:~$` one are tested besides them).
  static let starts: [[UInt8]] = [
    "$ ", "# ", "CONFIG_", "SecureBoot ", "Linux ", "DUMP_MODE:", "USE_KDUMP", "Module ", "Image: ",
    "Kdump is",
    "kdump: Kdump", "kexec-tools ", "/sbin/kexec ", "/usr/sbin/kexec ", "kexec -p", "BOOT_IMAGE=",
    "PRETTY_NAME=",
    "Reserved crashkernel:", "KDUMP", "KEXEC_", "export ",
  ].map { Array($0.utf8) }

  /// The first bytes of `starts`, as a table indexed by byte.
  static let startBytes: [Bool] = {
    var table = [Bool](repeating: false, count: 256)
    for start in starts { table[Int(start[0])] = true }
    return table
  }()

  /// Whether a line outside any section could start something this reader reads, checked on
  /// raw bytes so a kernel-log line costs a table lookup, a short scan and no `String`.
  static func mayStartSomething(_ raw: ByteView) -> Bool {
    var i = 0
    while i < raw.count, raw[i] == 0x20 || raw[i] == 0x09 { i += 1 }
    guard i < raw.count else { return false }
    let rest = raw.extracting(i...)
    if startBytes[Int(rest[0])] {
      for start in starts where rest.count >= start.count && rest.starts(with: start) { return true }
    }
    // `[root@host ~]# cmd`, `user@host:~$ cmd`: an `@` in the first word.
    var j = 0
    while j < rest.count, j < 64, rest[j] != 0x20 {
      if rest[j] == UInt8(ascii: "@") { return true }
      j += 1
    }
    return false
  }
}

extension ShellSource {
  /// Sources whose output is a fixed number of lines: the section closes after them, so an
  /// unprompted log pasted after `cat /proc/cmdline` is not counted against it.
  var lineLimit: Int? {
    switch self {
    case .procCmdline, .kexecCrashLoaded, .kexecCrashSize, .kexecLoaded, .detectVirt, .kexecVersion,
      .kexecCmd:
      1
    case .uname: 1
    case .mokutil: 2
    default: nil
    }
  }

  /// Sections opened by shape that a blank line ends.
  var endsAtBlank: Bool { self == .lsmod || self == .kernelConfig }
}

extension String {
  /// The initramfs image a listing's command or header names (`/var/lib/kdump/initrd.img-…`).
  var imagePath: String? {
    split(separator: " ").map(String.init).first { $0.contains("initr") && $0.hasPrefix("/") }.map {
      $0.hasSuffix(":") ? String($0.dropLast()) : $0
    }
  }

}
