import SeededRandom
import Testing

@testable import LineScan

/// The one framing decision for printk-stamped lines: what the framer emits and what the block
/// scanner counts in place are both read from this frame, so it is tested on the shapes real
/// captures hold.
@Suite struct PrintkFrameTests {
  struct Framed: Equatable, CustomStringConvertible {
    var seconds: Double
    var caller: String?
    var journal: Bool?
    var message: String
    var plain: Bool
    var description: String {
      "\(seconds) caller=\(caller ?? "-") journal=\(String(describing: journal)) plain=\(plain) \(message.debugDescription)"
    }
  }

  static func frame(_ line: String, journalHost: Bool = true) -> Framed? {
    let bytes = Array(line.utf8)
    return bytes.withByteView { b -> Framed? in
      guard let f = PrintkFrame.read(b, from: 0, journalHost: journalHost) else { return nil }
      return Framed(
        seconds: f.stamp.seconds, caller: f.rest.caller.map { String(decoding: bytes[$0], as: UTF8.self) },
        journal: f.rest.journal, message: String(decoding: bytes[f.rest.message...], as: UTF8.self),
        plain: f.rest.isPlainShape)
    }
  }

  @Test func dmesgLines() {
    #expect(
      Self.frame("[    0.000000] Linux version 6.8.0-1030-azure")
        == Framed(
          seconds: 0, caller: nil, journal: nil, message: "Linux version 6.8.0-1030-azure", plain: true))
    // Mail collapses the padding; the stamp still reads.
    #expect(
      Self.frame("[ 11.492075] hv_vmbus: registering driver hv_pci")
        == Framed(
          seconds: 11.492075, caller: nil, journal: nil, message: "hv_vmbus: registering driver hv_pci",
          plain: true))
    // Nothing after the stamp is a plain (empty) line; a message glued to the stamp is not plain.
    #expect(
      Self.frame("[    2.000000]") == Framed(seconds: 2, caller: nil, journal: nil, message: "", plain: true))
    #expect(
      Self.frame("[    2.000000]glued")
        == Framed(seconds: 2, caller: nil, journal: nil, message: "glued", plain: false))
    // A message that starts with a bracket is not a caller id.
    #expect(
      Self.frame("[    3.100000] [drm] Initialized simpledrm 1.0.0")
        == Framed(
          seconds: 3.1, caller: nil, journal: nil, message: "[drm] Initialized simpledrm 1.0.0", plain: true))
  }

  @Test func callerIDs() {
    #expect(
      Self.frame("[    1.234567][    T1] hv_vmbus: Vmbus version:5.3")
        == Framed(
          seconds: 1.234567, caller: "T1", journal: nil, message: "hv_vmbus: Vmbus version:5.3", plain: false)
    )
    #expect(
      Self.frame("[    1.234567] [    C3] random: crng init done")
        == Framed(
          seconds: 1.234567, caller: "C3", journal: nil, message: "random: crng init done", plain: false))
  }

  /// `journalctl -o short-monotonic`: a host name, then `kernel:` or `ident[pid]:`.
  @Test func journalPrefixes() {
    #expect(
      Self.frame("[    5.000001] vm-host kernel: hv_vmbus: Vmbus version:5.3")
        == Framed(
          seconds: 5.000001, caller: nil, journal: true, message: "hv_vmbus: Vmbus version:5.3", plain: false)
    )
    #expect(
      Self.frame("[    5.000001] vm-host systemd[1]: Started Journal Service.")
        == Framed(
          seconds: 5.000001, caller: nil, journal: false, message: "Started Journal Service.", plain: false))
    // Subsystem prefixes, a driver and its device, an ident without a pid: dmesg messages.
    for message in [
      "pci_bus 0000:00: root bus resource", "nvme nvme0: 8/0/0 queues", "vm-host sshd: accepted",
    ] {
      #expect(Self.frame("[    6.000000] " + message)?.journal == nil, "\(message)")
      #expect(Self.frame("[    6.000000] " + message)?.message == message)
    }
    // A host name past the 32 bytes the first-word test looks at still frames as journal.
    let host = String(repeating: "h", count: 40)
    #expect(Self.frame("[    7.000000] \(host) kernel: x")?.journal == true)
    #expect(Self.frame("[    7.000000] \(host) kernel: x")?.message == "x")
    // After `<6>` (dmesg -r) no journal prefix is looked for.
    #expect(Self.frame("[    5.000001] vm-host kernel: x", journalHost: false)?.journal == nil)
  }

  @Test func notStamps() {
    for line in ["", "[", "[T1] m", "[    4.000000 m", "[    4.0000x0] m", "Nov 24 10:00:00 vm kernel: x"] {
      #expect(Self.frame(line) == nil, "\(line.debugDescription)")
    }
  }

  /// What follows a wall-clock stamp (`dmesg -T`) is read by the same rules.
  @Test func restAfterAnotherStamp() {
    let line = Array("[Tue Nov 24 10:00:00 2026] [  T42] pci 0000:00:08.0: BAR 0".utf8)
    let rest = line.withByteView { PrintkFrame.rest($0, after: 26, journalHost: false) }
    #expect(rest.caller.map { String(decoding: line[$0], as: UTF8.self) } == "T42")
    #expect(String(decoding: line[rest.message...], as: UTF8.self) == "pci 0000:00:08.0: BAR 0")
  }
}

/// The scanner asks `plainMessage`, the framer `rest`: the same answer on every shape.
@Suite struct PlainMessageAgreesWithRestTests {
  @Test func onRandomRests() {
    var rng = SplitMix64(seed: 41)
    let pieces = [
      " ", "  ", "[T1]", " [T1]", " [C3]", " [T]", " [", "[", "vm1 kernel: ", "vm1 systemd[1]: ",
      "hv_vmbus: ", "pci 0000:00:08.0: ", "a-very-long-host-name-of-more-than-32-bytes kernel: ", "x",
      "Memory: 123K", ":", "\t", "",
    ]
    for _ in 0..<20_000 {
      var line = Array("[    1.402118]".utf8)
      let after = line.count
      for _ in 0..<Int(rng.next() % 4) { line += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8) }
      let padding = Int(rng.next() % 40)
      let readable = line.count + padding
      let buffer = line + Array(repeating: UInt8(ascii: "z"), count: padding)
      buffer.withUnsafeBufferPointer { b in
        let p = b.baseAddress!
        for journalHost in [true, false] {
          let rest = PrintkFrame.rest(
            p, count: line.count, readable: readable, after: after, journalHost: journalHost)
          let plain = PrintkFrame.plainMessage(
            p, count: line.count, readable: readable, after: after, journalHost: journalHost)
          let text = String(decoding: line, as: UTF8.self)
          #expect((plain != nil) == rest.isPlainShape, "\(text.debugDescription)")
          if let plain {
            #expect(
              plain.message == rest.message && plain.firstSpace == rest.firstSpace, "\(text.debugDescription)"
            )
          }
        }
      }
    }
  }
}
