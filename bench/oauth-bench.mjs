// On-demand OAuth benchmark (issue #4): tools/call pods_list_in_namespace through OAuth mode with
// RFC 8693 token exchange, our server side by side with the Go reference server configured the
// same way. Counts token exchanges per 1,000 calls at the IdP, throughput and latency with wrk,
// peak memory from /proc. Everything on 127.0.0.1; started by bench/oauth.sh, which sets up Node,
// wrk and the Go binary, but it runs on its own too:
//
//   tests/e2e/node_modules/.bin/node bench/oauth-bench.mjs
//
// Pieces: the IdP is tests/e2e/lib/oidc.mjs (a real oidc-provider shaped like the Keycloak realm:
// confidential client mcp-server may exchange user tokens for audience `openshift`, users alice and
// bob, an exchange counter per user); kube-sandbox trusts that IdP's tokens for audience `openshift`
// (RBAC: group dev-team may read namespace dev, qa-team namespace qa); wrk drives bench/
// mcp-post-oauth.lua, one wrk thread per user, alice listing pods in dev and bob in qa, and every
// answer without that user's pod names counts as bad.
//
// Each wrk run uses freshly minted user tokens, so nothing is cached from the previous run: a server
// that caches exchanges per user pays one exchange per user per run, one that exchanges per call pays
// one per call. /sandbox/requests shows who reached the API server and with how many distinct tokens.
//
// Environment: KMCP_BUILD_DIR (default <repo>/build), BENCH_DURATION (wrk run length, default 5s),
// BENCH_CONNS (default 1,8,64; 1 connection is alice alone, more are split between alice and bob),
// BENCH_OUT (default bench/RESULTS-oauth.md), BENCH_GO_BIN (the Go server 0.0.67 binary; default the
// cache bench/run.sh and bench/oauth.sh install into /tmp/kmcp-bench-go), BENCH_SKIP_GO=1, BENCH_JSON
// (also write the raw measurements there).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_AUDIENCE, SERVER_CLIENT, USERS, startIdp } from '../tests/e2e/lib/oidc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const build = path.resolve(process.env.KMCP_BUILD_DIR ?? path.join(repo, 'build'));
const serverBin = path.join(build, 'core', 'src', 'kubernetes-mcp-server');
const sandboxBin = path.join(build, 'tests', 'sandbox', 'kube-sandbox');
const pluginDir = path.join(build, 'plugins');
const duration = process.env.BENCH_DURATION ?? '5s';
const connsList = (process.env.BENCH_CONNS ?? '1,8,64').split(/[ ,]+/).filter(Boolean).map(Number);
const out = process.env.BENCH_OUT ?? path.join(here, 'RESULTS-oauth.md');
const goVersion = '0.0.67';
const goBin = process.env.BENCH_GO_BIN
  ?? '/tmp/kmcp-bench-go/node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64';
const skipGo = process.env.BENCH_SKIP_GO === '1';
const lua = path.join(here, 'mcp-post-oauth.lua');

// Which namespace each user may read (kube-sandbox's seed RBAC) and a string only a good answer has.
const WORKLOAD = {
  alice: { namespace: 'dev', marker: 'api-' },
  bob: { namespace: 'qa', marker: 'tester-' },
};
const SANDBOX_LOG_CAPACITY = 10000; // kube-sandbox keeps the most recent 10,000 request records

for (const f of [serverBin, sandboxBin, path.join(pluginDir, 'core', 'core.so')]) {
  if (!existsSync(f)) { console.error(`missing ${f}: build it first (ninja -C ${build})`); process.exit(1); }
}

