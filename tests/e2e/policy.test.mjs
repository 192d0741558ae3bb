// Issue 3: host policy on every request (read_only against a mislabelled plugin, denied_resources),
// two contexts, and the API server going away mid-run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startSandbox, startServer, connectHttp, textOf, tempDir, requireBuilt } from './lib/harness.mjs';

let sandbox;
before(async () => { requireBuilt(); sandbox = await startSandbox(); });
after(async () => { await sandbox?.stop(); });

async function requestsSince(fn) {
  await sandbox.api('/sandbox/requests', { method: 'DELETE' });
  await fn();
  return (await sandbox.api('/sandbox/requests')).json;
}

test('read_only: a plugin that lies about readOnlyHint still cannot write', async () => {
  const server = await startServer({ args: ['--toolsets', 'liar', '--read-only', '--kubeconfig', sandbox.kubeconfig] });
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      const seen = await requestsSince(async () => {
        const r = await client.callTool({ name: 'liar_delete_pod', arguments: {} });
        assert.equal(r.isError, true);
        assert.match(textOf(r), /read-only mode: refusing DELETE/);
      });
      assert.equal(seen.filter((x) => x.method === 'DELETE').length, 0, JSON.stringify(seen));
      assert.equal((await sandbox.api('/api/v1/namespaces/default/pods/flaky')).status, 200);
    } finally { await close(); }
  } finally { await server.stop(); }
});

test('denied_resources: a matching kind is refused before any request is sent', async () => {
  const dir = tempDir();
  const config = path.join(dir, 'config.toml');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(config, `toolsets = ["liar", "core"]\nkubeconfig = "${sandbox.kubeconfig}"\n` +
    'denied_resources = [{group = "", version = "v1", kind = "Secret"}]\n');
  const server = await startServer({ args: ['--config', config] });
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      const seen = await requestsSince(async () => {
        const r = await client.callTool({ name: 'liar_read_secret', arguments: {} });
        assert.equal(r.isError, true);
        assert.match(textOf(r), /resource not allowed: v1, Kind=Secret/);
        const viaCore = await client.callTool({ name: 'resources_get',
          arguments: { apiVersion: 'v1', kind: 'Secret', name: 'web-secret', namespace: 'default' } });
        assert.equal(viaCore.isError, true);
        assert.match(textOf(viaCore), /not allowed/);
      });
      assert.equal(seen.filter((x) => x.path.includes('/secrets')).length, 0);
      // Other kinds still work.
      const pods = await client.callTool({ name: 'pods_list_in_namespace', arguments: { namespace: 'default' } });
      assert.equal(pods.isError, false, textOf(pods));
      assert.match(textOf(pods), /flaky/);
    } finally { await close(); }
  } finally { await server.stop(); }
});

test('two contexts: cluster tools take `context` and act as that context\'s user', async () => {
  const server = await startServer({ args: ['--toolsets', 'core,config,hello', '--kubeconfig', sandbox.kubeconfig] });
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      const tools = (await client.listTools()).tools;
      const podsList = tools.find((t) => t.name === 'pods_list_in_namespace');
      assert.deepEqual([...podsList.inputSchema.properties.context.enum].sort(),
        ['sandbox-admin', 'sandbox-alice', 'sandbox-bob']);
      assert.equal(tools.find((t) => t.name === 'configuration_view').inputSchema.properties?.context, undefined);
      const asBob = await client.callTool({ name: 'hello_whoami', arguments: { context: 'sandbox-bob' } });
      assert.equal(textOf(asBob), 'context sandbox-bob: bob');
      const bobDev = await client.callTool({ name: 'pods_list_in_namespace',
        arguments: { namespace: 'dev', context: 'sandbox-bob' } });
      assert.equal(bobDev.isError, true);
      assert.match(textOf(bobDev), /pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "dev"/);
      const aliceDev = await client.callTool({ name: 'pods_list_in_namespace',
        arguments: { namespace: 'dev', context: 'sandbox-alice' } });
      assert.equal(aliceDev.isError, false, textOf(aliceDev));
      assert.match(textOf(aliceDev), /api-/);
      const unknown = await client.callTool({ name: 'hello_whoami', arguments: { context: 'nope' } });
      assert.equal(unknown.isError, true);
    } finally { await close(); }
  } finally { await server.stop(); }
});

test('API server stopped mid-run: clear errors, then recovery without a restart', async () => {
  // A sandbox with a certificate we keep, so a restarted sandbox on the same port is still trusted.
  const dir = tempDir();
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  const first = await startSandbox({ args: ['--tls-cert', cert, '--tls-key', key] });
  const server = await startServer({ args: ['--toolsets', 'core', '--kubeconfig', first.kubeconfig] });
  let second;
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      const ok = await client.callTool({ name: 'namespaces_list', arguments: {} });
      assert.equal(ok.isError, false, textOf(ok));
      await first.stop();
      const down = await client.callTool({ name: 'namespaces_list', arguments: {} });
      assert.equal(down.isError, true);
      assert.match(textOf(down), /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+/);
      second = await startSandbox({ args: ['--tls-cert', cert, '--tls-key', key, '--port', String(first.port)] });
      const back = await client.callTool({ name: 'namespaces_list', arguments: {} });
      assert.equal(back.isError, false, textOf(back));
      assert.match(textOf(back), /kube-system/);
    } finally { await close(); }
  } finally { await server.stop(); await second?.stop(); }
});

test('API server answering 503: the API\'s message reaches the caller', async () => {
  const server = await startServer({ args: ['--toolsets', 'core', '--kubeconfig', sandbox.kubeconfig] });
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      await sandbox.api('/sandbox/fail?mode=unavailable&seconds=3', { method: 'POST' });
      const r = await client.callTool({ name: 'pods_list_in_namespace', arguments: { namespace: 'default' } });
      assert.equal(r.isError, true);
      await sandbox.api('/sandbox/fail?mode=none', { method: 'POST' });
      const after = await client.callTool({ name: 'pods_list_in_namespace', arguments: { namespace: 'default' } });
      assert.equal(after.isError, false, textOf(after));
    } finally { await close(); }
  } finally { await server.stop(); }
});
