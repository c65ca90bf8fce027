/// The typed fields of each event kind, as NDJSON/JSON members.
extension EventKind {
  public var fields: [(String, JSONValue)] {
    switch self {
    case .kernelVersion(let release): [("release", .string(release))]
    case .commandLine(let c): [("command_line", c.json)]
    case .hypervisorDetected(let name): [("name", .string(name))]
    case .hypervHostBuild(let build): [("build", .string(build))]
    case .hypervFeatures(let low, let high, let hints):
      [("privilege_low", hex(low)), ("privilege_high", hex(high)), ("hints", hex(hints))]
    case .hypervIsolation(let a, let b): [("group_a", hex(a)), ("group_b", hex(b))]
    case .memoryEncryption(let text), .dmi(let text), .efiBoot(let text), .crashkernelFailed(let text),
      .initStarted(let text):
      [("text", .string(text))]
    case .e820(let range, let type): [("range", range.json), ("type", .string(type))]
    case .crashkernelReserved(let range, let low): [("range", range.json), ("low", .bool(low))]
    case .swiotlb(let range): [("range", range.json)]
    case .efifbFramebuffer(let base, let using, let total):
      [
        ("base", hex(base)), ("using_kib", .int(Int(clamping: using))),
        ("total_kib", .int(Int(clamping: total))),
      ]
    case .efifbMode(let w, let h, let d): [("width", .int(w)), ("height", .int(h)), ("depth", .int(d))]
    case .vmbusVersion(let v): [("version", .string(v))]
    case .vmbusDriverRegistered(let driver, let afterInit):
      [("driver", .string(driver)), ("after_init", afterInit.map { .bool($0) } ?? .null)]
    case .hvMmioWindows(let low, let high, let fb): [("low", low.json), ("high", high.json), ("fb", fb.json)]
    case .vmbusUnexpectedLowMmio(let base): [("base", hex(base))]
    case .vmbusFramebufferBaseZero, .sysrqCrash, .crashKernelStarting: []
    case .vmbusProbeFailed(let device, let error): [("device", .string(device)), ("error", .int(error))]
    case .synthvidVersion(let driver, let version):
      [("driver", .string(driver)), ("version", .string(version))]
    case .screenResolution(let driver, let w, let h, let d, let bytes):
      [("driver", .string(driver)), ("width", .int(w)), ("height", .int(h)), ("depth", .int(d))]
        + (bytes.map { [("framebuffer_bytes", .int(Int(clamping: $0)))] } ?? [])
    case .framebufferFailure(let driver, let text): [("driver", .string(driver)), ("text", .string(text))]
    case .instrumentedMmioMegabytes(let mb):
      [("megabytes", .int(Int(clamping: mb))), ("out_of_tree", .bool(true))]
    case .instrumentedGen1Bar(let range): [("range", range.json), ("out_of_tree", .bool(true))]
    case .hvPciProtocol(let device, let version):
      [("device", .string(device)), ("version", .string(version))]
    case .pciHostBridge(let bus, let parent):
      [("bus", .string(bus))] + (parent.map { [("parent", .string($0))] } ?? [])
    case .pciRootBusResource(let bus, let resource): [("bus", .string(bus)), ("resource", resource.json)]
    case .hvPciNeedMmio(let device, let bytes, let high):
      [("device", .string(device)), ("bytes", hex(bytes)), ("window", .string(high ? "high" : "low"))]
    case .hvPciD0Failed(let device, let status): [("device", .string(device)), ("status", .string(status))]
    case .hvPciD0Retry(let device): [("device", .string(device))]
    case .hvPciD0RetryFailed(let device, let error): [("device", .string(device)), ("error", .int(error))]
    case .hvPciFailure(let device, let text): [("device", .string(device)), ("text", .string(text))]
    case .pciDevice(let address, let vendor, let device, let classCode):
      [
        ("address", .string(address)), ("vendor", .string(vendor)), ("device", .string(device)),
        ("class", .string(classCode)),
      ]
    case .pciBar(let address, let bar, let resource, _, let detail):
      [("address", .string(address)), ("bar", .string(bar)), ("resource", resource.json)]
        + (detail.map { [("detail", .string($0))] } ?? [])
    case .resourceSanityCheck(let requested, let owner, let ownerResource):
      [("requested", requested.json), ("owner", .string(owner)), ("owner_resource", ownerResource.json)]
    case .kernelPanic(let reason): [("reason", .string(reason))]
    }
  }

  private func hex(_ value: UInt64?) -> JSONValue { value.map { .string(Hex.prefixed($0)) } ?? .null }
}

extension LogEvent {
  /// Appends `{"boot","role","source","line","time","kind",…fields,"text"}` on one line, written
  /// straight into `out`: the NDJSON path builds no tree for the members every event has.
  public func writeJSON(role: BootRole, to out: inout [UInt8]) {
    out.append(contentsOf: #"{"boot":"#.utf8)
    out.append(contentsOf: String(boot).utf8)
    out.append(contentsOf: #","role":""#.utf8)
    out.append(contentsOf: role.rawValue.utf8)
    out.append(contentsOf: #"","source":"#.utf8)
    JSONValue.string(provenance.source).write(to: &out, pretty: false, indent: 0)
    out.append(contentsOf: #","line":"#.utf8)
    out.append(contentsOf: String(provenance.line).utf8)
    out.append(contentsOf: #","time":"#.utf8)
    (time.map { JSONValue.double($0) } ?? .null).write(to: &out, pretty: false, indent: 0)
    out.append(contentsOf: #","kind":""#.utf8)
    out.append(contentsOf: kind.name.utf8)
    out.append(0x22)
    var members: [(String, JSONValue)] = []
    if let wallClock { members.append(("wall_clock", .string(wallClock))) }
    if let caller { members.append(("caller", .string(caller))) }
    members += kind.fields
    members.append(("text", .string(provenance.text)))
    for (key, value) in members {
      out.append(0x2C)
      JSONValue.string(key).write(to: &out, pretty: false, indent: 0)
      out.append(0x3A)
      value.write(to: &out, pretty: false, indent: 0)
    }
    out.append(0x7D)
  }
}