const log = (msg) => process.stderr.write(`[oauth-bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// Processes and the scratch directory, all cleaned up on any exit.
const work = mkdtempSync(path.join(os.tmpdir(), 'kmcp-oauth-bench.'));
const children = new Set();
process.on('exit', () => {
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { log(`${sig}: stopping`); process.exit(130); });
// Hard bound on the whole run; normally a few minutes.
setTimeout(() => { log('time limit (20 min) reached: stopping'); process.exit(2); }, 20 * 60 * 1000).unref();

function startLogged(bin, args, { env = {}, logName }) {
  const logFile = path.join(work, logName);
  const fd = openSync(logFile, 'w');
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.logFile = logFile;
  return child;
}

async function waitForLog(child, pattern, timeoutMs = 20000) {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs;) {
    const text = existsSync(child.logFile) ? readFileSync(child.logFile, 'utf8') : '';
    const m = text.match(pattern);
    if (m) return m;
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode}):\n${text}`);
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${pattern} in ${child.logFile}:\n${readFileSync(child.logFile, 'utf8')}`);
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(text.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
  return { rss_kb: kb('VmRSS'), hwm_kb: kb('VmHWM'), anon_kb: kb('RssAnon') };
}

// ---- MCP over HTTP -----------------------------------------------------------------------------
const toolCall = (user, id = 1) => JSON.stringify({
  jsonrpc: '2.0', id, method: 'tools/call',
  params: { name: 'pods_list_in_namespace', arguments: { namespace: WORKLOAD[user].namespace } },
});
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'kmcp-oauth-bench', version: '1' } },
});

async function mcpPost(url, body, { token, session } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (session) headers['mcp-session-id'] = session;
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(15000) });
  return { status: res.status, session: res.headers.get('mcp-session-id'), text: await res.text() };
}

async function openSession(url, token) {
  const r = await mcpPost(url, INITIALIZE, { token });
  if (r.status !== 200 || !r.session) throw new Error(`initialize: ${r.status} ${r.text.slice(0, 200)}`);
  await mcpPost(url, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), { token, session: r.session });
  return r.session;
}

const good = (user, r) => r.status === 200 && r.text.includes(WORKLOAD[user].marker) && !r.text.includes('"isError":true');

// ---- kube-sandbox ------------------------------------------------------------------------------
let sandbox;
function sandboxApi(pathname, method = 'GET') {
  const ca = Buffer.from(readFileSync(sandbox.kubeconfig, 'utf8').match(/certificate-authority-data: (\S+)/)[1], 'base64');
  return new Promise((resolve, reject) => {
    const req = https.request(`https://127.0.0.1:${sandbox.port}${pathname}`,
      { method, ca, headers: { authorization: 'Bearer admin-token' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => { try { resolve(JSON.parse(text)); } catch (e) { reject(e); } });
      });
    req.on('error', reject);
    req.end();
  });
}

// Who reached the API server during a run, and with which tokens.
function analyseRequests(records, userTokens) {
  const original = new Set(Object.values(userTokens).map(sha256));
  const byUser = {};
  const paths = {};
  for (const r of records) {
    const key = `${r.method} ${r.path.replace(/\/namespaces\/[^/]+\//, '/namespaces/NS/')}`;
    paths[key] = (paths[key] ?? 0) + 1;
    const u = (byUser[r.user] ??= { requests: 0, tokens: new Set(), forbidden: 0 });
    u.requests += 1;
    u.tokens.add(r.authorizationSha256);
    if (r.status === 403) u.forbidden += 1;
  }
  return {
    records: records.length,
    truncated: records.length >= SANDBOX_LOG_CAPACITY,
    original_tokens_seen: records.filter((r) => original.has(r.authorizationSha256)).length,
    paths,
    users: Object.fromEntries(Object.entries(byUser).map(([k, v]) =>
      [k, { requests: v.requests, distinct_tokens: v.tokens.size, forbidden: v.forbidden }])),
  };
}

