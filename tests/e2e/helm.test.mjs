// Issue 5: the helm toolset through the real server against the sandbox, as two users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, startServer, connectHttp, textOf, tempDir, requireBuilt, repoRoot } from './lib/harness.mjs';

const charts = path.join(repoRoot, 'tests', 'charts');
let sandbox, server, client, close;

before(async () => {
  requireBuilt();
  sandbox = await startSandbox();
  const config = path.join(tempDir(), 'config.toml');
  writeFileSync(config, `toolsets = ["helm"]\nkubeconfig = "${sandbox.kubeconfig}"\n` +
    `[toolset_configs.helm]\nchart_dirs = ["${charts}"]\n`);
  server = await startServer({ args: ['--config', config] });
  ({ client, close } = await connectHttp(server.url));
});
after(async () => { await close?.(); await server?.stop(); await sandbox?.stop(); });

const helm = async (name, args) => client.callTool({ name, arguments: args });
const releaseSecrets = async (ns) =>
  (await sandbox.api(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm`)).json.items;

test('dry run prints exactly what helm template prints and stores nothing', async () => {
  const r = await helm('helm_install', { chart: path.join(charts, 'webapp'), name: 'demo', namespace: 'default',
    dry_run: true, context: 'sandbox-admin' });
  assert.equal(r.isError, false, textOf(r));
  const golden = readFileSync(path.join(charts, 'golden', 'webapp-default.yaml'), 'utf8');
  assert.equal(textOf(r), golden);
  assert.equal(r.structuredContent.manifest.length > 0, true);
  assert.ok(Array.isArray(r.structuredContent.hooks));
  assert.equal(typeof r.structuredContent.notes, 'string');
  assert.equal((await releaseSecrets('default')).length, 0);
});

test('local charts outside chart_dirs are refused', async () => {
  const r = await helm('helm_install', { chart: '/etc', name: 'x', namespace: 'dev', context: 'sandbox-alice' });
  assert.equal(r.isError, true);
  assert.equal((await releaseSecrets('dev')).length, 0);
});

test('alice installs, upgrades, rolls back and uninstalls in dev; helm-format records are written', async () => {
  const ctx = { context: 'sandbox-alice' };
  const install = await helm('helm_install', { chart: path.join(charts, 'webapp'), name: 'web1', namespace: 'dev', ...ctx });
  assert.equal(install.isError, false, textOf(install));
  let secrets = await releaseSecrets('dev');
  assert.deepEqual(secrets.map((s) => s.metadata.name), ['sh.helm.release.v1.web1.v1']);
  assert.equal(secrets[0].type, 'helm.sh/release.v1');
  assert.equal(secrets[0].metadata.labels.status, 'deployed');
  assert.equal((await sandbox.api('/apis/apps/v1/namespaces/dev/deployments/web1-webapp')).status, 200);

  const up = await helm('helm_upgrade', { name: 'web1', chart: path.join(charts, 'webapp'), namespace: 'dev',
    values: { replicaCount: 3 }, ...ctx });
  assert.equal(up.isError, false, textOf(up));
  const deploy = (await sandbox.api('/apis/apps/v1/namespaces/dev/deployments/web1-webapp')).json;
  assert.equal(deploy.spec.replicas, 3);

  const back = await helm('helm_rollback', { name: 'web1', namespace: 'dev', ...ctx });
  assert.equal(back.isError, false, textOf(back));
  assert.equal((await sandbox.api('/apis/apps/v1/namespaces/dev/deployments/web1-webapp')).json.spec.replicas, 2);

  const history = await helm('helm_history', { name: 'web1', namespace: 'dev', ...ctx });
  assert.match(textOf(history), /superseded/);
  assert.match(textOf(history), /Rollback to 1/);
  const list = await helm('helm_list', { namespace: 'dev', ...ctx });
  assert.match(textOf(list), /web1/);
  secrets = await releaseSecrets('dev');
  assert.equal(secrets.length, 3);

  const gone = await helm('helm_uninstall', { name: 'web1', namespace: 'dev', ...ctx });
  assert.equal(gone.isError, false, textOf(gone));
  assert.equal((await sandbox.api('/apis/apps/v1/namespaces/dev/deployments/web1-webapp')).status, 404);
  assert.equal((await releaseSecrets('dev')).length, 0);
});

test('bob cannot install into qa: the API\'s reason, and nothing is created', async () => {
  const before = (await sandbox.api('/api/v1/namespaces/qa/secrets')).json.items.length;
  const r = await helm('helm_install', { chart: path.join(charts, 'webapp'), name: 'web2', namespace: 'qa',
    context: 'sandbox-bob' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /is forbidden: User "bob" cannot/);
  assert.equal((await sandbox.api('/api/v1/namespaces/qa/secrets')).json.items.length, before);
  assert.equal((await sandbox.api('/apis/apps/v1/namespaces/qa/deployments/web2-webapp')).status, 404);
});
