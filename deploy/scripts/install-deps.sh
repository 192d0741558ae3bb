#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build, run and test kubernetes-mcp-server.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail

packages=(
  g++ pkg-config cmake meson ninja-build
  libpoco-dev libssl-dev zlib1g-dev libtomlplusplus-dev nlohmann-json3-dev libyaml-cpp-dev libfmt-dev
  libcli11-dev libboost-dev libboost-filesystem-dev catch2
  openssl ca-certificates
)
if [ "${1:-}" = "--test" ]; then
  # Test and benchmark tools; node/npm only when the machine has none (the suite runs Node 22 from npm).
  packages+=(wrk)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