// ---- wrk ---------------------------------------------------------------------------------------
function runWrk(url, users, conns, usersFile) {
  const threads = users.length;
  const args = ['-t', String(threads), '-c', String(conns), '-d', duration, '--timeout', '5s', '-s', lua, url, '--', usersFile];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('exit', (code) => {
      children.delete(child);
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}): ${stderr}${stdout}`));
      else resolve(JSON.parse(line));
    });
  });
}

// ---- one server --------------------------------------------------------------------------------
const results = [];
const servers = [];

async function benchServer(def) {
  log(`${def.label}: starting`);
  const srv = await def.start();
  const entry = { label: def.label, kind: def.kind, mode: def.mode, runs: [], notes: [], logFile: srv.child.logFile };
  servers.push(entry);
  try {
    // Probe with throwaway tokens: both users get their own pods, and an exchange happened.
    const probeTokens = { alice: await idp.userToken('alice'), bob: await idp.userToken('bob') };
    const ex0 = { alice: idp.exchanges('alice'), bob: idp.exchanges('bob') };
    for (const user of ['alice', 'bob']) {
      const session = def.mode === 'stateful' ? await openSession(srv.url, probeTokens[user]) : undefined;
      const r = await mcpPost(srv.url, toolCall(user), { token: probeTokens[user], session });
      if (!good(user, r)) {
        entry.notes.push(`probe as ${user} failed: HTTP ${r.status} ${r.text.slice(0, 300)}`);
        log(`${def.label}: probe as ${user} failed: ${r.status} ${r.text.slice(0, 300)}`);
        return;
      }
    }
    entry.probe_exchanges = { alice: idp.exchanges('alice') - ex0.alice, bob: idp.exchanges('bob') - ex0.bob };
    await sleep(500);
    entry.idle = procStatus(srv.child.pid);

    for (const conns of connsList) {
      const users = conns === 1 ? ['alice'] : ['alice', 'bob'];
      const tokens = {};
      for (const u of users) tokens[u] = await idp.userToken(u);
      const before = Object.fromEntries(users.map((u) => [u, idp.exchanges(u)]));
      const sessions = {};
      if (def.mode === 'stateful') for (const u of users) sessions[u] = await openSession(srv.url, tokens[u]);
      const usersFile = path.join(work, 'users.tsv');
      writeFileSync(usersFile, users.map((u) => {
        const body = path.join(work, `call-${u}.json`);
        writeFileSync(body, toolCall(u));
        return [u, tokens[u], sessions[u] ?? '', body, WORKLOAD[u].marker].join('\t');
      }).join('\n') + '\n');
      await sandboxApi('/sandbox/requests', 'DELETE');
      log(`${def.label}: ${conns} connection(s) as ${users.join(' + ')}`);
      const cpu0 = process.cpuUsage();
      const w = await runWrk(srv.url, users, conns, usersFile);
      const cpu = process.cpuUsage(cpu0);
      const idpCpuS = (cpu.user + cpu.system) / 1e6;
      const exchanges = Object.fromEntries(users.map((u) => [u, idp.exchanges(u) - before[u]]));
      const api = analyseRequests(await sandboxApi('/sandbox/requests'), tokens);
      const mem = procStatus(srv.child.pid);
      entry.runs.push({ conns, users, wrk: w, exchanges, api, mem, idpCpuS });
      const exTotal = Object.values(exchanges).reduce((a, b) => a + b, 0);
      log(`${def.label}: ${w.rps.toFixed(0)} req/s, ${w.requests} calls, ${w.bad} bad, ${exTotal} exchange(s), HWM ${(mem.hwm_kb / 1024).toFixed(1)} MB`);
    }
    entry.end = procStatus(srv.child.pid);
  } finally {
    await stop(srv.child);
  }
}

// ---- the servers -------------------------------------------------------------------------------
let idp;
const oursArgs = () => ['--require-oauth', '--authorization-url', idp.issuer, '--oauth-audience', SERVER_CLIENT,
  '--oauth-scopes', 'openid,mcp-server', '--sts-client-id', SERVER_CLIENT, '--sts-client-secret', idp.serverSecret,
  '--sts-audience', CLUSTER_AUDIENCE, '--sts-scopes', 'mcp:openshift'];

function ours(mode) {
  return {
    label: `ours ${mode}`, kind: 'ours', mode,
    async start() {
      const child = startLogged(serverBin, ['--port', '0', '--bind-address', '127.0.0.1', '--plugin-dir', pluginDir,
        '--toolsets', 'core,config', '--kubeconfig', sandbox.kubeconfig, ...(mode === 'stateless' ? ['--stateless'] : []),
        ...oursArgs()], { logName: `ours-${mode}.log` });
      const m = await waitForLog(child, /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/);
      await waitForLog(child, /identity mode: token exchange/);
      return { child, url: `http://127.0.0.1:${m[1]}/mcp` };
    },
  };
}

