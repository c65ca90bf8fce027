internal import CByteInput

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A borrowed, bounds-checked view of bytes someone else owns: a line of a mapped window, a
/// block a reader hands on, an array's storage for the length of a call. It is the one byte
/// type the domain targets (IomemParse, KdumpCheck) read lines through, so they hold no pointer:
/// every access is checked against `count`, and slices (`extracting`) stay inside the view.
///
/// Lifetime, the one invariant it cannot check: a view is valid only during the call it was
/// handed to (a reader's `forEachBlock` body, `withByteView`), as a `RawSpan` would be; code that
/// keeps bytes copies them (`Array(copying:)`). Views are made from pointers only in the
/// byte-input, scanner and PCRE2 targets (`@_spi(UnsafeBytes)`), where the owner's lifetime is
/// known.
public struct ByteView {
  @usableFromInline let storage: UnsafeRawBufferPointer

  /// An empty view.
  @inlinable public init() { storage = UnsafeRawBufferPointer(start: nil, count: 0) }

  /// A view of bytes the caller keeps alive for as long as the view is used.
  @_spi(UnsafeBytes) @inlinable public init(unsafeBytes: UnsafeRawBufferPointer) { storage = unsafeBytes }

  @inlinable init(storage: UnsafeRawBufferPointer) { self.storage = storage }

  /// The bytes viewed, for the targets that hand them to C (memchr, libpcre2, write(2)).
  @_spi(UnsafeBytes) @inlinable public var unsafeBytes: UnsafeRawBufferPointer { storage }

  @inlinable public var count: Int { storage.count }
  /// The first byte, if any.
  @inlinable public var first: UInt8? { storage.first }
  @inlinable public var isEmpty: Bool { storage.count == 0 }

  /// The byte at `i`; traps when `i` is outside `0..<count`.
  @inlinable public subscript(i: Int) -> UInt8 {
    precondition(UInt(bitPattern: i) < UInt(bitPattern: storage.count), "ByteView index out of range")
    return storage.load(fromByteOffset: i, as: UInt8.self)
  }

  /// The eight bytes at `i` as one word, in memory order (a word-at-a-time test); traps when
  /// they pass the view's end.
  @inlinable public func loadUInt64(at i: Int) -> UInt64 {
    precondition(i >= 0 && i <= storage.count &- 8, "ByteView word out of range")
    return storage.loadUnaligned(fromByteOffset: i, as: UInt64.self)
  }

