import Foundation
import Testing

/// `check` on a VM whose log holds hundreds of boots: checked 256 boots at a time, it reports
/// what the VM's first incident alone reports, with every later incident counted.
@Suite struct LongLogTests {
  /// A temporary VM directory: the Gen1 sample's /proc/iomem beside its serial console
  /// repeated `times` over (two boots each).
  static func vm(times: Int, extra: [String: String] = [:]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("long-log-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let sample = CLI.sample("gen1-hyperv-highmmio-vram")
    let log = try String(contentsOfFile: sample + "/serial-console.log", encoding: .utf8)
    try String(repeating: log, count: times).write(
      to: dir.appendingPathComponent("serial-console.log"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
      atPath: sample + "/iomem", toPath: dir.appendingPathComponent("iomem").path)
    for (name, text) in extra {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return dir
  }

  @Test func aLongLogIsCheckedInSegmentsWithTheVerdictOfItsIncidents() throws {
    let dir = try Self.vm(times: 200)
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try CLI.run(["check", "--fail-on", "never", dir.path], environment: ["NO_COLOR": "1"])
    #expect(run.status == 0)
    let sample = try CLI.run(["check", "--fail-on", "never", CLI.sample("gen1-hyperv-highmmio-vram")])
    let verdict = { (text: String) in text.split(separator: "\n")[0].split(separator: ":", maxSplits: 1)[1] }
    #expect(verdict(run.stdout) == verdict(sample.stdout))
    #expect(
      run.stdout.contains(
        "\n    boots 0-255, lines 1-6656: 256 boots (128 first, 128 kdump kernels; 128 incidents)"))
    // Each finding once, with every other incident's boot counted (the last incident's
    // kernels hold the /proc/iomem dump, so its findings differ from the others').
    #expect(run.stdout.components(separatedBy: "Also in 198 more boots: ").count == 5)
    let json = try CLI.run(["check", "--fail-on", "never", "--format", "json", dir.path])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
    let vm = try #require((object["vms"] as? [[String: Any]])?.first)
    let earlier = try #require((vm["earlier_boots"] as? [[String: Any]])?.first)
    #expect(earlier["boots"] as? Int == 256)
    #expect(earlier["incidents"] as? Int == 128)
    #expect((vm["incidents"] as? [Any])?.count == 72)
    // The INPUTS section lists only the last segment's boots.
    #expect(run.stdout.components(separatedBy: "\n    boot ").count < 260)
  }

  @Test func aCopyOfItsFirstBootsHasTheVMCheckedWhole() throws {
    let log = try String(
      contentsOfFile: CLI.sample("gen1-hyperv-highmmio-vram/serial-console.log"), encoding: .utf8)
    let dir = try Self.vm(times: 200, extra: ["kern.log": log])
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try CLI.run(["check", "--fail-on", "never", "--format", "json", dir.path])
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
    let vm = try #require((object["vms"] as? [[String: Any]])?.first)
    #expect((vm["earlier_boots"] as? [Any])?.isEmpty == true)
    let notes = vm["notes"] as? [String] ?? []
    #expect(
      notes.contains {
        $0.hasPrefix("its boots were read and checked all at once, not a segment at a time: ")
          && $0.contains("kern.log boot 0 may be a boot of")
      })
    #expect((vm["inputs"] as? [Any])?.count ?? 0 > 400)
  }
}