// The Go server 0.0.67's spelling of the same configuration. It refuses the old top-level keys
// (sts_client_id, sts_client_secret, sts_audience, sts_scopes: "removed token exchange configuration
// keys ... -> token_exchange.*") and wants a strategy; the IdP authenticates mcp-server by
// client_secret_post. cluster_auth_mode = "passthrough" is its per-user mode (the other value,
// "kubeconfig", is refused together with require_oauth); with [token_exchange] set it exchanges the
// caller's token before passing it on.
const goToml = (secret) => `require_oauth = true
oauth_audience = "${SERVER_CLIENT}"
authorization_url = "${idp.issuer}"
oauth_scopes = ["openid", "mcp-server"]
cluster_auth_mode = "passthrough"
toolsets = ["core", "config"]

[token_exchange]
strategy = "rfc8693"
audience = "${CLUSTER_AUDIENCE}"
scopes = ["mcp:openshift"]

[token_exchange.client_auth]
method = "client_secret_post"
client_id = "${SERVER_CLIENT}"
client_secret = "${secret}"
`;

function go(label, mode, env = {}) {
  return {
    label, kind: 'go', mode, env,
    async start() {
      const config = path.join(work, 'go-config.toml');
      writeFileSync(config, goToml(idp.serverSecret));
      const port = await freePort();
      const child = startLogged(goBin, ['--port', String(port), '--bind-address', '127.0.0.1', '--kubeconfig',
        sandbox.kubeconfig, '--config', config, ...(mode === 'stateless' ? ['--stateless'] : [])],
      { env, logName: `go-${label.replace(/\W+/g, '-')}.log` });
      await waitForLog(child, /HTTP server starting/);
      for (let i = 0; i < 100; i++) {
        try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not yet */ }
        await sleep(50);
      }
      return { child, url: `http://127.0.0.1:${port}/mcp` };
    },
  };
}

// ---- main --------------------------------------------------------------------------------------
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const started = new Date();
// Long-lived tokens: nothing expires during the run, so every exchange counted is one a cache could
// have saved.
idp = await startIdp({ tokenLifetime: 3600 });
log(`IdP at ${idp.issuer}`);
{
  const kubeconfig = path.join(work, 'kubeconfig');
  const child = startLogged(sandboxBin, ['--port', '0', '--tls-self-signed', '--write-kubeconfig', kubeconfig,
    '--oidc-issuer-url', idp.issuer, '--oidc-audience', CLUSTER_AUDIENCE,
    '--oidc-username-claim', 'preferred_username', '--oidc-groups-claim', 'groups'], { logName: 'sandbox.log' });
  const m = await waitForLog(child, /listening on https:\/\/127\.0\.0\.1:(\d+)/);
  sandbox = { child, port: Number(m[1]), kubeconfig };
}

