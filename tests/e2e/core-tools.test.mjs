// End to end: kubernetes-mcp-server over stdio with the core and config plugins, against kube-sandbox.
// Every tool of both toolsets is called for real and its answer checked the way a user would read it.
//
//   KMCP_BUILD_DIR=build node --test tests/e2e/core-tools.test.mjs
//
// KMCP_SERVER, KMCP_SANDBOX and KMCP_PLUGIN_DIRS (colon-separated) override the build tree's
// binaries. Loopback only; the sandbox picks its own port.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as harness from './lib/harness.mjs';

const serverBin = process.env.KMCP_SERVER ?? harness.serverBin;
const sandboxBin = process.env.KMCP_SANDBOX ?? harness.sandboxBin;
const pluginDirs = (process.env.KMCP_PLUGIN_DIRS ?? harness.pluginDirs.join(':')).split(':').filter(Boolean);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(predicate, what, attempts = 200) {
  for (let i = 0; i < attempts; i++) {
    if (predicate()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A minimal MCP client over the server's stdio: one JSON-RPC message per line.
class StdioClient {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.stderr = '';
    child.stderr.on('data', (d) => { this.stderr += d; });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.trim()) return;
      const msg = JSON.parse(line);
      if (msg.id !== undefined && this.pending.has(msg.id)) {
        this.pending.get(msg.id)(msg);
        this.pending.delete(msg.id);
      }
    });
  }
  request(method, params = {}) {
    const id = this.nextId++;
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method}; stderr:\n${this.stderr}`)), 30000);
      this.pending.set(id, (msg) => { clearTimeout(timer); resolve(msg); });
    });
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    return reply;
  }
  notify(method, params = {}) {
    this.child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
  }
  async call(name, args = {}) {
    const msg = await this.request('tools/call', { name, arguments: args });
    assert.ok(msg.result, `tools/call ${name} failed: ${JSON.stringify(msg.error)}`);
    const text = (msg.result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    return { text, isError: Boolean(msg.result.isError), structured: msg.result.structuredContent };
  }
  async ok(name, args = {}) {
    const r = await this.call(name, args);
    assert.equal(r.isError, false, `${name} ${JSON.stringify(args)} returned an error:\n${r.text}`);
    return r.text;
  }
  async fails(name, args = {}) {
    const r = await this.call(name, args);
    assert.equal(r.isError, true, `${name} ${JSON.stringify(args)} should fail but answered:\n${r.text}`);
    return r.text;
  }
}

// A fresh sandbox and a server over stdio talking to it; `extraArgs` go to the server.
async function startStack(extraArgs = []) {
  const stack = { dir: mkdtempSync(join(tmpdir(), 'kmcp-core-e2e-')) };
  const kubeconfig = join(stack.dir, 'kubeconfig');
  const ready = join(stack.dir, 'port');
  stack.sandbox = spawn(sandboxBin, ['--port', '0', '--write-kubeconfig', kubeconfig, '--ready-file', ready],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitFor(() => existsSync(ready) && readFileSync(ready, 'utf8').trim() !== '', 'kube-sandbox');
  const args = ['--kubeconfig', kubeconfig, '--toolsets', 'core,config', ...extraArgs];
  for (const d of pluginDirs) args.push('--plugin-dir', d);
  stack.server = spawn(serverBin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  stack.client = new StdioClient(stack.server);
  const init = await stack.client.request('initialize', {
    protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'core-tools-e2e', version: '1' },
  });
  assert.ok(init.result, `initialize failed: ${JSON.stringify(init.error)}\n${stack.client.stderr}`);
  stack.client.notify('notifications/initialized');
  return stack;
}

function stopStack(stack) {
  stack?.server?.kill('SIGTERM');
  stack?.sandbox?.kill('SIGTERM');
  if (stack?.dir) rmSync(stack.dir, { recursive: true, force: true });
}

describe('core and config tools against kube-sandbox', () => {
  let stack, client;

  before(async () => {
    stack = await startStack();
    client = stack.client;
  });

  after(() => stopStack(stack));

  test('tools/list shows both toolsets with the reference annotations', async () => {
    const msg = await client.request('tools/list');
    const tools = Object.fromEntries(msg.result.tools.map((t) => [t.name, t]));
    for (const name of ['events_list', 'namespaces_list', 'nodes_log', 'nodes_stats_summary', 'nodes_top',
      'pods_delete', 'pods_exec', 'pods_get', 'pods_list', 'pods_list_in_namespace', 'pods_log', 'pods_run',
      'pods_top', 'projects_list', 'resources_create_or_update', 'resources_delete', 'resources_get',
      'resources_list', 'resources_scale', 'configuration_contexts_list', 'configuration_view']) {
      assert.ok(tools[name], `missing tool ${name}`);
    }
    assert.equal(tools.pods_delete.annotations.destructiveHint, true);
    assert.equal(tools.pods_list.annotations.readOnlyHint, true);
    assert.deepEqual(tools.resources_get.inputSchema.required, ['apiVersion', 'kind', 'name']);
    assert.deepEqual(tools.pods_exec.inputSchema.required, ['name', 'command']);
  });

  test('pods_list prints a kubectl table with APIVERSION and KIND', async () => {
    const text = await client.ok('pods_list');
    assert.match(text, /^NAMESPACE\s+APIVERSION\s+KIND\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/m);
    assert.match(text, /^default\s+v1\s+Pod\s+multi-container\s+/m);
  });

  test('list tools page with limit and continue', async () => {
    const first = await client.ok('pods_list_in_namespace', { namespace: 'default', limit: 2 });
    const token = first.match(/continue="([^"]+)"/)?.[1];
    assert.ok(token, `no continue token in:\n${first}`);
    const second = await client.ok('pods_list_in_namespace', { namespace: 'default', limit: 2, continue: token });
    assert.notEqual(second, first);
  });

  test('namespaces_list, events_list and projects_list', async () => {
    assert.match(await client.ok('namespaces_list'), /^v1\s+Namespace\s+kube-system\s+Active/m);
    const events = await client.ok('events_list', { namespace: 'default' });
    assert.match(events, /^# The following events \(YAML format\) were found:\n- InvolvedObject:\n {4}Kind: /);
    assert.match(await client.fails('projects_list'), /not OpenShift/);
  });

  test('pods_get and resources_get return YAML, Secrets redacted', async () => {
    const pod = await client.ok('pods_get', { name: 'multi-container' });
    assert.match(pod, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    assert.doesNotMatch(pod, /managedFields/);
    const secret = await client.ok('resources_get', { apiVersion: 'v1', kind: 'Secret', name: 'web-secret' });
    assert.match(secret, /password: <redacted>/);
    assert.doesNotMatch(secret, /czNjcjN0/);
  });

  test('pods_log picks the default container and filters', async () => {
    const all = await client.ok('pods_log', { name: 'multi-container', tail: 10 });
    assert.equal(all.trimEnd().split('\n').length, 10);
    const grep = await client.ok('pods_log', { name: 'multi-container', tail: 50, grep: '7' });
    for (const line of grep.trimEnd().split('\n')) assert.ok(line.includes('7'), line);
    assert.match(await client.fails('pods_log', { name: 'multi-container', regex: '(' }), /invalid argument regex/);
  });

  test('pods_exec runs a command and reports non-zero exits', async () => {
    assert.match(await client.ok('pods_exec', { name: 'multi-container', command: ['echo', 'hello'] }), /hello/);
    assert.match(await client.fails('pods_exec', { name: 'multi-container', command: ['sh', '-c', 'exit 3'] }),
      /exit code 3/);
    assert.match(await client.fails('pods_exec', { name: 'completed-task', command: ['ls'] }), /completed pod/);
  });

  test('pods_run, then pods_delete removes the pod and its Service', async () => {
    const run = await client.ok('pods_run', { name: 'e2e-run', image: 'nginx', port: 8080 });
    assert.match(run, /^# The following resources \(YAML\) have been created or updated successfully\n/);
    assert.match(run, /kind: Service/);
    assert.equal(await client.ok('pods_delete', { name: 'e2e-run' }), 'Pod deleted successfully');
    assert.match(await client.fails('resources_get', { apiVersion: 'v1', kind: 'Service', name: 'e2e-run' }),
      /not found/);
  });

  test('resources_create_or_update applies several documents; scale and delete', async () => {
    const manifest = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-cm\ndata:\n  enabled: "true"\nstatus: {}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: e2e-deploy\nspec:\n  replicas: 1\n  selector:\n' +
        '    matchLabels: {app: e2e}\n  template:\n    metadata:\n      labels: {app: e2e}\n    spec:\n' +
        '      containers:\n      - name: app\n        image: nginx',
    ].join('\n---\n');
    const applied = await client.ok('resources_create_or_update', { resource: manifest });
    assert.match(applied, /name: e2e-cm/);
    assert.match(applied, /name: e2e-deploy/);
    const scaled = await client.ok('resources_scale', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'e2e-deploy', scale: 3 });
    assert.match(scaled, /replicas: 3/);
    const list = await client.ok('resources_list', { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' });
    assert.match(list, /^default\s+apps\/v1\s+Deployment\s+e2e-deploy\s+/m);
    assert.equal(await client.ok('resources_delete', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'e2e-deploy' }),
      'Resource deleted successfully');
    assert.match(await client.fails('resources_get', { apiVersion: 'v1', kind: 'Nope', name: 'x' }), /Nope/);
  });

  test('metrics and node tools', async () => {
    assert.match(await client.ok('pods_top', { namespace: 'default' }), /^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.match(await client.ok('nodes_top'), /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)/);
    assert.ok((await client.ok('nodes_log', { name: 'sandbox-node-1', query: 'kubelet', tailLines: 5 })).length > 0);
    const summary = JSON.parse(await client.ok('nodes_stats_summary', { name: 'sandbox-node-1' }));
    assert.equal(summary.node.nodeName, 'sandbox-node-1');
  });

  test('config tools', async () => {
    const contexts = await client.call('configuration_contexts_list');
    assert.equal(contexts.isError, false);
    assert.match(contexts.text, /^\*sandbox-admin -> /m);
    assert.equal(contexts.structured?.defaultContext, 'sandbox-admin');
    const view = await client.ok('configuration_view');
    assert.match(view, /current-context: sandbox-admin/);
    assert.doesNotMatch(view, /admin-token/);
  });

  test('the cluster-health-check prompt names the tools to call', async () => {
    const msg = await client.request('prompts/get', { name: 'cluster-health-check', arguments: { namespace: 'dev', check_events: 'false' } });
    const text = msg.result.messages[0].content.text;
    assert.match(text, /pods_list_in_namespace/);
    assert.doesNotMatch(text, /events_list/);
  });
});


// The same list tools with list_output = yaml: the objects themselves, as kubectl get -o yaml
// prints items, without managedFields, Secret values redacted, and paging still announced.
describe('list tools with --list-output yaml', () => {
  let stack, client;

  before(async () => {
    stack = await startStack(['--list-output', 'yaml']);
    client = stack.client;
  });

  after(() => stopStack(stack));

  const items = (text) => text.split('\n').filter((l) => l.startsWith('- apiVersion: ')).length;

  test('pods_list and namespaces_list print a YAML list of objects', async () => {
    const pods = await client.ok('pods_list', { labelSelector: 'app=web' });
    assert.match(pods, /^- apiVersion: v1\n {2}kind: Pod\n {2}metadata:\n/);
    assert.equal(items(pods), 2);
    assert.match(pods, /^ {4}name: web-/m);
    assert.doesNotMatch(pods, /managedFields|NAMESPACE\s+APIVERSION/);
    const namespaces = await client.ok('namespaces_list');
    assert.match(namespaces, /^ {4}name: kube-system$/m);
    assert.match(namespaces, /^ {4}phase: Active$/m);
  });

  test('pods_list_in_namespace pages with limit and continue in YAML too', async () => {
    const seen = new Set();
    let token;
    for (let page = 0; page < 10; page++) {
      const text = await client.ok('pods_list_in_namespace',
        { namespace: 'default', limit: 2, ...(token ? { continue: token } : {}) });
      assert.ok(items(text) <= 2, text);
      for (const m of text.matchAll(/^ {4}name: (\S+)$/gm)) seen.add(m[1]);
      token = text.match(/continue="([^"]+)"/)?.[1];
      if (!token) break;
    }
    assert.equal(token, undefined, 'paging never ended');
    const all = await client.ok('pods_list_in_namespace', { namespace: 'default' });
    assert.equal(seen.size, items(all));
  });

  test('resources_list prints Deployments and redacts Secret values', async () => {
    const deployments = await client.ok('resources_list', { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' });
    assert.match(deployments, /^- apiVersion: apps\/v1\n {2}kind: Deployment\n/);
    assert.match(deployments, /^ {4}replicas: \d+$/m);
    const secrets = await client.ok('resources_list', { apiVersion: 'v1', kind: 'Secret', namespace: 'default' });
    assert.match(secrets, /^ {4}password: <redacted>$/m);
    assert.doesNotMatch(secrets, /czNjcjN0/);
  });
});