  /// The bytes at `range`, as a view indexed from 0; traps when `range` leaves the view.
  @inlinable public func extracting(_ range: Range<Int>) -> ByteView {
    precondition(range.lowerBound >= 0 && range.upperBound <= storage.count, "ByteView range out of range")
    guard let base = storage.baseAddress else { return ByteView() }
    return ByteView(storage: UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  /// The bytes from `range.lowerBound` to the end.
  @inlinable public func extracting(_ range: PartialRangeFrom<Int>) -> ByteView {
    extracting(range.lowerBound..<storage.count)
  }

  /// The bytes before `range.upperBound`.
  @inlinable public func extracting(_ range: PartialRangeUpTo<Int>) -> ByteView {
    extracting(0..<range.upperBound)
  }

  /// The position of the first `byte` at or after `start`, found with memchr.
  @inlinable public func firstIndex(of byte: UInt8, from start: Int = 0) -> Int? {
    precondition(start >= 0 && start <= storage.count, "ByteView index out of range")
    guard let base = storage.baseAddress, start < storage.count else { return nil }
    return memchr(base + start, Int32(byte), storage.count - start).map {
      base.distance(to: UnsafeRawPointer($0))
    }
  }

  /// The position of the last `byte`, found with memrchr.
  public func lastIndex(of byte: UInt8) -> Int? {
    guard let base = storage.baseAddress, storage.count > 0 else { return nil }
    return memrchr(base, Int32(byte), storage.count).map { base.distance(to: UnsafeRawPointer($0)) }
  }

  /// Where `needle` first occurs, found with memmem.
  public func firstRange(of needle: ByteView) -> Range<Int>? {
    guard let base = storage.baseAddress, let n = needle.storage.baseAddress else {
      return needle.isEmpty ? 0..<0 : nil
    }
    guard let hit = memmem(base, storage.count, n, needle.count) else { return nil }
    let at = base.distance(to: UnsafeRawPointer(hit))
    return at..<(at + needle.count)
  }

  /// Copies the bytes into `span` from `offset` on (a writer's buffer), so a copy out of a view
  /// needs no pointer on the writer's side; traps when they would pass the span's end.
  @inlinable public func copy(into span: inout MutableSpan<UInt8>, at offset: Int = 0) {
    precondition(offset >= 0 && storage.count <= span.count &- offset, "ByteView copy past the span's end")
    guard let from = storage.baseAddress, storage.count > 0 else { return }
    span.withUnsafeMutableBufferPointer { to in
      UnsafeMutableRawPointer(to.baseAddress! + offset).copyMemory(from: from, byteCount: storage.count)
    }
  }

  /// Whether the view begins with `prefix`'s bytes.
  @inlinable public func starts(with prefix: ByteView) -> Bool {
    guard prefix.count <= storage.count else { return false }
    guard prefix.count > 0 else { return true }
    return memcmp(storage.baseAddress!, prefix.storage.baseAddress!, prefix.count) == 0
  }

  /// Whether the view begins with `literal`'s UTF-8 bytes.
  @inlinable public func starts(with literal: StaticString) -> Bool {
    starts(with: ByteView(literal))
  }

  /// Whether `literal`'s bytes stand at `i`.
  @inlinable public func hasLiteral(_ literal: StaticString, at i: Int) -> Bool {
    guard i >= 0, i <= storage.count else { return false }
    return extracting(i...).starts(with: literal)
  }

  /// Whether `other` views the very same bytes (the same memory, not merely equal contents): a
  /// line a scanning thread already classified, met again by the framer.
  @inlinable public func isSameView(as other: ByteView) -> Bool {
    storage.baseAddress == other.storage.baseAddress && storage.count == other.storage.count
  }

  /// A view of a literal's bytes, which live as long as the program.
  @inlinable public init(_ literal: StaticString) {
    storage = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
  }
}

extension ByteView: Equatable {
  /// Equal bytes.
  @inlinable public static func == (a: ByteView, b: ByteView) -> Bool {
    a.count == b.count && a.starts(with: b)
  }
}

extension ByteView: Sequence {
  public struct Iterator: IteratorProtocol {
    @usableFromInline let view: ByteView
    @usableFromInline var i = 0
    @inlinable init(_ view: ByteView) { self.view = view }
    @inlinable public mutating func next() -> UInt8? {
      guard i < view.count else { return nil }
      defer { i += 1 }
      return view.storage.load(fromByteOffset: i, as: UInt8.self)
    }
  }

  @inlinable public func makeIterator() -> Iterator { Iterator(self) }
  @inlinable public var underestimatedCount: Int { count }
}

extension String {
  /// The view's bytes as UTF-8, invalid sequences replaced.
  @inlinable public init(decoding view: ByteView, as encoding: UTF8.Type) {
    self.init(decoding: view.storage, as: encoding)
  }
}

extension Array where Element == UInt8 {
  /// A copy of the view's bytes, to keep past the view's lifetime.
  @inlinable public init(copying view: ByteView) {
    self.init(view.storage)
  }

  /// Appends a copy of the view's bytes.
  @inlinable public mutating func append(contentsOf view: ByteView) {
    append(contentsOf: view.storage)
  }

  /// Calls `body` with a view of the array's bytes, valid during the call.
  @inlinable public func withByteView<R, E: Error>(_ body: (ByteView) throws(E) -> R) throws(E) -> R {
    try withUnsafeBufferPointer { (buffer) throws(E) -> R in
      try body(ByteView(storage: UnsafeRawBufferPointer(buffer)))
    }
  }
}

extension ArraySlice where Element == UInt8 {
  /// Calls `body` with a view of the slice's bytes, valid during the call.
  @inlinable public func withByteView<R, E: Error>(_ body: (ByteView) throws(E) -> R) throws(E) -> R {
    try withUnsafeBufferPointer { (buffer) throws(E) -> R in
      try body(ByteView(storage: UnsafeRawBufferPointer(buffer)))
    }
  }
}

extension String {
  /// Calls `body` with a view of the string's UTF-8 bytes, valid during the call.
  @inlinable public func withByteView<R>(_ body: (ByteView) throws -> R) rethrows -> R {
    var text = self
    return try text.withUTF8 { try body(ByteView(storage: UnsafeRawBufferPointer($0))) }
  }
}
