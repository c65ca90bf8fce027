import JSONText
import SeededRandom
import Testing

/// The writer places every comma, newline and indent itself; what it writes must be the layout
/// of the documents the commands print, and must read back as what was written.
@Suite struct JSONWriterTests {
  @Test func prettyLayoutOfADocument() {
    var w = JSONWriter(pretty: true)
    w.object { w in
      w.member("schema_version", 2)
      w.key("vms")
      w.array { w in
        w.object { w in
          w.member("id", "custA/vm1")
          w.member("proven", true)
          w.member("kernel", nil as String?)
          w.member("gaps", [String]())
          w.key("ranges")
          w.array { w in
            w.object { w in
              w.hexMember("start", 0xF800_0000)
              w.hexMember("end", 0xFBFF_FFFF)
            }
          }
        }
      }
      w.key("empty")
      w.object { _ in }
    }
    #expect(
      w.text == """
        {
          "schema_version": 2,
          "vms": [
            {
              "id": "custA/vm1",
              "proven": true,
              "kernel": null,
              "gaps": [],
              "ranges": [
                {
                  "start": "0xf8000000",
                  "end": "0xfbffffff"
                }
              ]
            }
          ],
          "empty": {}
        }
        """)
  }

  /// `events --format json`: each element on one line inside the pretty array; NDJSON: records
  /// one after another at the top, no separator between them.
  @Test func compactValuesInsideAPrettyDocumentAndAtTheTop() {
    var w = JSONWriter(pretty: true)
    w.beginObject()
    w.member("schema_version", 2)
    w.key("events")
    w.beginArray()
    for n in 0..<2 {
      w.compact { w in
        w.object { w in
          w.member("boot", n)
          w.member("time", 2.201233)
          w.member("flags", ["IORESOURCE_MEM"])
        }
      }
    }
    w.endArray()
    w.endObject()
    #expect(
      w.text == """
        {
          "schema_version": 2,
          "events": [
            {"boot":0,"time":2.201233,"flags":["IORESOURCE_MEM"]},
            {"boot":1,"time":2.201233,"flags":["IORESOURCE_MEM"]}
          ]
        }
        """)

    var records = JSONWriter(pretty: false)
    for n in 0..<3 {
      records.object { w in w.member("line", n) }
      records.bytes.append(0x0A)
    }
    #expect(records.text == "{\"line\":0}\n{\"line\":1}\n{\"line\":2}\n")
  }

  /// A key that is data is escaped like any string.
  @Test func keysThatAreDataAreEscaped() throws {
    var w = JSONWriter(pretty: false)
    w.object { w in
      w.key("at-risk")
      w.int(1)
      w.key("say \"hi\"\n")
      w.int(2)
    }
    #expect(w.text == #"{"at-risk":1,"say \"hi\"\n":2}"#)
    let parsed = try JSONParser.parse(w.text)
    #expect(parsed["say \"hi\"\n"]?.intValue == 2)
  }

  /// A part written apart at the depth it sits at (a fleet's VMs written on several cores) is
  /// the same text as the part written in place.
  @Test func partsWrittenApartAreThePartsWrittenInPlace() {
    func vm(_ n: Int, _ w: inout JSONWriter) {
      w.object { w in
        w.member("id", "vm\(n)")
        w.key("findings")
        w.array { w in for k in 0..<n { w.object { w in w.member("rule", "KD00\(k)") } } }
      }
    }
    var inPlace = JSONWriter(pretty: true)
    inPlace.object { w in
      w.key("vms")
      w.array { w in for n in 0..<3 { vm(n, &w) } }
    }
    let parts = (0..<3).map { n in
      var part = JSONWriter(pretty: true, depth: 2)
      vm(n, &part)
      return part.text
    }
    var joined = JSONWriter(pretty: true)
    joined.object { w in
      w.key("vms")
      w.array { w in for part in parts { w.written(part) } }
    }
    #expect(joined.text == inPlace.text)
  }

  /// Random trees, written pretty and compact, read back as themselves.
  @Test func randomDocumentsReadBack() throws {
    var rng = SplitMix64(seed: 31)
    func tree(_ depth: Int) -> JSONValue {
      switch rng.next() % (depth > 3 ? 4 : 6) {
      case 0: return .int(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 60))
      case 1:
        return .string(
          String(decoding: (0..<rng.next() % 12).map { _ in UInt8(rng.next() % 0x80) }, as: UTF8.self))
      case 2: return .bool(rng.next() % 2 == 0)
      case 3: return .null
      case 4: return .array((0..<rng.next() % 4).map { _ in tree(depth + 1) })
      default: return .object((0..<rng.next() % 4).map { k in ("k\(k)", tree(depth + 1)) })
      }
    }
    for _ in 0..<300 {
      let value = tree(0)
      for pretty in [false, true] {
        #expect(try JSONParser.parse(value.serialized(pretty: pretty)) == value)
      }
    }
  }
}
