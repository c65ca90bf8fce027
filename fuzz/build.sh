#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) into fuzz/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swiftc >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
out=fuzz/out
mkdir -p "$out"
flags=(-O -sanitize=fuzzer,address -swift-version 6 -Xcc -fmodule-map-file=Sources/CPCRE2/module.modulemap -Xcc -fmodule-map-file=Sources/CArchive/module.modulemap -Xcc -fmodule-map-file=Sources/CByteInput/module.modulemap -I "$out" -L "$out")

swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name ByteInput \
  -emit-module-path "$out/ByteInput.swiftmodule" -o "$out/libByteInput.a" $(find Sources/ByteInput -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name ByteOutput \
  -emit-module-path "$out/ByteOutput.swiftmodule" -o "$out/libByteOutput.a" $(find Sources/ByteOutput -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name LineScan \
  -emit-module-path "$out/LineScan.swiftmodule" -o "$out/libLineScan.a" $(find Sources/LineScan -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name PCRE2 \
  -emit-module-path "$out/PCRE2.swiftmodule" -o "$out/libPCRE2.a" $(find Sources/PCRE2 -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name JSONText \
  -emit-module-path "$out/JSONText.swiftmodule" -o "$out/libJSONText.a" $(find Sources/JSONText -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name IomemParse \
  -emit-module-path "$out/IomemParse.swiftmodule" -o "$out/libIomemParse.a" $(find Sources/IomemParse -name '*.swift')
swiftc "${flags[@]}" -parse-as-library -emit-library -static -emit-module -module-name KdumpCheck \
  -emit-module-path "$out/KdumpCheck.swiftmodule" -o "$out/libKdumpCheck.a" $(find Sources/KdumpCheck -name '*.swift')

for target in iomem-reader log-reader check repair; do
  swiftc "${flags[@]}" -parse-as-library "fuzz/targets/$target.swift" -lKdumpCheck -lIomemParse -lPCRE2 -lJSONText -lLineScan -lByteOutput -lByteInput -lswiftDispatch -ldispatch -lBlocksRuntime -lswiftSynchronization -lpcre2-8 -larchive -o "$out/fuzz-$target"
done
echo "built: $(ls "$out"/fuzz-* | tr '\n' ' ')"
