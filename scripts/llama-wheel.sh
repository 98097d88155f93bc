#!/usr/bin/env bash
# Build and install llama-cpp-python portably, from a wheel cache keyed by its build options.
#
# Why: pip builds llama-cpp-python with -march=native by default. On an Intel Xeon that lists AMX, ggml then
# uses AMX tiles, which the virtual machines of this kind trap (SIGILL at the first matrix multiply); and pip's
# own wheel cache is keyed by the source distribution only, so a wheel built on one host (or with other
# CMAKE_ARGS) is silently reused on another. Here the baseline is x86-64-v3 (AVX2, FMA, F16C, BMI2: every
# AMD EPYC and Intel Xeon of this kind runs it), AMX and AVX-512 are off, and nothing the product does not use
# is built (no multimodal library; llama.cpp's tools, examples and tests are off when it is a subproject).
# The wheel lands in $ZHIFA_WHEEL_CACHE (default ~/.cache/zhifa/wheels) under a key made of the version,
# the options, the compiler and the architecture, and pip's cache is bypassed for this one package.
#
#
# Runtime dispatch: on a host whose CPU lists AVX-512 (Intel Xeon here), ggml's CPU library alone is also built
# from the same source for an AVX-512 level (F/CD/VL/DQ/BW, VBMI, VNNI — never AMX; about a third of the compile)
# and installed beside the portable one as llama_cpp/lib/cpu-avx512/libggml-cpu.so. The LLM's process loads it
# only when its CPU lists every one of those extensions (assistant/llm/cpu_variant.py): the portable build
# prompt-processes at about 0.65x of a native one on such a host, the variant matches native (bench/native.py).
# It is cached like the wheel, under its own options key.
#
# usage: scripts/llama-wheel.sh PIP                 build if needed, install into PIP's environment
#        scripts/llama-wheel.sh PIP --print-key     print the options key
#        scripts/llama-wheel.sh PIP --print-variant-key   the AVX-512 CPU library's key, "none" where not built
#        scripts/llama-wheel.sh PIP --build-only    build the wheel into the cache if it is not there; install nothing
#        scripts/llama-wheel.sh PIP --target DIR    build if needed, unpack into DIR (bench/native.py compares
#                                                   builds this way: ZHIFA_LLAMA_CMAKE_ARGS picks the options)
set -euo pipefail
PIP=${1:?usage: llama-wheel.sh PIP}
VERSION=0.3.36
ARCH=$(uname -m)
COMMON="-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_BACKEND_DL=OFF -DGGML_CPU_ALL_VARIANTS=OFF"
if [[ $ARCH == x86_64 ]]; then
  ISA="-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
else
  ISA="-DGGML_NATIVE=OFF"
fi
OPTIONS="${ZHIFA_LLAMA_CMAKE_ARGS:-$COMMON $ISA}"
VARIANT_ISA="-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX_VNNI=OFF -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
# found beside the portable libraries it is loaded with (llama_cpp/lib), whatever directory the build ran in
VARIANT_LINK='-DCMAKE_BUILD_WITH_INSTALL_RPATH=ON -DCMAKE_INSTALL_RPATH=$ORIGIN/..'
# the variant is built where it can be used: an x86-64 CPU listing every extension it is compiled with
VARIANT_FLAGS="avx2 fma f16c bmi2 avx512f avx512cd avx512vl avx512dq avx512bw avx512vbmi avx512_vnni"
want_variant() {
  [[ $ARCH == x86_64 && -z ${ZHIFA_LLAMA_CMAKE_ARGS:-} && ${ZHIFA_LLAMA_CPU:-auto} != portable ]] || return 1
  local flags f
  flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  for f in $VARIANT_FLAGS; do [[ $flags == *" $f "* ]] || return 1; done
}
KEY=$(printf '%s\n' "$VERSION" "$OPTIONS" "$(gcc -dumpfullversion 2>/dev/null || echo gcc?)" "$ARCH" | sha256sum | cut -c1-16)
if [[ ${2:-} == --print-key ]]; then echo "$KEY"; exit 0; fi
CACHE_ROOT=${ZHIFA_WHEEL_CACHE:-$HOME/.cache/zhifa/wheels}
DIR="$CACHE_ROOT/llama-cpp-python-$VERSION-$KEY"
if ! compgen -G "$DIR/*.whl" >/dev/null; then
  echo "编译 llama-cpp-python $VERSION（2 核约 5 分钟，只在选项变化时）/ building llama-cpp-python $VERSION, options key $KEY"
  rm -rf "$DIR.tmp" && mkdir -p "$DIR.tmp"
  CMAKE_ARGS="$OPTIONS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) FORCE_CMAKE=1 \
    "$PIP" wheel -q --no-cache-dir --no-deps --no-binary llama-cpp-python \
    "llama-cpp-python==$VERSION" -w "$DIR.tmp"
  printf '%s\n' "$OPTIONS" >"$DIR.tmp/BUILD-OPTIONS"
  rm -rf "$DIR" && mv "$DIR.tmp" "$DIR"
