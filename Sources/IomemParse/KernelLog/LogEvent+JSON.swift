/// The typed fields of each event kind, as NDJSON/JSON members.
extension EventKind {
  /// Appends this kind's fields as `,"key":value` members.
  func writeFields(to m: inout JSONMembers) {
    switch self {
    case .kernelVersion(let release): m.string("release", release)
    case .commandLine(let c): m.value("command_line", c.json)
    case .hypervisorDetected(let name): m.string("name", name)
    case .hypervHostBuild(let build): m.string("build", build)
    case .hypervFeatures(let low, let high, let hints):
      m.hex("privilege_low", low)
      m.hex("privilege_high", high)
      m.hex("hints", hints)
    case .hypervIsolation(let a, let b):
      m.hex("group_a", a)
      m.hex("group_b", b)
    case .memoryEncryption(let text), .dmi(let text), .efiBoot(let text), .crashkernelFailed(let text),
      .initStarted(let text):
      m.string("text", text)
    case .e820(let range, let type):
      m.range("range", range)
      m.string("type", type)
    case .crashkernelReserved(let range, let low):
      m.range("range", range)
      m.bool("low", low)
    case .swiotlb(let range): m.range("range", range)
    case .efifbFramebuffer(let base, let using, let total):
      m.hex("base", base)
      m.int("using_kib", Int(clamping: using))
      m.int("total_kib", Int(clamping: total))
    case .efifbMode(let w, let h, let d):
      m.int("width", w)
      m.int("height", h)
      m.int("depth", d)
    case .vmbusVersion(let v): m.string("version", v)
    case .vmbusDriverRegistered(let driver, let afterInit):
      m.string("driver", driver)
      m.value("after_init", afterInit.map { .bool($0) } ?? .null)
    case .hvMmioWindows(let low, let high, let fb):
      m.resource("low", low)
      m.resource("high", high)
      m.resource("fb", fb)
    case .vmbusUnexpectedLowMmio(let base): m.hex("base", base)
    case .vmbusFramebufferBaseZero, .sysrqCrash, .crashKernelStarting: break
    case .vmbusProbeFailed(let device, let error):
      m.string("device", device)
      m.int("error", error)
    case .synthvidVersion(let driver, let version):
      m.string("driver", driver)
      m.string("version", version)
    case .screenResolution(let driver, let w, let h, let d, let bytes):
      m.string("driver", driver)
      m.int("width", w)
      m.int("height", h)
      m.int("depth", d)
      if let bytes { m.int("framebuffer_bytes", Int(clamping: bytes)) }
    case .framebufferFailure(let driver, let text):
      m.string("driver", driver)
      m.string("text", text)
    case .instrumentedMmioMegabytes(let mb):
      m.int("megabytes", Int(clamping: mb))
      m.bool("out_of_tree", true)
    case .instrumentedGen1Bar(let range):
      m.range("range", range)
      m.bool("out_of_tree", true)
    case .hvPciProtocol(let device, let version):
      m.string("device", device)
      m.string("version", version)
    case .pciHostBridge(let bus, let parent):
      m.string("bus", bus)
      if let parent { m.string("parent", parent) }
    case .pciRootBusResource(let bus, let resource):
      m.string("bus", bus)
      m.resource("resource", resource)
    case .hvPciNeedMmio(let device, let bytes, let high):
      m.string("device", device)
      m.hex("bytes", bytes)
      m.string("window", high ? "high" : "low")
    case .hvPciD0Failed(let device, let status):
      m.string("device", device)
      m.string("status", status)
    case .hvPciD0Retry(let device): m.string("device", device)
    case .hvPciD0RetryFailed(let device, let error):
      m.string("device", device)
      m.int("error", error)
    case .hvPciFailure(let device, let text):
      m.string("device", device)
      m.string("text", text)
    case .pciDevice(let address, let vendor, let device, let classCode):
      m.string("address", address)
      m.string("vendor", vendor)
      m.string("device", device)
      m.string("class", classCode)
    case .pciBar(let address, let bar, let resource, _, let detail):
      m.string("address", address)
      m.string("bar", bar)
      m.resource("resource", resource)
      if let detail { m.string("detail", detail) }
    case .resourceSanityCheck(let requested, let owner, let ownerResource):
      m.range("requested", requested)
      m.string("owner", owner)
      m.resource("owner_resource", ownerResource)
    case .kernelPanic(let reason): m.string("reason", reason)
    }
  }
}

extension JSONMembers {
  /// `{"space","start","end","flags"}`, `{"space","size","flags"}` for an unset resource, or
  /// `null` for `(null)`.
  mutating func resource(_ key: StaticString, _ r: ResourceSpec) {
    self.key(key)
    if r.isNull { return JSONBytes.literal("null", to: &out) }
    JSONBytes.literal(#"{"space":"#, to: &out)
    JSONBytes.string(r.space.rawValue, to: &out)
    if let range = r.range {
      out.append(0x2C)
      startAndEnd(range)
    }
    if let size = r.size {
      JSONBytes.literal(#","size":"#, to: &out)
      JSONBytes.hex(size, to: &out)
    }
    JSONBytes.literal(#","flags":["#, to: &out)
    for (i, flag) in r.flags.enumerated() {
      if i > 0 { out.append(0x2C) }
      JSONBytes.string(flag, to: &out)
    }
    out.append(contentsOf: [0x5D, 0x7D])
  }
}

extension LogEvent {
  /// Appends `{"boot","role","source","line","time","kind",…fields,"text"}` on one line, written
  /// straight into `out`: the NDJSON path builds no tree and no number strings.
  public func writeJSON(role: BootRole, to out: inout [UInt8]) {
    var m = JSONMembers()
    swap(&m.out, &out)
    defer { swap(&m.out, &out) }
    JSONBytes.literal(#"{"boot":"#, to: &m.out)
    JSONBytes.int(boot, to: &m.out)
    m.string("role", role.rawValue)
    m.string("source", provenance.source)
    m.int("line", provenance.line)
    m.key("time")
    if let time { JSONBytes.double(time, to: &m.out) } else { JSONBytes.literal("null", to: &m.out) }
    m.string("kind", kind.name)
    if let wallClock { m.string("wall_clock", wallClock) }
    if let caller { m.string("caller", caller) }
    kind.writeFields(to: &m)
    m.string("text", provenance.text)
    m.out.append(0x7D)
  }
}
