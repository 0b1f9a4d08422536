#!/bin/bash
# Fills DEST with what bench/gpu.sh needs on a GPU machine that has PyTorch but no Java, Maven or network (such as
# the lent machines of the device tool): a jlink'd Java 17 runtime, DJL's jars, this checkout's classes and the
# check's, and the DJL sources and JNI header that infra/gpu/build-djl-jni.sh compiles there. About 50 MB.
# Run here, in the project's root, where there are a JDK and Maven:
#   bash bench/gpu/kit.sh DEST DJL_SRC      (DJL_SRC: git clone -b v0.36.0 --depth 1 https://github.com/deepjavalibrary/djl)
# then on the GPU machine, from the project's root:  KIT=DEST bash bench/gpu.sh
set -euo pipefail
DEST=${1:?usage: bench/gpu/kit.sh DEST DJL_SRC}
DJL_SRC=${2:?usage: bench/gpu/kit.sh DEST DJL_SRC (a checkout of deepjavalibrary/djl at tag v0.36.0)}
NATIVE=engines/pytorch/pytorch-native/src/main/native
LIBRARY_JAVA=engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
for f in "$NATIVE" "$LIBRARY_JAVA" api/src/main/native/djl/utils.h; do
  [[ -e "$DJL_SRC/$f" ]] || { echo "kit.sh: $DJL_SRC has no $f: not a DJL v0.36.0 checkout" >&2; exit 1; }
done
# DJL names its version in gradle.properties (older tags) or gradle/libs.versions.toml (v0.36.0).
version=$(cat "$DJL_SRC/gradle.properties" "$DJL_SRC/gradle/libs.versions.toml" 2>/dev/null \
  | grep -oE '^djl_version=[0-9.]+|^djl = "[0-9.]+"' | head -1 | grep -oE "[0-9]+\.[0-9]+\.[0-9]+" || true)
[[ "$version" == 0.36.0 ]] || { echo "kit.sh: $DJL_SRC is DJL ${version:-of unknown version}, this project runs DJL 0.36.0: check out tag v0.36.0" >&2; exit 1; }
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DEST/classpath.txt" >/dev/null

rm -rf "$DEST/jre" "$DEST/lib" "$DEST/app" "$DEST/djl-src" "$DEST/jni"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.naming,java.xml,java.security.sasl \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$DEST/jre"
mkdir -p "$DEST/lib" "$DEST/app"
# DJL with its PyTorch engine (its own JNI is not used: the GPU machine's is built for its PyTorch) and what they
# and the check load; not Beam, Flink or Arrow, which the check does not touch.
tr ':' '\n' < "$DEST/classpath.txt" | grep -E "/(api-0\.36|pytorch-engine-|pytorch-jni-|jna-[0-9]|gson-|commons-compress-|commons-io-|commons-lang3-|slf4j-api-|slf4j-simple-)[^/]*\.jar$" \
  | xargs -I{} cp {} "$DEST/lib/"
(cd target/classes && jar cf "$DEST/app/fullspectrum-classes.jar" .)
(cd target/test-classes && jar cf "$DEST/app/gpu-check.jar" io/fullspectrum/bench/GpuCheck*.class \
  io/fullspectrum/bench/GpuSearch*.class io/fullspectrum/bench/StepProfile*.class \
  io/fullspectrum/nn/train/StepPhases*.class)

# DJL's JNI sources at v0.36.0 and the JNI header javac -h makes from PyTorchLibrary.java (no JDK over there).
mkdir -p "$DEST/djl-src/$(dirname "$NATIVE")" "$DEST/djl-src/$(dirname "$LIBRARY_JAVA")" "$DEST/djl-src/api/src/main/native" \
  "$DEST/jni/include"
cp -r "$DJL_SRC/$NATIVE" "$DEST/djl-src/$NATIVE"
cp "$DJL_SRC/$LIBRARY_JAVA" "$DEST/djl-src/$LIBRARY_JAVA"
cp -r "$DJL_SRC/api/src/main/native/djl" "$DEST/djl-src/api/src/main/native/"
mkdir -p "$DEST/djl-src/gradle"
cp "$DJL_SRC/gradle.properties" "$DEST/djl-src/" 2>/dev/null || true
cp "$DJL_SRC/gradle/libs.versions.toml" "$DEST/djl-src/gradle/" 2>/dev/null || true
tmp=$(mktemp -d)
javac -cp "$DEST/lib/*" -h "$DEST/jni/include" -d "$tmp" "$DJL_SRC/$LIBRARY_JAVA"
rm -rf "$tmp"
JDK=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
cp "$JDK/include/jni.h" "$JDK/include/linux/jni_md.h" "$DEST/jni/include/"
du -sh "$DEST"