const haveGo = !skipGo && existsSync(goBin);
if (!skipGo && !haveGo) log(`Go server not found at ${goBin}: its rows stay empty`);
const defs = [ours('stateless'), ours('stateful')];
const lifted = { KUBE_CLIENT_QPS: '10000', KUBE_CLIENT_BURST: '20000' };
if (haveGo) {
  defs.push(go(`Go ${goVersion} stateless`, 'stateless'));
  defs.push(go(`Go ${goVersion} stateless, QPS/BURST lifted`, 'stateless', lifted));
  defs.push(go(`Go ${goVersion} stateful, QPS/BURST lifted`, 'stateful', lifted));
}
for (const def of defs) {
  try {
    await benchServer(def);
  } catch (e) {
    log(`${def.label}: ${e.message}`);
    (servers.find((s) => s.label === def.label) ?? (servers.push({ label: def.label, runs: [], notes: [] }), servers.at(-1)))
      .notes.push(e.message.split('\n')[0]);
  }
}
const goFirst = servers.find((s) => s.kind === 'go' && s.logFile);
const goLog = goFirst ? readFileSync(goFirst.logFile, 'utf8') : '';
await stop(sandbox.child);
await idp.stop();

// ---- report ------------------------------------------------------------------------------------
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const meta = {
  date: started.toISOString().slice(0, 16) + 'Z',
  commit: sh('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']),
  buildtype: (readFileSync(path.join(build, 'meson-info', 'intro-buildoptions.json'), 'utf8')
    .match(/"name": "buildtype", "value": "(\w+)"/) ?? [])[1] ?? 'unknown',
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  loadBefore,
  loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  wrk: sh('sh', ['-c', 'wrk -v 2>&1 | head -1 | cut -d" " -f1-2']),
  node: process.version,
  oidcProvider: JSON.parse(readFileSync(path.join(repo, 'tests', 'e2e', 'node_modules', 'oidc-provider', 'package.json'), 'utf8')).version,
};

// The Go rows' evidence that the exchange happened (IdP counter) and what reached the API server.
function goEvidence() {
  const goServers = servers.filter((x) => x.kind === 'go');
  const runs = goServers.flatMap((x) => x.runs);
  if (!runs.length) return 'no Go run completed.';
  const calls = runs.reduce((a, r) => a + r.wrk.requests, 0);
  const ex = runs.reduce((a, r) => a + sum(r.exchanges), 0);
  const probe = goServers.filter((x) => x.probe_exchanges).map((x) => sum(x.probe_exchanges));
  const seen = [...new Set(runs.flatMap((r) => Object.keys(r.api.users)))].sort();
  const orig = runs.reduce((a, r) => a + r.api.original_tokens_seen, 0);
  const untruncated = runs.filter((r) => !r.api.truncated);
  const tokenCalls = untruncated.map((r) => `${r.users.map((u) => r.api.users[u]?.distinct_tokens ?? 0).reduce((a, b) => a + b, 0)} `
    + `distinct cluster tokens for ${r.wrk.requests} calls`);
  return `the two probe calls (one per user) cost ${probe.join(', ')} exchange(s) per process; over all Go runs the IdP `
    + `counted ${ex} exchanges for ${calls} completed calls (${fmt((ex / Math.max(1, calls)) * 1000, 1)} per 1,000); the API `
    + `server saw the users ${seen.map((u) => `\`${u}\``).join(', ')} and ${orig} request(s) with a caller's own token`
    + `${tokenCalls.length ? `; runs whose request log did not overflow show ${tokenCalls.join(', ')}` : ''}.`;
}

const mb = (kb) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : '–');
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const lines = [];
const p = (s = '') => lines.push(s);

p('# OAuth benchmark: token exchange under load');
p();
p(`Generated by \`bench/oauth.sh\` on ${meta.date} at commit \`${meta.commit}\` (build type \`${meta.buildtype}\`). `
  + `Machine: ${meta.cpus} CPUs (${meta.cpuModel}), **shared with other jobs** (load average ${meta.loadBefore} before, `
  + `${meta.loadAfter} after): the IdP (oidc-provider ${meta.oidcProvider} on Node ${meta.node}), kube-sandbox, the MCP server `
  + `and wrk (${meta.wrk}) all share those cores, so absolute numbers are low and noisy; compare rows of the same run. `
  + `Each wrk run lasts ${duration}.`);
