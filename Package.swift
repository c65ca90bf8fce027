// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "iomem-audit",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "ByteInput", targets: ["ByteInput"]),
    .library(name: "ByteOutput", targets: ["ByteOutput"]),
    .library(name: "LineScan", targets: ["LineScan"]),
    .library(name: "JSONText", targets: ["JSONText"]),
    .library(name: "PCRE2", targets: ["PCRE2"]),
    .library(name: "IomemParse", targets: ["IomemParse"]),
    .library(name: "KdumpCheck", targets: ["KdumpCheck"]),
    .executable(name: "iomem-audit", targets: ["iomem-audit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"])]
    ),
    .systemLibrary(
      name: "CArchive",
      pkgConfig: "libarchive",
      providers: [.apt(["libarchive-dev"])]
    ),
    // libc's GNU extensions (memrchr, memmem) that Glibc's Swift module does not show.
    .systemLibrary(name: "CByteInput"),
    .target(name: "ByteInput", dependencies: ["CByteInput", "CArchive"], swiftSettings: strict),
    // The fast line scanner: newline finding, stamp layouts, printk framing, the candidate test;
    // the domain hands it a classifier.
    .target(name: "LineScan", dependencies: ["ByteInput"], swiftSettings: strict),
    // The PCRE2 wrapper (compiled patterns, JIT, match data): the only Swift that calls libpcre2.
    .target(name: "PCRE2", dependencies: ["CPCRE2", "ByteInput"], swiftSettings: strict),
    // Bytes out: the owned buffer every document is written into, handed to a sink in pieces.
    .target(name: "ByteOutput", dependencies: ["ByteInput"], swiftSettings: strict),
    // The one JSON encoder (and the small reader journal records need), over that buffer.
    .target(name: "JSONText", dependencies: ["ByteInput", "ByteOutput", "LineScan"], swiftSettings: strict),
    .target(
      name: "IomemParse", dependencies: ["PCRE2", "ByteInput", "LineScan", "JSONText"], swiftSettings: strict
    ),
    .target(
      name: "KdumpCheck", dependencies: ["ByteInput", "ByteOutput", "IomemParse", "JSONText"],
      swiftSettings: strict),
    .target(
      name: "FleetStore",
      dependencies: ["IomemParse", "KdumpCheck", "JSONText", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: strict),
    .executableTarget(
      name: "iomem-audit",
      dependencies: [
        "ByteInput", "ByteOutput", "IomemParse", "JSONText", "KdumpCheck", "FleetStore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    // A reproducible PRNG the property tests of every target share.
    .target(name: "SeededRandom", path: "Tests/SeededRandom", swiftSettings: strict),
    .testTarget(name: "ByteInputTests", dependencies: ["ByteInput", "SeededRandom"], swiftSettings: strict),
    .testTarget(name: "ByteOutputTests", dependencies: ["ByteOutput", "ByteInput"], swiftSettings: strict),
    .testTarget(name: "LineScanTests", dependencies: ["LineScan", "SeededRandom"], swiftSettings: strict),
    .testTarget(
      name: "JSONTextTests", dependencies: ["ByteOutput", "JSONText", "SeededRandom"], swiftSettings: strict),
    .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"], swiftSettings: strict),
    .testTarget(
      name: "IomemParseTests",
      dependencies: ["ByteInput", "ByteOutput", "LineScan", "JSONText", "IomemParse", "SeededRandom"],
      swiftSettings: strict),
    .testTarget(
      name: "FleetStoreTests",
      dependencies: [
        "FleetStore", "KdumpCheck", "IomemParse", .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: strict),
    .testTarget(
      name: "KdumpCheckTests",
      dependencies: ["ByteInput", "IomemParse", "JSONText", "KdumpCheck", "SeededRandom"],
      exclude: ["Golden"], swiftSettings: strict),
    .testTarget(
      name: "IomemAuditCLITests", dependencies: ["iomem-audit", "IomemParse", "JSONText"],
      exclude: ["Fixtures"],
      swiftSettings: strict),
  ]
)
