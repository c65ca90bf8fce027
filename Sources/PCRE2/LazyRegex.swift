import Synchronization

/// A pattern compiled on first use: a 200-line paste tries a handful of the catalog's patterns,
/// and JIT-compiling all of them at start-up would cost more than reading the paste.
/// Safe to share between threads: the first use compiles under the lock, later uses read under
/// it (a `Mutex`, so the lock has the stable address a pthread mutex needs and Swift does not
/// promise for a stored property).
public final class LazyRegex: Sendable {
  public let pattern: String
  private let compiled = Mutex<PCRE2Regex?>(nil)

  public init(_ pattern: String) {
    self.pattern = pattern
  }

  /// The compiled pattern. Patterns given here are constants of this program, so a pattern that
  /// does not compile is a programming error every test run catches.
  public var regex: PCRE2Regex {
    compiled.withLock { compiled in
      if let compiled { return compiled }
      let fresh = try! PCRE2Regex(pattern)
      compiled = fresh
      return fresh
    }
  }
}