p();
p('Workload: `tools/call pods_list_in_namespace` over Streamable HTTP `POST /mcp`, every request with a bearer token '
  + 'from the IdP (audience `mcp-server`). The server verifies it, exchanges it (RFC 8693, client `mcp-server`, '
  + 'audience `openshift`, scope `mcp:openshift`) and lists pods on kube-sandbox as that user. With 1 connection '
  + 'alice calls alone (namespace `dev`); with more, wrk runs two threads, half the connections as alice and half as '
  + 'bob (namespace `qa`). An answer is good only if it is HTTP 200 and holds that user\'s pod names (`api-…` or '
  + '`tester-…`): a 401, a JSON-RPC error or a tool error ("forbidden") is bad. Every run starts with freshly '
  + 'minted user tokens (lifetime 1 h), so nothing is carried over from the previous run.');
p();
p('- **exchanges**: token-exchange grants the IdP performed during the run (its own counter per user), '
  + 'per 1,000 completed calls and in total against the number of users.');
p('- **API req/call**, **tokens/user**: from kube-sandbox\'s request log for the run (it keeps the last '
  + `${SANDBOX_LOG_CAPACITY.toLocaleString('en-US')} requests): requests the server made per tool call ("–" when the run made more `
  + 'than that, then the token counts are over the last 10,000 requests), and how many distinct bearer tokens each '
  + 'user\'s requests carried. **orig**: requests that carried a caller\'s own MCP token (must be 0).');
p('- **IdP CPU s**: CPU time the IdP (this Node process, idle otherwise while wrk runs) spent during the run, on the same '
  + 'cores as the servers: the cost of the exchanges a server asked for.');
