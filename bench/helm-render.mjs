// Render time of a large chart: the webapp test chart plus a template that ranges over N items,
// each a ConfigMap, Service and Deployment built from the chart's helpers and toYaml. Each
// helm_install dry run goes through the server (MCP over Streamable HTTP) and renders everything.
//   tests/e2e/node_modules/.bin/node bench/helm-render.mjs [items=300] [runs=10]
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, startServer, connectHttp, tempDir, repoRoot, textOf } from '../tests/e2e/lib/harness.mjs';

const items = Number(process.argv[2] ?? 300);
const runs = Number(process.argv[3] ?? 10);
const dir = tempDir('kmcp-helm-bench-');
const chart = path.join(dir, 'big');
cpSync(path.join(repoRoot, 'tests', 'charts', 'webapp'), chart, { recursive: true });
writeFileSync(path.join(chart, 'templates', 'many.yaml'), `{{- range $i := until (int .Values.items) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "webapp.fullname" $ }}-cfg-{{ $i }}
  labels:
    {{- include "webapp.labels" $ | nindent 4 }}
data:
  index: {{ $i | quote }}
  values: |
    {{- toYaml $.Values.resources | nindent 4 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "webapp.fullname" $ }}-svc-{{ $i }}
  labels:
    {{- include "webapp.labels" $ | nindent 4 }}
spec:
  selector:
    {{- include "webapp.selectorLabels" $ | nindent 4 }}
  ports:
    - port: {{ add 8000 $i }}
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "webapp.fullname" $ }}-{{ $i }}
spec:
  replicas: {{ $.Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "webapp.selectorLabels" $ | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "webapp.selectorLabels" $ | nindent 8 }}
    spec:
      containers:
        - name: app-{{ $i }}
          image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag | default $.Chart.AppVersion }}"
          resources:
            {{- toYaml $.Values.resources | nindent 12 }}
{{- end }}
`);
const sandbox = await startSandbox();
const config = path.join(dir, 'config.toml');
writeFileSync(config, `toolsets = ["helm"]\nkubeconfig = "${sandbox.kubeconfig}"\naudit_log = "${path.join(dir, 'audit.log')}"\n` +
  `[toolset_configs.helm]\nchart_dirs = ["${dir}"]\n`);
const server = await startServer({ args: ['--config', config] });
const { client, close } = await connectHttp(server.url);
const times = [];
let bytes = 0;
for (let i = 0; i < runs + 1; i++) {
  const started = process.hrtime.bigint();
  const r = await client.callTool({ name: 'helm_install',
    arguments: { chart, name: 'bench', namespace: 'default', dry_run: true, values: { items } } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.isError) throw new Error(textOf(r));
  bytes = textOf(r).length;
  if (i > 0) times.push(ms); // the first run warms discovery and the chart cache
}
times.sort((a, b) => a - b);
const docs = 3 * items + 5;
console.log(`helm_install dry_run of a ${docs}-document chart (${(bytes / 1024).toFixed(0)} KiB of manifests): ` +
  `median ${times[Math.floor(times.length / 2)].toFixed(1)} ms, min ${times[0].toFixed(1)} ms over ${runs} runs`);
await close();
await server.stop();
await sandbox.stop();
