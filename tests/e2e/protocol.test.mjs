// Issue 2: the MCP protocol over stdio, Streamable HTTP and legacy SSE, driven by the official SDK.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox, startServer, connectStdio, connectHttp, serverArgsStdio, textOf, tempDir, requireBuilt }
  from './lib/harness.mjs';

let sandbox;
before(async () => { requireBuilt(); sandbox = await startSandbox(); });
after(async () => { await sandbox?.stop(); });

async function exercise(client, transportName) {
  const info = client.getServerVersion();
  assert.equal(info.name, 'kubernetes-mcp-server', transportName);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  assert.ok(names.includes('hello_greet'), `${transportName}: ${names}`);
  const greet = tools.find((t) => t.name === 'hello_greet');
  assert.equal(greet.annotations.readOnlyHint, true);

  const ok = await client.callTool({ name: 'hello_greet', arguments: { name: 'Ada' } });
  assert.equal(ok.isError, false);
  assert.equal(textOf(ok), 'Hello, Ada!');
  assert.deepEqual(ok.structuredContent, { greeting: 'Hello', name: 'Ada' });

  // A cluster tool: the plugin reaches the sandbox through the host as the kubeconfig's user.
  const who = await client.callTool({ name: 'hello_whoami', arguments: {} });
  assert.equal(who.isError, false, textOf(who));
  assert.match(textOf(who), /^context sandbox-admin: admin$/);

  const bad = await client.callTool({ name: 'hello_greet', arguments: { name: 7 } });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /argument 'name' must be string/);

  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }),
    (e) => e instanceof McpError && e.code === -32602 && /Unknown tool/.test(e.message));
  await client.ping();
}

test('stdio: initialize, list, call, errors', async () => {
  const { client, close } = await connectStdio(
    serverArgsStdio(['--toolsets', 'hello', '--kubeconfig', sandbox.kubeconfig]));
  try { await exercise(client, 'stdio'); } finally { await close(); }
});

test('Streamable HTTP: initialize, list, call, errors, session end', async () => {
  const server = await startServer({ args: ['--toolsets', 'hello', '--kubeconfig', sandbox.kubeconfig] });
  try {
    const { client, transport, close } = await connectHttp(server.url);
    await exercise(client, 'streamable-http');
    const sessionId = transport.sessionId;
    assert.match(sessionId, /^[0-9a-f]{64}$/);
    await transport.terminateSession();
    await close();
    // The ended session is gone: a request carrying its id gets 404.
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(res.status, 404);
  } finally { await server.stop(); }
});

test('legacy HTTP+SSE (/sse + /message): initialize, list, call, errors', async () => {
  const server = await startServer({ args: ['--toolsets', 'hello', '--kubeconfig', sandbox.kubeconfig] });
  try {
    const { client, close } = await connectHttp(server.url, { sse: true });
    try { await exercise(client, 'sse'); } finally { await close(); }
  } finally { await server.stop(); }
});

test('bad input over HTTP gets a clear error and changes nothing', async () => {
  const server = await startServer({ args: ['--toolsets', 'hello', '--cluster-provider', 'disabled'] });
  const post = (body, headers = {}) => fetch(`${server.url}/mcp`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
  });
  try {
    const parse = await post('{"jsonrpc":"2.0", nope');
    assert.equal(parse.status, 400);
    assert.equal((await parse.json()).error.code, -32700);

    const noSession = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    assert.equal(noSession.status, 400);

    const big = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(17 * 1024 * 1024) } }));
    assert.equal(big.status, 413);

    const evil = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }), { origin: 'http://evil.example' });
    assert.equal(evil.status, 403);

    const wrongType = await post('{}', { 'content-type': 'text/plain' });
    assert.equal(wrongType.status, 415);

    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
  } finally { await server.stop(); }
});

test('SIGHUP re-applies profiles and sends tools/list_changed', async () => {
  const dir = tempDir();
  const config = path.join(dir, 'config.toml');
  writeFileSync(config, 'toolsets = ["hello"]\ncluster_provider_strategy = "disabled"\n');
  const server = await startServer({ args: ['--config', config] });
  try {
    const { client, close } = await connectHttp(server.url);
    try {
      assert.ok((await client.listTools()).tools.some((t) => t.name === 'hello_greet'));
      const changed = new Promise((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, resolve));
      // Give the SDK time to open its standalone GET stream before the notification is sent.
      await new Promise((r) => setTimeout(r, 500));
      writeFileSync(config, 'toolsets = ["hello"]\ncluster_provider_strategy = "disabled"\ndisabled_tools = ["hello_greet"]\n');
      server.child.kill('SIGHUP');
      await changed;
      const names = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(!names.includes('hello_greet'), names.join(','));
      assert.ok(names.includes('hello_whoami'));
    } finally { await close(); }
  } finally { await server.stop(); }
});