p('- Exchanges can slightly exceed calls: calls still in flight when wrk stops were exchanged but are not counted as completed.');
p('- **peak RSS**: VmHWM of the server process after that run (runs of one process go 1 → 8 → 64 connections).');
p();
p('| server | conns | users | req/s | p50 ms | p99 ms | bad | sock | exchanges | per 1,000 calls | exchanges vs users | API req/call | tokens/user | orig | IdP CPU s | peak RSS MB |');
p('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|');
for (const s of servers) {
  if (!s.runs.length) { p(`| ${s.label} | – | – | – | – | – | – | – | – | – | ${s.notes.join('; ').replace(/\|/g, '\\|').slice(0, 200)} | | | | | |`); continue; }
  for (const r of s.runs) {
    const w = r.wrk;
    const ex = sum(r.exchanges);
    const apiPerCall = r.api.records / Math.max(1, w.requests);
    const tokensPerUser = r.users.map((u) => `${u} ${r.api.users[u]?.distinct_tokens ?? 0}`).join(', ')
      + (r.api.truncated ? ' (last 10k)' : '');
    p(`| ${s.label} | ${r.conns} | ${r.users.join(' + ')} | ${fmt(w.rps, 0)} | ${fmt(w.p50_ms)} | ${fmt(w.p99_ms)} | ${w.bad} | `
      + `${w.socket_errors + w.timeouts} | ${ex} | ${fmt((ex / Math.max(1, w.requests)) * 1000, 1)} | ${ex} for ${r.users.length} user${r.users.length > 1 ? 's' : ''} | `
      + `${r.api.truncated ? '–' : fmt(apiPerCall, 1)} | ${tokensPerUser} | ${r.api.original_tokens_seen} | ${fmt(r.idpCpuS, 1)} | ${mb(r.mem.hwm_kb)} |`);
  }
}
p();
p('## Memory (/proc/PID/status)');
p();
p('Idle: VmRSS half a second after the two probe calls. Peak: VmHWM after all of that process\'s runs. Anon: RssAnon at the end.');
p();
p('| server | idle RSS MB | peak RSS MB | RSS at end MB | anon at end MB |');
p('|---|---:|---:|---:|---:|');
for (const s of servers) {
  if (!s.end) continue;
  p(`| ${s.label} | ${mb(s.idle.rss_kb)} | ${mb(s.end.hwm_kb)} | ${mb(s.end.rss_kb)} | ${mb(s.end.anon_kb)} |`);
}
p();
p('## How each server was configured');
p();
p('Ours (flags; `--stateless` for the stateless rows):');
p();
p('```');
p(`kubernetes-mcp-server --port 0 --bind-address 127.0.0.1 --toolsets core,config --kubeconfig <sandbox kubeconfig> \\`);
p(`  --require-oauth --authorization-url <IdP issuer> --oauth-audience ${SERVER_CLIENT} --oauth-scopes openid,mcp-server \\`);
p(`  --sts-client-id ${SERVER_CLIENT} --sts-client-secret <secret> --sts-audience ${CLUSTER_AUDIENCE} --sts-scopes mcp:openshift`);
p('```');
p();
if (haveGo) {
  p(`Go ${goVersion} (npm \`kubernetes-mcp-server-linux-amd64\`), \`--port N --bind-address 127.0.0.1 --kubeconfig <sandbox kubeconfig> --config go.toml\` `
    + '(plus `--stateless`), and for the "lifted" rows `KUBE_CLIENT_QPS=10000 KUBE_CLIENT_BURST=20000` in its environment:');
  p();
  p('```toml');
  p(goToml('<secret>').trimEnd().replace(idp.issuer, '<IdP issuer>'));
  p('```');
  p();
  p(`${goVersion} refuses the older spelling (top-level \`sts_client_id\`, \`sts_client_secret\`, \`sts_audience\`, \`sts_scopes\`) `
    + 'at start-up with "removed token exchange configuration keys: sts_audience -> token_exchange.audience, sts_client_id -> '
    + 'token_exchange.client_auth.client_id, …" and needs `token_exchange.strategy` (entra-obo, keycloak-v1 or rfc8693). '
    + 'Whether its exchange really happened, from the IdP\'s counter and kube-sandbox\'s request log: '
    + `${goEvidence()}`);
  const firstGo = servers.find((x) => x.kind === 'go' && x.runs.length && !x.runs[0].api.truncated);
  if (firstGo) {
    const r = firstGo.runs[0];
    const perCall = Object.entries(r.api.paths).sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `\`${k}\` ${fmt(n / Math.max(1, r.wrk.requests), 2)}`);
    p();
    p(`What one Go tool call sent to the API server (${firstGo.label}, ${r.conns} connection, requests per call): ${perCall.join(', ')}.`);
  }
  const goWarn = goLog.split('\n').filter((l) => /WARN|error/i.test(l) && !/Permission denied|shutdown/i.test(l)).slice(0, 3);
  if (goWarn.length) {
    p();
    p('Its log (stateless run, first lines with WARN/error):');
    p();
    p('```');
    for (const l of goWarn) p(l.replace(/^\S+ \S+\s+\d+ /, '').slice(0, 240));
    p('```');
  }
  p();
}
for (const s of servers) for (const n of s.notes) p(`Note (${s.label}): ${n.slice(0, 400)}`);
const bads = servers.flatMap((s) => s.runs.flatMap((r) => r.wrk.threads.filter((t) => t.bad > 0)
  .map((t) => `${s.label}, ${r.conns} conns, ${t.user}: ${t.bad} bad, first: \`${t.sample.replace(/\s+/g, ' ').slice(0, 160)}\``)));
if (bads.length) {
  p();
  p('Bad answers (first one per user and run):');
  p();
  for (const b of bads) p(`- ${b}`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ meta, servers }, null, 1));
log(`wrote ${out}`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
