// The official MCP conformance suite (@modelcontextprotocol/conformance) against our Streamable HTTP
// endpoint, once stateful and once --stateless. Every server scenario runs; the ones listed in
// conformance-expected-failures.json may fail (each with its reason), every other one must pass, and
// a listed one that starts passing (or fails for another reason than the listed one) fails the test,
// so the list stays honest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, realpathSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, startServer, tempDir, requireBuilt } from './lib/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The package's bin starts with `#!/usr/bin/env node`, which may be an older node than the one
// running the tests (the suite needs node 22's fs.globSync), so run its entry point with ours.
const conformanceCli = realpathSync(path.join(here, 'node_modules', '.bin', 'conformance'));
const expected = JSON.parse(readFileSync(path.join(here, 'conformance-expected-failures.json'), 'utf8'));
const expectedFailures = new Map(expected.expectedFailures.map((e) => [e.scenario, e]));
// Plain protocol behaviour that needs none of the suite's fixture tools, resources or prompts.
const mustPass = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection', 'logging-set-level',
  'prompts-list', 'server-sse-multiple-streams'];

function conformance(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [conformanceCli, ...args], { timeout: 240000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
}

async function serverScenarios() {
  const { code, stdout, stderr } = await conformance(['list', '--server']);
  assert.equal(code, 0, stderr);
  const names = [...stdout.matchAll(/^\s+- (\S+) \[/gm)].map((m) => m[1]);
  assert.ok(names.length > 0, `no scenarios listed:\n${stdout}`);
  return names;
}

// Runs every server scenario and returns Map(scenario → checks). The suite writes one directory per
// scenario, `server-<scenario>-<ISO timestamp with - for :>`, holding checks.json.
async function runSuite(url) {
  const outDir = tempDir('kmcp-conformance-');
  const run = await conformance(['server', '--url', `${url}/mcp`, '--suite', 'all', '-o', outDir]);
  const results = new Map();
  for (const entry of readdirSync(outDir)) {
    const m = entry.match(/^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/);
    const file = path.join(outDir, entry, 'checks.json');
    if (m && existsSync(file)) results.set(m[1], JSON.parse(readFileSync(file, 'utf8')));
  }
  return { results, log: run.stdout + run.stderr };
}

function describeFailures(checks) {
  return checks.filter((c) => c.status === 'FAILURE')
    .map((c) => `${c.id}: ${c.errorMessage ?? JSON.stringify(c.details ?? {})}`).join('\n');
}

let sandbox;
let scenarios;
before(async () => {
  requireBuilt();
  sandbox = await startSandbox();
  scenarios = await serverScenarios();
});
after(async () => { await sandbox?.stop(); });

test('expected-failures list is well formed', async () => {
  for (const { scenario, reason, failureMatches } of expected.expectedFailures) {
    assert.ok(scenarios.includes(scenario), `${scenario} is not a server scenario of this suite version`);
    assert.ok(typeof reason === 'string' && reason.length >= 20, `${scenario} needs a concrete reason`);
    assert.ok(typeof failureMatches === 'string' && failureMatches.length > 0, `${scenario} needs failureMatches`);
    assert.ok(!mustPass.includes(scenario), `${scenario} must pass and cannot be an expected failure`);
  }
  assert.equal(expectedFailures.size, expected.expectedFailures.length, 'a scenario is listed twice');
});

for (const mode of ['stateful', 'stateless']) {
  test(`conformance suite, Streamable HTTP ${mode}`, async (t) => {
    const server = await startServer({
      args: ['--toolsets', 'core,config', '--kubeconfig', sandbox.kubeconfig,
        ...(mode === 'stateless' ? ['--stateless'] : [])],
    });
    let suite;
    try { suite = await runSuite(server.url); } finally { await server.stop(); }

    for (const name of mustPass) assert.ok(scenarios.includes(name), `suite no longer has ${name}`);
    for (const scenario of scenarios) {
      await t.test(scenario, () => {
        const checks = suite.results.get(scenario);
        assert.ok(checks, `${scenario} produced no results:\n${suite.log.slice(-4000)}`);
        const failed = checks.some((c) => c.status === 'FAILURE');
        const known = expectedFailures.get(scenario);
        if (known) {
          assert.ok(failed, `${scenario} passes now: remove it from conformance-expected-failures.json `
            + `(listed because: ${known.reason})`);
          // Failing for another reason than the listed one (a crash, a timeout) is a real failure.
          assert.ok(describeFailures(checks).includes(known.failureMatches),
            `${scenario} failed, but not as listed (${known.failureMatches}):\n${describeFailures(checks)}`);
        } else {
          assert.ok(!failed, `${scenario} failed:\n${describeFailures(checks)}`);
        }
      });
    }
  });
}
