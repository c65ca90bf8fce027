import ByteInput
import ByteOutput
import Dispatch
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Bytes written to a descriptor arrive whole, also when they are more than a pipe holds at
/// once (the write is retried until every byte is taken), and a closed pipe stops the write.
@Suite struct DescriptorWriteTests {
  @Test func everyByteReachesThePipe() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    // More than the 64 KiB a Linux pipe buffers, read on another thread while it is written.
    let text = String(repeating: "[    1.402118] hv_vmbus: registering driver hv_pci\n", count: 4000)
    let reader = PipeReader(ends[0])
    let wrote = Array(text.utf8).withByteView { $0.write(toDescriptor: ends[1]) }
    close(ends[1])
    #expect(wrote)
    #expect(String(decoding: reader.result(), as: UTF8.self) == text)
    close(ends[0])
  }

  @Test func aClosedPipeStopsTheWrite() {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    close(ends[0])
    signal(SIGPIPE, SIG_IGN)
    let wrote = Array("kdump: saving vmcore\n".utf8).withByteView { $0.write(toDescriptor: ends[1]) }
    close(ends[1])
    #expect(!wrote)
  }
}

/// Drains a pipe on a Dispatch thread (not the test's), so a writer larger than the pipe's
/// buffer is not left waiting for itself.
private final class PipeReader: Sendable {
  private let bytes = Mutex<[UInt8]>([])
  private let done = DispatchSemaphore(value: 0)

  init(_ fd: Int32) {
    DispatchQueue.global().async { [self] in
      var chunk = [UInt8](repeating: 0, count: 4096)
      while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        bytes.withLock { $0 += chunk[..<n] }
      }
      done.signal()
    }
  }

  /// Everything read up to end of file, once the write end is closed.
  func result() -> [UInt8] {
    done.wait()
    return bytes.withLock { $0 }
  }
}
