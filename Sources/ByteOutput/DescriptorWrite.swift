@_spi(UnsafeBytes) public import ByteInput

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

extension ByteView {
  /// Writes all of the view to the open descriptor `fd`, retrying short and interrupted writes;
  /// false when the descriptor stops taking bytes (a closed pipe), so output just stops.
  @discardableResult
  public func write(toDescriptor fd: Int32) -> Bool {
    let bytes = unsafeBytes
    guard let base = bytes.baseAddress else { return true }
    var offset = 0
    while offset < bytes.count {
      let n = systemWrite(fd, base + offset, bytes.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }
}
