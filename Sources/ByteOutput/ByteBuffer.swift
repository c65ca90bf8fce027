@_spi(UnsafeBytes) public import ByteInput

/// Bytes written into memory the buffer owns: an append is a capacity test and a store or a copy,
/// and a writer that fills a few bytes at once (digits, a key and its quotes) is handed a
/// bounds-checked `MutableSpan` of exactly those bytes (`append(count:_:)`). The JSON writer appends tens of small pieces per event, where `Array`'s
/// uniqueness and capacity checks and its generic append path cost more than the bytes do.
/// Non-copyable, so it is only ever passed `inout` and never shares its memory.
///
/// Invariants every unsafe access below relies on: `base` points to `capacity` initialised bytes
/// this buffer allocated and alone frees, `0 <= length <= capacity`, and every access is at
/// `base + length` after a capacity test made room for it. No pointer leaves the buffer: what
/// is written is handed on as a `ByteView` valid during the call.
public struct ByteBuffer: ~Copyable {
  @usableFromInline var base: UnsafeMutablePointer<UInt8>
  /// Bytes written (the stored `count`, settable by the inlinable appends).
  @usableFromInline var length: Int
  /// Bytes written so far.
  public var count: Int { length }
  @usableFromInline var capacity: Int
  /// Where the bytes go when the buffer is full, instead of growing (see `init(capacity:sink:)`).
  private let sink: ((ByteView) -> Void)?

  public init(capacity: Int = 256) {
    length = 0
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
    base.initialize(repeating: 0, count: self.capacity)
    sink = nil
  }

  /// A buffer that hands its bytes to `sink` whenever it is full (and on `flush`), so a large
  /// document is written out in pieces of `capacity` bytes instead of held whole; the test for
  /// fullness is the one every append already makes.
  public init(capacity: Int, sink: @escaping (ByteView) -> Void) {
    length = 0
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
    base.initialize(repeating: 0, count: self.capacity)
    self.sink = sink
  }

  deinit { base.deallocate() }

  /// Makes room for `n` bytes and hands `body` a span of exactly the next `n`, to set each of
  /// them; they count as written when it returns.
  @inlinable @inline(__always)
  public mutating func append(count n: Int, _ body: (inout MutableSpan<UInt8>) -> Void) {
    if length &+ n > capacity { grow(to: length + n) }
    var span = UnsafeMutableBufferPointer(start: base + length, count: n).mutableSpan
    body(&span)
    length &+= n
  }

  /// Makes room for `needed` bytes after `count`: hands a full buffer to the sink, or moves the
  /// bytes to a larger allocation.
  @usableFromInline @inline(never)
  mutating func grow(to needed: Int) {
    var needed = needed
    if let sink, length > 0 {
      // Full: the bytes so far go out, and the new ones start at the beginning.
      sink(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: base, count: length)))
      needed -= length
      length = 0
      if needed <= capacity { return }
    }
    var size = capacity
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    bigger.initialize(from: base, count: length)
    (bigger + length).initialize(repeating: 0, count: size - length)
    base.deallocate()
    base = bigger
    capacity = size
  }

  @inlinable @inline(__always)
  public mutating func append(_ byte: UInt8) {
    if length &+ 1 > capacity { grow(to: length + 1) }
    base[length] = byte
    length &+= 1
  }

  /// A copy of `bytes`.
  @inlinable @inline(__always)
  public mutating func append(_ bytes: ByteView) {
    append(count: bytes.count) { bytes.copy(into: &$0) }
  }

  @inlinable @inline(__always)
  public mutating func append(_ text: StaticString) {
    append(ByteView(text))
  }

  /// `text`'s UTF-8 bytes.
  @inlinable
  public mutating func append(_ text: String) {
    text.withByteView { append($0) }
  }

  /// `byte`, `n` times (indentation).
  public mutating func append(_ byte: UInt8, repeating n: Int) {
    guard n > 0 else { return }
    if length &+ n > capacity { grow(to: length + n) }
    (base + length).update(repeating: byte, count: n)
    length &+= n
  }

  /// The bytes written so far.
  public func withBytes<R>(_ body: (ByteView) throws -> R) rethrows -> R {
    try body(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: base, count: length)))
  }

  /// The bytes written so far, as (possibly repaired) UTF-8 text.
  public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }

  /// Forgets the bytes, keeping the memory.
  public mutating func removeAll() { length = 0 }

  /// Hands the bytes written so far to the sink (nothing without one).
  public mutating func flush() {
    guard let sink, length > 0 else { return }
    sink(ByteView(unsafeBytes: UnsafeRawBufferPointer(start: base, count: length)))
    length = 0
  }
}

extension MutableSpan where Element == UInt8 {
  /// Sets the bytes from `offset` on to `literal`'s (a key between its quotes); traps when they
  /// would pass the span's end.
  @inlinable @inline(__always)
  public mutating func update(at offset: Int, from literal: StaticString) {
    let n = literal.utf8CodeUnitCount
    precondition(offset >= 0 && n <= count &- offset, "literal past the span's end")
    guard n > 0 else { return }
    withUnsafeMutableBufferPointer { p in
      UnsafeMutableRawPointer(p.baseAddress! + offset).copyMemory(from: literal.utf8Start, byteCount: n)
    }
  }
}
