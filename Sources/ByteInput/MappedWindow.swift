#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One mapped window of a file; `map` is `nil` when `mmap` failed (`error` says why).
///
/// Its bytes are handed out only for the duration of one `feed` call (`LineReader.mapWindows`
/// unmaps after it returns). Everything that reads them on other threads (LineScan's
/// `BlockScan`) is done before that call returns, which `BlockScan.forEach` checks: a window
/// is never unmapped under a scan.
struct MappedWindow {
  let length: Int
  private(set) var map: UnsafeMutableRawPointer?
  let error: Int32

  init(fd: Int32, offset: Int, length: Int) {
    self.length = length
    let m = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, off_t(offset))
    if let m, m != MAP_FAILED {
      map = m
      error = 0
    } else {
      map = nil
      error = errno
    }
  }

  mutating func unmap() {
    if let map { munmap(map, length) }
    map = nil
  }
}