fi
VKEY=$(printf '%s\n' "$VERSION" "$COMMON $VARIANT_ISA $VARIANT_LINK" "$(gcc -dumpfullversion 2>/dev/null || echo gcc?)" "$ARCH" | sha256sum | cut -c1-16)
VDIR="$CACHE_ROOT/ggml-cpu-avx512-$VERSION-$VKEY"
if [[ ${2:-} == --print-variant-key ]]; then if want_variant; then echo "$VKEY"; else echo none; fi; exit 0; fi
if want_variant && [[ ! -f $VDIR/libggml-cpu.so ]]; then
  echo "编译 ggml CPU 库的 AVX-512 版本（约 2 分钟，只在选项变化时）/ building ggml's AVX-512 CPU library, key $VKEY"
  rm -rf "$VDIR.tmp" && mkdir -p "$VDIR.tmp/src"
  "$PIP" download -q --no-cache-dir --no-deps --no-binary :all: --no-build-isolation "llama-cpp-python==$VERSION" -d "$VDIR.tmp/src" 2>/dev/null \
    || "$PIP" download -q --no-cache-dir --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$VDIR.tmp/src"
  tar xzf "$VDIR.tmp/src"/llama_cpp_python-"$VERSION".tar.gz -C "$VDIR.tmp/src"
  # shellcheck disable=SC2086 # the options are words
  cmake -S "$VDIR.tmp/src/llama_cpp_python-$VERSION/vendor/llama.cpp" -B "$VDIR.tmp/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_COMMON=OFF $COMMON $VARIANT_ISA $VARIANT_LINK >"$VDIR.tmp/cmake.log" 2>&1
  cmake --build "$VDIR.tmp/build" --target ggml-cpu -j"$(nproc)" >>"$VDIR.tmp/cmake.log" 2>&1
  cp "$VDIR.tmp/build/bin/libggml-cpu.so" "$VDIR.tmp/"
  printf '%s\n' "$COMMON $VARIANT_ISA $VARIANT_LINK" >"$VDIR.tmp/BUILD-OPTIONS"
  rm -rf "$VDIR.tmp/src" "$VDIR.tmp/build"
  rm -rf "$VDIR" && mv "$VDIR.tmp" "$VDIR"
fi
install_variant() {  # DIR holding the installed llama_cpp package
  rm -rf "$1/llama_cpp/lib/cpu-avx512"
  if want_variant && [[ -f $VDIR/libggml-cpu.so ]]; then
    mkdir -p "$1/llama_cpp/lib/cpu-avx512"
    cp "$VDIR/libggml-cpu.so" "$VDIR/BUILD-OPTIONS" "$1/llama_cpp/lib/cpu-avx512/"
  fi
}
if [[ ${2:-} == --build-only ]]; then exit 0; fi
if [[ ${2:-} == --target ]]; then
  "$PIP" install -q --no-deps --upgrade --target "${3:?--target DIR}" "$DIR"/*.whl
  install_variant "$3"
  exit 0
fi
"$PIP" install -q --no-deps --force-reinstall "$DIR"/*.whl
install_variant "$("$(dirname "$PIP")"/python -c 'import importlib.util, os; print(os.path.dirname(os.path.dirname(importlib.util.find_spec("llama_cpp").origin)))')"
printf '%s\n' "$KEY" >"$(dirname "$PIP")/../.llama-build-key"
if want_variant; then printf '%s\n' "$VKEY" >"$(dirname "$PIP")/../.llama-variant-key"; else rm -f "$(dirname "$PIP")/../.llama-variant-key"; fi
