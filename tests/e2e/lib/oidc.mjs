// A real OpenID provider (node-oidc-provider) on 127.0.0.1, shaped like the seed guide's Keycloak
// realm: public client `mcp-client`, confidential client `mcp-server` allowed to do RFC 8693
// token exchange, cluster audience `openshift`. Access tokens are RS256 JWTs signed with the key
// the provider publishes at its jwks_uri, carrying `preferred_username` and `groups`.
//
//   const idp = await startIdp();
//   const alice = await idp.userToken('alice');           // via the token endpoint
//   idp.exchanges('alice');                               // how many exchanges alice's tokens needed
//   await idp.rotateKey();                                // new signing key, old one dropped
//   await idp.stop(); await idp.start();                  // outage on the same port
//
// Per-user tokens come from a test-only grant `urn:test:password` (username + password at the
// token endpoint, public client mcp-client): the provider's interactive login would need a browser.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import { SignJWT, createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, jwtVerify } from 'jose';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TEST_PASSWORD = 'urn:test:password';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const CLUSTER_AUDIENCE = 'openshift';
export const SERVER_CLIENT = 'mcp-server';

export const USERS = {
  alice: { sub: 'f3a1c2d4-alice', groups: ['dev-team'], password: 'alice-password' },
  bob: { sub: '9b8e7d6c-bob', groups: ['qa-team'], password: 'bob-password' },
};

async function newKey(kid) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const publicPem = await exportSPKI(publicKey);
  return { kid, privateKey, jwk, publicJwk, publicPem };
}

export async function startIdp({ serverSecret = 'mcp-server-secret', tokenLifetime = 300 } = {}) {
  const state = {
    key: await newKey('key-1'),
    generation: 1,
    exchanges: new Map(),
    handler: null,
    sockets: new Set(),
  };
  const server = http.createServer((req, res) => state.handler(req, res));
  server.on('connection', (s) => { state.sockets.add(s); s.on('close', () => state.sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const issuer = `http://127.0.0.1:${port}`;

  const sign = (claims, { key = state.key, header = {}, lifetime = tokenLifetime, now = Date.now() / 1000 } = {}) => {
    const iat = Math.floor(now);
    return new SignJWT({ iat, exp: iat + lifetime, jti: crypto.randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })
      .sign(key.privateKey);
  };

  async function passwordGrant(ctx) {
    const { username, password, audience, scope } = ctx.oidc.params;
    const user = USERS[username];
    if (!user || user.password !== password) throw new errors.InvalidGrant('invalid user credentials');
    const granted = scope || 'openid mcp-server';
    const accessToken = await sign({
      iss: issuer, sub: user.sub, aud: audience || SERVER_CLIENT, azp: ctx.oidc.client.clientId,
      preferred_username: username, groups: user.groups, scope: granted,
    });
    ctx.body = { access_token: accessToken, token_type: 'Bearer', expires_in: tokenLifetime, scope: granted };
  }

  async function exchangeGrant(ctx) {
    const p = ctx.oidc.params;
    if (ctx.oidc.client.clientId !== SERVER_CLIENT) throw new errors.UnauthorizedClient('client may not exchange tokens');
    if (p.subject_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest('unsupported subject_token_type');
    if (p.audience !== CLUSTER_AUDIENCE) throw new errors.InvalidTarget('audience not allowed for this client');
    let subject;
    try {
      ({ payload: subject } = await jwtVerify(p.subject_token, createLocalJWKSet({ keys: [state.key.publicJwk] }),
        { issuer, audience: SERVER_CLIENT }));
    } catch (e) {
      throw new errors.InvalidGrant(`subject token refused (${e.code ?? 'invalid'})`);
    }
    const who = subject.preferred_username;
    state.exchanges.set(who, (state.exchanges.get(who) ?? 0) + 1);
    const accessToken = await sign({
      iss: issuer, sub: subject.sub, aud: CLUSTER_AUDIENCE, azp: SERVER_CLIENT,
      preferred_username: who, groups: subject.groups, scope: p.scope || '',
    });
    ctx.body = { access_token: accessToken, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer',
      expires_in: tokenLifetime };
  }

  // The provider's configuration is fixed at construction, so a key rotation builds a new one
  // behind the same listener (as a real IdP would roll its JWKS without moving).
  function build() {
    const provider = new Provider(issuer, {
      clients: [
        { client_id: 'mcp-client', token_endpoint_auth_method: 'none', grant_types: [TEST_PASSWORD],
          response_types: [], redirect_uris: [] },
        { client_id: SERVER_CLIENT, client_secret: serverSecret, token_endpoint_auth_method: 'client_secret_post',
          grant_types: [TOKEN_EXCHANGE], response_types: [], redirect_uris: [] },
      ],
      jwks: { keys: [state.key.jwk] },
      features: { devInteractions: { enabled: false } },
      scopes: ['openid', 'mcp-server', 'mcp:openshift', 'groups'],
    });
    provider.registerGrantType(TEST_PASSWORD, passwordGrant, ['username', 'password', 'audience', 'scope']);
    provider.registerGrantType(TOKEN_EXCHANGE, exchangeGrant,
      ['subject_token', 'subject_token_type', 'audience', 'scope', 'requested_token_type']);
    provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
    state.handler = provider.callback();
  }
  build();

  async function post(form) {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  return {
    issuer,
    port,
    serverSecret,
    get kid() { return state.key.kid; },
    get publicPem() { return state.key.publicPem; },
    // A user access token for the MCP server (aud mcp-server), from the provider's token endpoint.
    async userToken(username, { audience = SERVER_CLIENT, scope } = {}) {
      const form = { grant_type: TEST_PASSWORD, client_id: 'mcp-client', username,
        password: USERS[username].password, audience };
      if (scope) form.scope = scope;
      return (await post(form)).access_token;
    },
    // Signs arbitrary claims with the provider's current key (or `key`), for hostile-token tests.
    sign,
    // A key the provider never published (unknown kid / wrong key tests).
    foreignKey: () => newKey('not-published'),
    exchanges: (username) => state.exchanges.get(username) ?? 0,
    async rotateKey() {
      state.generation += 1;
      state.key = await newKey(`key-${state.generation}`);
      build();
    },
    async stop() {
      await new Promise((resolve) => {
        server.close(resolve);
        for (const s of state.sockets) s.destroy();
      });
    },
    async start() {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
      });
    },
  };
}
