// End to end: OAuth 2.1 resource server + RFC 8693 token exchange, the seed guide's Keycloak setup
// played by a real OpenID provider (lib/oidc.mjs) on loopback, kube-sandbox trusting that
// provider for the exchanged tokens (audience `openshift`), kubernetes-mcp-server in between.
//
//   cd tests/e2e && KMCP_BUILD_DIR=/work/main/build node_modules/.bin/node --test oauth.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { connectHttp, requireBuilt, startSandbox, startServer, textOf } from './lib/harness.mjs';
import { CLUSTER_AUDIENCE, SERVER_CLIENT, USERS, startIdp } from './lib/oidc.mjs';

// kube-sandbox serves a self-signed certificate on loopback; harness.api() reads /sandbox/requests.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHALLENGE = /^Bearer realm="Kubernetes MCP Server", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"/;

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'oauth-e2e', version: '1' } },
});

// A raw POST /mcp initialize, to look at status and headers of refusals.
async function rawInitialize(url, authorization) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${url}/mcp`, { method: 'POST', headers, body: INITIALIZE });
  return { status: res.status, challenge: res.headers.get('www-authenticate'), text: await res.text() };
}

async function callAs(url, token, name, args = {}) {
  const c = await connectHttp(url, { headers: { authorization: `Bearer ${token}` } });
  try {
    const r = await c.client.callTool({ name, arguments: args });
    return { text: textOf(r), isError: Boolean(r.isError) };
  } finally {
    await c.close();
  }
}

const getJson = async (url, headers = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, json: await res.json(), headers: res.headers };
};

describe('OAuth: per-user identities through token exchange', () => {
  let idp;
  let sandbox;
  let server;
  const tokens = {};

  before(async () => {
    requireBuilt();
    idp = await startIdp();
    sandbox = await startSandbox({
      args: ['--oidc-issuer-url', idp.issuer, '--oidc-audience', CLUSTER_AUDIENCE,
        '--oidc-username-claim', 'preferred_username', '--oidc-groups-claim', 'groups'],
    });
    server = await startServer({
      args: ['--kubeconfig', sandbox.kubeconfig, '--require-oauth', '--authorization-url', idp.issuer,
        '--oauth-audience', SERVER_CLIENT, '--oauth-scopes', 'openid,mcp-server',
        '--sts-client-id', SERVER_CLIENT, '--sts-client-secret', idp.serverSecret,
        '--sts-audience', CLUSTER_AUDIENCE, '--sts-scopes', 'mcp:openshift'],
    });
    tokens.alice = await idp.userToken('alice');
    tokens.bob = await idp.userToken('bob');
  });

  after(async () => {
    await server?.stop();
    await sandbox?.stop();
    await idp?.stop();
  });

  test('two users see different namespaces through the same server', async () => {
    const aliceDev = await callAs(server.url, tokens.alice, 'pods_list_in_namespace', { namespace: 'dev' });
    assert.equal(aliceDev.isError, false, aliceDev.text);
    assert.match(aliceDev.text, /api-/);
    const aliceQa = await callAs(server.url, tokens.alice, 'pods_list_in_namespace', { namespace: 'qa' });
    assert.equal(aliceQa.isError, true, aliceQa.text);
    assert.match(aliceQa.text,
      /pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "qa"/);

    const bobQa = await callAs(server.url, tokens.bob, 'pods_list_in_namespace', { namespace: 'qa' });
    assert.equal(bobQa.isError, false, bobQa.text);
    assert.match(bobQa.text, /tester-/);
    const bobDev = await callAs(server.url, tokens.bob, 'pods_list_in_namespace', { namespace: 'dev' });
    assert.equal(bobDev.isError, true, bobDev.text);
    assert.match(bobDev.text,
      /pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "dev"/);
    assert.match(server.output(), /identity mode: token exchange \(rfc8693, audience openshift\)/);
  });

  test('one token exchange per user serves many calls', async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal((await callAs(server.url, tokens.alice, 'pods_list_in_namespace', { namespace: 'dev' })).isError,
        false);
      assert.equal((await callAs(server.url, tokens.bob, 'pods_list_in_namespace', { namespace: 'qa' })).isError,
        false);
    }
    assert.equal(idp.exchanges('alice'), 1);
    assert.equal(idp.exchanges('bob'), 1);
  });

  test('the API server saw each user, never their MCP tokens', async () => {
    const log = (await sandbox.api('/sandbox/requests')).json;
    assert.ok(Array.isArray(log) && log.length > 0);
    const podLists = log.filter((r) => /^\/api\/v1\/namespaces\/(dev|qa)\/pods$/.test(r.path));
    assert.ok(podLists.length >= 10, `pod list requests: ${podLists.length}`);
    for (const r of podLists) {
      assert.ok(r.user === 'alice' || r.user === 'bob', `request by ${r.user}`);
      assert.deepEqual(r.groups.filter((g) => g !== 'system:authenticated'), USERS[r.user].groups);
    }
    const byUser = (u) => podLists.filter((r) => r.user === u);
    assert.ok(byUser('alice').some((r) => r.path.includes('/dev/') && r.status === 200));
    assert.ok(byUser('alice').some((r) => r.path.includes('/qa/') && r.status === 403));
    assert.ok(byUser('bob').some((r) => r.path.includes('/qa/') && r.status === 200));
    const original = new Set([sha256(tokens.alice), sha256(tokens.bob)]);
    for (const r of log) assert.ok(!original.has(r.authorizationSha256), `original token reached ${r.path}`);
    // One exchanged token per user: every request of a user carried the same cluster token.
    for (const u of ['alice', 'bob']) assert.equal(new Set(byUser(u).map((r) => r.authorizationSha256)).size, 1);
  });

  test('well-known documents for MCP clients', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const { status, json } = await getJson(server.url + path);
      assert.equal(status, 200);
      assert.equal(json.resource, path.endsWith('/mcp') ? `${server.url}/mcp` : server.url);
      assert.deepEqual(json.authorization_servers, [idp.issuer]);
      assert.deepEqual(json.scopes_supported, ['openid', 'mcp-server']);
      assert.deepEqual(json.bearer_methods_supported, ['header']);
    }
    const real = (await getJson(`${idp.issuer}/.well-known/openid-configuration`)).json;
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/mcp']) {
      const { status, json } = await getJson(server.url + path);
      assert.equal(status, 200, path);
      assert.equal(json.issuer, idp.issuer);
      assert.equal(json.token_endpoint, real.token_endpoint);
      assert.equal(json.jwks_uri, real.jwks_uri);
      assert.deepEqual(json.scopes_supported, ['openid', 'mcp-server']);
    }
    const preflight = await fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:6274', 'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:6274');
    assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);
  });

  test('a missing token gets the challenge without an error code', async () => {
    const r = await rawInitialize(server.url);
    assert.equal(r.status, 401);
    assert.match(r.challenge, CHALLENGE);
    assert.doesNotMatch(r.challenge, /error=/);
    assert.match(r.challenge, /scope="openid mcp-server"/);
  });

  test('a token without the required resource scope gets 403 insufficient_scope', async () => {
    const narrow = await idp.userToken('alice', { scope: 'openid' });
    const r = await rawInitialize(server.url, `Bearer ${narrow}`);
    assert.equal(r.status, 403, r.text);
    assert.match(r.challenge, CHALLENGE);
    assert.match(r.challenge, /error="insufficient_scope"/);
    assert.match(r.challenge, /scope="openid mcp-server"/);
  });

  test('key rotation: tokens signed with the new key work without a restart', async () => {
    await idp.rotateKey();
    const fresh = await idp.userToken('alice');
    // The server refreshes its JWKS on the unknown kid at once; kube-sandbox refetches its own at
    // most every 10 s, so the cluster side may refuse the new key for a while: poll, bounded.
    let r;
    for (let i = 0; i < 30; i++) {
      r = await callAs(server.url, fresh, 'pods_list_in_namespace', { namespace: 'dev' });
      if (!r.isError || !/Unauthorized/.test(r.text)) break;
      await sleep(500);
    }
    assert.equal(r.isError, false, r.text);
    assert.equal(idp.exchanges('alice'), 2); // a new subject token is a new exchange
    const stale = await rawInitialize(server.url, `Bearer ${tokens.alice}`);
    assert.equal(stale.status, 401);
    assert.match(stale.challenge, /error="invalid_token"/);
  });

  test('hostile tokens are refused with 401 and a challenge', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: idp.issuer, sub: USERS.alice.sub, aud: SERVER_CLIENT, preferred_username: 'alice',
      groups: USERS.alice.groups, scope: 'openid mcp-server' };
    const valid = await idp.sign(claims);
    const [h, p] = valid.split('.');
    const foreign = await idp.foreignKey();
    const hs256Header = b64url({ alg: 'HS256', typ: 'JWT', kid: idp.kid });
    const hs256Payload = b64url({ ...claims, iat: now, exp: now + 300 });
    const hs256 = `${hs256Header}.${hs256Payload}.${createHmac('sha256', idp.publicPem)
      .update(`${hs256Header}.${hs256Payload}`).digest('base64url')}`;
    const hostile = {
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`,
      'HS256 keyed with the public key': hs256,
      expired: await idp.sign(claims, { now: now - 3600 }),
      'not yet valid': await idp.sign({ ...claims, nbf: now + 3600 }),
      'wrong issuer': await idp.sign({ ...claims, iss: 'http://127.0.0.1:9/realms/evil' }),
      'wrong audience': await idp.sign({ ...claims, aud: 'some-other-client' }),
      'tampered payload': `${h}.${b64url({ ...JSON.parse(Buffer.from(p, 'base64url')), preferred_username: 'admin',
        groups: ['system:masters'] })}.${valid.split('.')[2]}`,
      'unknown kid': await idp.sign(claims, { key: foreign }),
      garbage: 'garbage',
      'three garbage segments': 'a.b.c',
    };
    assert.equal((await rawInitialize(server.url, `Bearer ${valid}`)).status, 200);
    for (const [what, token] of Object.entries(hostile)) {
      const r = await rawInitialize(server.url, `Bearer ${token}`);
      assert.equal(r.status, 401, `${what}: ${r.status} ${r.text}`);
      assert.match(r.challenge, CHALLENGE, what);
      assert.match(r.challenge, /error="invalid_token", error_description="[^"]+"/, what);
      if (token.length > 20) {
        const signature = token.split('.')[2] || token;
        for (const leak of [r.challenge, r.text]) assert.ok(!leak.includes(signature.slice(-20)), `${what} leaked`);
      }
    }
  });

  test('a failed exchange is a clear tool error and nothing falls back to the kubeconfig', async () => {
    const misconfigured = await startServer({
      args: ['--kubeconfig', sandbox.kubeconfig, '--require-oauth', '--authorization-url', idp.issuer,
        '--oauth-audience', SERVER_CLIENT, '--sts-client-id', SERVER_CLIENT, '--sts-client-secret', 'wrong-secret',
        '--sts-audience', CLUSTER_AUDIENCE, '--sts-scopes', 'mcp:openshift'],
    });
    try {
      const before = (await sandbox.api('/sandbox/requests')).json.length;
      const token = await idp.userToken('alice');
      const r = await callAs(misconfigured.url, token, 'pods_list_in_namespace', { namespace: 'dev' });
      assert.equal(r.isError, true, r.text);
      assert.match(r.text, /alice/);
      assert.match(r.text, /token exchange failed: invalid_client/);
      assert.ok(!r.text.includes(token.split('.')[2]));
      const after = (await sandbox.api('/sandbox/requests')).json.slice(before);
      assert.deepEqual(after.filter((x) => /\/pods$/.test(x.path)), [], 'a pod list reached the API server');
    } finally {
      await misconfigured.stop();
    }
  });

  test('the IdP down at server start: 503, then recovery without a restart', async () => {
    const idp2 = await startIdp();
    const token = await idp2.userToken('bob');
    await idp2.stop();
    const server2 = await startServer({
      args: ['--kubeconfig', sandbox.kubeconfig, '--require-oauth', '--authorization-url', idp2.issuer,
        '--oauth-audience', SERVER_CLIENT],
    });
    try {
      const down = await rawInitialize(server2.url, `Bearer ${token}`);
      assert.equal(down.status, 503, down.text);
      assert.equal(JSON.parse(down.text).error, 'temporarily_unavailable');
      assert.equal((await getJson(`${server2.url}/.well-known/oauth-authorization-server`)).status, 503);

      await idp2.start();
      let status = 0;
      for (let i = 0; i < 60 && status !== 200; i++) {
        status = (await rawInitialize(server2.url, `Bearer ${token}`)).status;
        if (status !== 200) await sleep(500);
      }
      assert.equal(status, 200);
      const c = await connectHttp(server2.url, { headers: { authorization: `Bearer ${token}` } });
      try {
        assert.ok((await c.client.listTools()).tools.length > 0);
      } finally {
        await c.close();
      }
    } finally {
      await server2.stop();
      await idp2.stop();
    }
  });
});
