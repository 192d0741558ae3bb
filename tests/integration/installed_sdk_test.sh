#!/usr/bin/env bash
# Installs the project into a scratch DESTDIR, builds the SDK's example plugin out of tree with
# nothing but the installed headers and pkg-config file, and checks that the INSTALLED server
# finds its own plugins with no configuration and loads the third-party one from --plugin-dir.
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

meson install -C "$build" --destdir "$work/root" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$build" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
root="$work/root$prefix"
pc=$(find "$root" -name kmcp-plugin.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: kmcp-plugin.pc not installed"; exit 1; }
test -x "$root/bin/kubernetes-mcp-server" || { echo "FAIL: binary not installed"; exit 1; }

cflags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root" --cflags kmcp-plugin)
mkdir -p "$work/plugins"
g++ -std=c++20 -shared -fPIC -fvisibility=hidden -Wl,-z,defs $cflags \
  "$src/sdk/examples/hello/hello.cpp" -o "$work/plugins/hello.so"
# Only kmcp_plugin_init is exported.
exports=$(nm -D --defined-only "$work/plugins/hello.so" | awk '$2=="T"{print $3}')
[ "$exports" = "kmcp_plugin_init" ] || { echo "FAIL: unexpected exports: $exports"; exit 1; }

out=$(printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
  '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
  '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello_greet","arguments":{"name":"installed"}}}' |
  "$root/bin/kubernetes-mcp-server" --plugin-dir "$work/plugins" --toolsets config,hello \
    --cluster-provider disabled 2>"$work/stderr")
for want in '"configuration_view"' '"hello_greet"' 'Hello, installed!'; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: missing $want in:"; echo "$out"; cat "$work/stderr"; exit 1; }
done
grep -q "loaded toolset config from $root" "$work/stderr" || { echo "FAIL: config not from the install"; cat "$work/stderr"; exit 1; }
echo "1 passed, 0 failed"
