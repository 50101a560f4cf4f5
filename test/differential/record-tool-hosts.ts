// Re-records what the real glibc and musl answer on each tool host (run as root):
//   npx tsx test/differential/record-tool-hosts.ts
import { writeFileSync } from 'node:fs';
import { buildProbes, oracleAvailability, oracleEnvironment, runPlan } from './netns.js';
import { loadToolHosts, toolHostPlan } from './tool-hosts.js';

const a = oracleAvailability();
if (!a.ok) throw new Error(`cannot record: ${a.reason}`);
const probes = await buildProbes();
const environment = oracleEnvironment();
for (const { file, host } of loadToolHosts()) {
  const run = await runPlan(toolHostPlan(host), probes);
  writeFileSync(file, JSON.stringify({ ...host, observed: { environment, ...run } }, null, 2) + '\n');
  console.log(`${host.name}: glibc ${run.glibc.status} ${run.glibc.answers.length}, musl ${run.musl.status} ${run.musl.answers.length}`);
}
