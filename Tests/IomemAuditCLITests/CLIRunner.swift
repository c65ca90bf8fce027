import Foundation

/// Runs the built `iomem-audit` binary the way a user or CI does, and captures what it prints.
struct CLIRun: Sendable {
  let status: Int32
  let stdout: String
  let stderr: String
}

enum CLI {
  static let repoRoot: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  /// The binary sits next to the test bundle in the build products folder.
  static let binary: String = {
    let exe =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
    while !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("iomem-audit").path),
      url.path != "/"
    {
      url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("iomem-audit").path
  }()

  static func sample(_ relative: String) -> String { repoRoot + "/samples/" + relative }

  /// `stdinOpen`: stdin is left open until the process ends, as a paste that never ends.
  static func run(
    _ arguments: [String], stdin: Data? = nil, stdinOpen: Bool = false, environment: [String: String] = [:]
  ) throws -> CLIRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    if !stdinOpen { try input.fileHandleForWriting.close() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if stdinOpen { try input.fileHandleForWriting.close() }
    return CLIRun(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
