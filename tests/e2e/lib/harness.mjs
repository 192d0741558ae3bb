// Starts the real processes (kube-sandbox, kubernetes-mcp-server) on loopback ports chosen at run
// time and connects the official MCP TypeScript SDK client to them.
import { spawn } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const buildDir = path.resolve(process.env.KMCP_BUILD_DIR ?? path.join(repoRoot, 'build'));
export const serverBin = path.join(buildDir, 'core', 'src', 'kubernetes-mcp-server');
export const sandboxBin = path.join(buildDir, 'tests', 'sandbox', 'kube-sandbox');
// Built-in plugins live in build/plugins/<name>/<name>.so; test fixtures (hello, pure_c…) in tests/abi.
export const pluginDirs = [path.join(buildDir, 'plugins'), path.join(buildDir, 'tests', 'abi')];

export function tempDir(prefix = 'kmcp-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

const children = new Set();
process.on('exit', () => { for (const c of children) try { c.kill('SIGKILL'); } catch { /* gone */ } });

// Spawns a process and resolves once `readyPattern` appears on stdout or stderr.
function startProcess(bin, args, { readyPattern, env = {}, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(bin)} not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(readyPattern);
      if (m) { clearTimeout(timer); resolve({ child, match: m, output: () => output }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { onData(chunk); child.stderrText = (child.stderrText ?? '') + chunk; });
    child.on('exit', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${path.basename(bin)} exited with ${code}:\n${output}`));
    });
  });
}

async function stopProcess(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}

// kube-sandbox over HTTPS (self-signed, so the real kubectl sends tokens), with a kubeconfig whose
// contexts are sandbox-admin (current), sandbox-alice and sandbox-bob.
export async function startSandbox({ args = [] } = {}) {
  const dir = tempDir('kmcp-sandbox-');
  const kubeconfig = path.join(dir, 'kubeconfig');
  const { child } = await startProcess(sandboxBin,
    ['--port', '0', '--tls-self-signed', '--write-kubeconfig', kubeconfig, ...args],
    { readyPattern: /listening on (https?):\/\/127\.0\.0\.1:(\d+)/ });
  const port = Number(readFileSync(kubeconfig, 'utf8').match(/127\.0\.0\.1:(\d+)/)[1]);
  const url = `https://127.0.0.1:${port}`;
  return {
    child, port, url, kubeconfig, dir,
    // A kubeconfig holding only `context` (as the current context), for single-user servers.
    kubeconfigFor(context) {
      const file = path.join(dir, `kubeconfig-${context}`);
      writeFileSync(file, readFileSync(kubeconfig, 'utf8').replace(/current-context: .*/, `current-context: ${context}`));
      return file;
    },
    // Direct API access for assertions, trusting exactly the sandbox's own certificate.
    api(pathname, { method = 'GET', token = 'admin-token', body, contentType = 'application/json' } = {}) {
      const ca = Buffer.from(readFileSync(kubeconfig, 'utf8').match(/certificate-authority-data: (\S+)/)[1], 'base64');
      return new Promise((resolve, reject) => {
        const req = https.request(url + pathname, {
          method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => { text += d; });
          res.on('end', () => {
            let json; try { json = JSON.parse(text); } catch { json = undefined; }
            resolve({ status: res.statusCode, text, json });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    stop: () => stopProcess(child),
  };
}

// kubernetes-mcp-server over HTTP on a free port; `args` are extra command-line flags.
export async function startServer({ args = [], env = {} } = {}) {
  const pluginArgs = pluginDirs.flatMap((d) => ['--plugin-dir', d]);
  const { child, match, output } = await startProcess(serverBin,
    ['--port', '0', '--bind-address', '127.0.0.1', ...pluginArgs, ...args],
    { readyPattern: /listening on (https?):\/\/[^:]+:(\d+)\/mcp/, env: { NODE_TLS_REJECT_UNAUTHORIZED: '0', ...env } });
  const port = Number(match[2]);
  return { child, port, url: `http://127.0.0.1:${port}`, output, stop: () => stopProcess(child) };
}

export function serverArgsStdio(extra = []) {
  return [...pluginDirs.flatMap((d) => ['--plugin-dir', d]), ...extra];
}

export async function connectStdio(args) {
  const client = new Client({ name: 'kmcp-e2e', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: serverBin, args, stderr: 'pipe' });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

export async function connectHttp(url, { headers = {}, sse = false } = {}) {
  const client = new Client({ name: 'kmcp-e2e', version: '1.0.0' });
  const transport = sse
    ? new SSEClientTransport(new URL('/sse', url), { requestInit: { headers } })
    : new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

export function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

export function requireBuilt() {
  for (const f of [serverBin, sandboxBin]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: build first (meson setup build && ninja -C build)`);
  }
}
