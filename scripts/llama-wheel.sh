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
# usage: scripts/llama-wheel.sh PIP                 build if needed, install into PIP's environment
#        scripts/llama-wheel.sh PIP --print-key     print the options key
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
if [[ ${2:-} == --build-only ]]; then exit 0; fi
if [[ ${2:-} == --target ]]; then
  "$PIP" install -q --no-deps --upgrade --target "${3:?--target DIR}" "$DIR"/*.whl
  exit 0
fi
"$PIP" install -q --no-deps --force-reinstall "$DIR"/*.whl
printf '%s\n' "$KEY" >"$(dirname "$PIP")/../.llama-build-key"
