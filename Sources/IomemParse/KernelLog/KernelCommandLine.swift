public import JSONText

/// A kernel command line (`Command line:` / `Kernel command line:`) split into parameters,
/// with the ones that matter for kdump pulled out.
public struct KernelCommandLine: Sendable, Equatable {
  public let text: String
  /// `key=value` or bare `key`, in order; quotes (`"a b"`) are kept together as the kernel does.
  public let parameters: [(key: String, value: String?)]

  public init(_ text: String) {
    self.text = text
    var params: [(String, String?)] = []
    var token = ""
    var quoted = false
    func flush() {
      guard !token.isEmpty else { return }
      if let eq = token.firstIndex(of: "=") {
        params.append((String(token[..<eq]), String(token[token.index(after: eq)...])))
      } else {
        params.append((token, nil))
      }
      token = ""
    }
    for c in text {
      if c == "\"" {
        quoted.toggle()
        continue
      }
      if c == " " && !quoted { flush() } else { token.append(c) }
    }
    flush()
    parameters = params
  }

  public static func == (lhs: KernelCommandLine, rhs: KernelCommandLine) -> Bool { lhs.text == rhs.text }

  /// The last value of `key` (the kernel's own rule for repeated parameters).
  public func value(_ key: String) -> String? {
    parameters.last { $0.key == key }?.value
  }

  public func has(_ key: String) -> Bool { parameters.contains { $0.key == key } }

  /// kexec adds `elfcorehdr=` to the capture kernel's command line.
  public var elfcorehdr: String? { value("elfcorehdr") }
  public var crashkernel: String? { value("crashkernel") }
  public var resetDevices: Bool { has("reset_devices") }
  public var nrCpus: String? { value("nr_cpus") ?? value("maxcpus") }
  public var mem: String? { value("mem") }
  public var swiotlb: String? { value("swiotlb") }

  /// `{"text", "crashkernel", "elfcorehdr", "nr_cpus", "mem", "swiotlb", "reset_devices"}`,
  /// each parameter only when it is on the line.
  public func write(to w: inout JSONWriter) {
    w.beginObject()
    w.member("text", text)
    if let crashkernel { w.member("crashkernel", crashkernel) }
    if let elfcorehdr { w.member("elfcorehdr", elfcorehdr) }
    if let nrCpus { w.member("nr_cpus", nrCpus) }
    if let mem { w.member("mem", mem) }
    if let swiotlb { w.member("swiotlb", swiotlb) }
    w.member("reset_devices", resetDevices)
    w.endObject()
  }
}
