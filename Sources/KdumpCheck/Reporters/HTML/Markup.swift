/// The one escaping function for text and attribute values written into HTML, SVG or XML:
/// everything taken from a log or a dump is text, never markup.
enum Markup {
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0 text.
        if c.value < 0x20 && c != "\n" && c != "\t" || c.value == 0x7F {
          out += " "
        } else {
          out.unicodeScalars.append(c)
        }
      }
    }
    return out
  }
}

/// A small HTML/SVG writer that makes escaping a matter of construction: element and attribute
/// names, and the few trusted fragments (the style sheet), can only be string literals
/// (`StaticString`); every text and attribute value goes through `Markup.escape`.
public struct HTMLWriter {
  public private(set) var output = ""
  private var stack: [String] = []

  public init() {}

  /// `<tag a="v" …>`; closed by `end()`.
  public mutating func start(_ tag: StaticString, _ attributes: [(StaticString, String)] = []) {
    output += "<\(tag)"
    for pair in attributes { attribute(pair) }
    output += ">"
    stack.append("\(tag)")
  }

  public mutating func end() {
    output += "</\(stack.removeLast())>"
  }

  /// `<tag …>text</tag>`.
  public mutating func element(
    _ tag: StaticString, _ attributes: [(StaticString, String)] = [], _ text: String
  ) {
    start(tag, attributes)
    self.text(text)
    end()
  }

  /// `<tag …/>` (void HTML elements and empty SVG elements).
  public mutating func empty(_ tag: StaticString, _ attributes: [(StaticString, String)] = []) {
    output += "<\(tag)"
    for pair in attributes { attribute(pair) }
    output += tag.description == "meta" || tag.description == "br" ? ">" : "/>"
  }

  public mutating func text(_ s: String) { output += Markup.escape(s) }

  /// A captioned table of text cells: `<h2>caption</h2><table class=…>` with one heading row.
  public mutating func table(
    caption: String, class name: String, headings: [String], rows: [[String]]
  ) {
    element("h2", [], caption)
    start("table", [("class", name)])
    start("tr")
    for heading in headings { element("th", [], heading) }
    end()
    for row in rows {
      start("tr")
      for cell in row { element("td", [], cell) }
      end()
    }
    end()
  }

  /// A fragment written as it is: only literals of the program (the doctype, the style sheet).
  mutating func trusted(_ fragment: StaticString) { output += "\(fragment)" }

  private mutating func attribute(_ pair: (StaticString, String)) {
    output += " \(pair.0)=\"\(Markup.escape(pair.1))\""
  }
}
