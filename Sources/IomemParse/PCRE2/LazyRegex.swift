#if canImport(Glibc)
  import Glibc
#endif

/// A pattern compiled on first use: a 200-line paste tries a handful of the catalog's patterns,
/// and JIT-compiling all of them at start-up would cost more than reading the paste.
/// Safe to share between threads: the first use compiles under a lock, later uses read.
public final class LazyRegex: @unchecked Sendable {
  public let pattern: String
  private var compiled: PCRE2Regex?
  private var lock = pthread_mutex_t()

  public init(_ pattern: String) {
    self.pattern = pattern
    pthread_mutex_init(&lock, nil)
  }

  deinit { pthread_mutex_destroy(&lock) }

  /// The compiled pattern. Patterns given here are constants of this program, so a pattern that
  /// does not compile is a programming error every test run catches.
  public var regex: PCRE2Regex {
    pthread_mutex_lock(&lock)
    defer { pthread_mutex_unlock(&lock) }
    if let compiled { return compiled }
    let fresh = try! PCRE2Regex(pattern)
    compiled = fresh
    return fresh
  }
}
