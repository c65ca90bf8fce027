public import JSONText

/// The typed fields of each event kind, as NDJSON/JSON members.
extension EventKind {
  /// Appends this kind's fields as `,"key":value` members.
  func writeFields(to m: inout JSONWriter) {
    switch self {
    case .kernelVersion(let release): m.member("release", release)
    case .commandLine(let c):
      m.key("command_line")
      c.write(to: &m)
    case .hypervisorDetected(let name): m.member("name", name)
    case .hypervHostBuild(let build): m.member("build", build)
    case .hypervFeatures(let low, let high, let hints):
      m.hexMember("privilege_low", low)
      m.hexMember("privilege_high", high)
      m.hexMember("hints", hints)
    case .hypervIsolation(let a, let b):
      m.hexMember("group_a", a)
      m.hexMember("group_b", b)
    case .memoryEncryption(let text), .dmi(let text), .efiBoot(let text), .crashkernelFailed(let text),
      .initStarted(let text):
      m.member("detail", text)
    case .e820(let range, let type):
      m.member("range", range)
      m.member("type", type)
    case .crashkernelReserved(let range, let low):
      m.member("range", range)
      m.member("low", low)
    case .swiotlb(let range): m.member("range", range)
    case .simpleFramebuffer(let driver, let base, let bytes):
      m.member("driver", driver)
      if let base { m.hexMember("base", base) }
      if let bytes { m.hexMember("bytes", bytes) }
    case .efifbFramebuffer(let base, let using, let total):
      m.hexMember("base", base)
      m.member("using_kib", Int(clamping: using))
      m.member("total_kib", Int(clamping: total))
    case .efifbMode(let w, let h, let d):
      m.member("width", w)
      m.member("height", h)
      m.member("depth", d)
    case .vmbusVersion(let v): m.member("version", v)
    case .vmbusDriverRegistered(let driver, let afterInit):
      m.member("driver", driver)
      m.member("after_init", afterInit)
    case .hvMmioWindows(let low, let high, let fb):
      m.resourceMember("low", low)
      m.resourceMember("high", high)
      m.resourceMember("fb", fb)
    case .vmbusUnexpectedLowMmio(let base): m.hexMember("base", base)
    case .vmbusFramebufferBaseZero, .sysrqCrash, .crashKernelStarting, .panicEnd, .kexecReboot: break
    case .panicReboot(let seconds): m.member("seconds", seconds)
    case .shutdown(let action): m.member("action", action.rawValue)
    case .cpuBooting(let text): m.member("detail", text)
    case .vmbusProbeFailed(let device, let error):
      m.member("device", device)
      m.member("error", error)
    case .synthvidVersion(let driver, let version):
      m.member("driver", driver)
      m.member("version", version)
    case .screenResolution(let driver, let w, let h, let d, let bytes):
      m.member("driver", driver)
      m.member("width", w)
      m.member("height", h)
      m.member("depth", d)
      if let bytes { m.member("framebuffer_bytes", Int(clamping: bytes)) }
    case .framebufferFailure(let driver, let text):
      m.member("driver", driver)
      m.member("detail", text)
    case .framebufferInMMIO(let driver): m.member("driver", driver)
    case .instrumentedMmioMegabytes(let mb):
      m.member("megabytes", Int(clamping: mb))
      m.member("out_of_tree", true)
    case .instrumentedGen1Bar(let range):
      m.member("range", range)
      m.member("out_of_tree", true)
    case .hvPciProtocol(let device, let version):
      m.member("device", device)
      m.member("version", version)
    case .pciHostBridge(let bus, let parent):
      m.member("bus", bus)
      if let parent { m.member("parent", parent) }
    case .pciRootBusResource(let bus, let resource):
      m.member("bus", bus)
      m.resourceMember("resource", resource)
    case .hvPciNeedMmio(let device, let bytes, let high):
      m.member("device", device)
      m.hexMember("bytes", bytes)
      m.member("window", high ? "high" : "low")
    case .hvPciD0Failed(let device, let status):
      m.member("device", device)
      m.member("status", status)
    case .hvPciD0Retry(let device): m.member("device", device)
    case .hvPciD0RetryFailed(let device, let error):
      m.member("device", device)
      m.member("error", error)
    case .hvPciDomainCollision(let device, let requested, let using):
      if let device { m.member("device", device) }
      m.member("requested", requested)
      m.member("using", using)
    case .hvPciFailure(let device, let text):
      m.member("device", device)
      m.member("detail", text)
    case .pciDevice(let address, let vendor, let device, let classCode):
      m.member("address", address)
      m.member("vendor", vendor)
      m.member("device", device)
      m.member("class", classCode)
    case .pciBar(let address, let bar, let resource, _, let detail):
      m.member("address", address)
      m.member("bar", bar)
      m.resourceMember("resource", resource)
      if let detail { m.member("detail", detail) }
    case .resourceSanityCheck(let requested, let owner, let ownerResource):
      m.member("requested", requested)
      m.member("owner", owner)
      m.resourceMember("owner_resource", ownerResource)
    case .kernelPanic(let reason): m.member("reason", reason)
    }
  }
}

extension LogEvent {
  /// `{"boot","role","source","line","time","kind",…fields,"text"}`, written straight through
  /// `w` (on one line when `w` is compact): the NDJSON path builds no tree and no number strings.
  public func write(role: BootRole, to w: inout JSONWriter) {
    w.beginObject()
    w.member("boot", boot)
    w.member("role", role.rawValue)
    w.member("source", provenance.source)
    w.member("line", provenance.line)
    if let column = provenance.column { w.member("column", column) }
    w.member("time", time)
    w.member("kind", kind.name)
    if let wallClock { w.member("wall_clock", wallClock) }
    if let caller { w.member("caller", caller) }
    kind.writeFields(to: &w)
    w.member("text", provenance.text)
    w.endObject()
  }
}

extension LogEvent {
  /// `events --format json`'s head, `{"schema_version": 2, "events": [`: each event after it is
  /// one compact element (`JSONWriter.compact`), so the lines are the NDJSON records.
  public static func beginDocument(_ w: inout JSONWriter) {
    w.beginObject()
    w.member("schema_version", JSONSchema.version)
    w.key("events")
    w.beginArray()
  }

  /// The document's tail, after the last event.
  public static func endDocument(_ w: inout JSONWriter) {
    w.endArray()
    w.endObject()
    w.bytes.append(0x0A)
  }
}
