/// Paths inside the repository, found from this file's location so tests run from any directory.
enum Repo {
  static let root: String = {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
  }()

  static func sample(_ relative: String) -> String { root + "/samples/" + relative }
}
