// The independent scenario generator: a pure function of (seed, index), written from
// docs/scenario.md alone.
import { format, host, randomIn } from './addr.js';
import { genHost } from './gen-host.js';
import { genRouting } from './gen-routing.js';
import { Rng } from './rng.js';

const FIXED = [
  '2001:db8:99::1', '192.0.2.77', '203.0.113.9', '8.8.8.8', '2606:4700::1111', 'fd00:99::1', 'fe80::99', '::1', '127.0.0.1',
  '127.0.0.53', 'ff05::1', 'ff02::1', '224.0.0.251', '169.254.7.7', 'fec0::1', '2002:c000:204::1', '2001:0:53aa::1',
  '::ffff:192.0.2.5', '64:ff9b::c000:201', '10.1.2.3', '100.64.1.1', '198.51.100.200', '::', '2001:db8::1',
  '::1', '::', 'ff05::1', 'ff0e::1', '127.0.0.1',
];
const GAI_CONF = [
  'precedence ::ffff:0:0/96 100\n',
  'label fd00::/8 9\nlabel 2001:db8::/32 9\n',
  'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 10\n',
  'scopev4 ::ffff:169.254.0.0/112 2\nscopev4 ::ffff:127.0.0.0/104 2\nscopev4 ::/0 14\n',
  'label ::1/128 0\nlabel ::/0 1\nlabel 2002::/16 2\nlabel ::/96 3\nlabel ::ffff:0:0/96 4\nlabel fc00::/7 5\nlabel 2001:0::/32 6\n',
];
const FLAGS = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME'];

export function independentScenario(seed: number, index: number): Record<string, unknown> {
  const rng = new Rng(seed, index);
  const h = genHost(rng);
  const routing = genRouting(rng, h);
  const hostJson: Record<string, unknown> = { ...h.json };
  if (routing.routes.length) hostJson.routes = routing.routes;
  if (routing.rules.length) hostJson.rules = routing.rules;
  if (routing.addrlabels.length) hostJson.addrlabels = routing.addrlabels;
  if (routing.rules.length && rng.chance(0.12)) {
    hostJson.defaultRules = false;
    // Sometimes keep some of the kernel's rules, listed as a capture writes them.
    if (rng.chance(0.5)) routing.rules.push({ priority: 0, table: 'local' }, ...(rng.chance(0.5) ? [{ priority: 32766, table: 'main' }] : []));
    // Without the kernel's rules a rule without priority would get 0 (fib_default_rule_pref),
    // the same as a kept one: give each its own.
    for (const r of routing.rules) if (r.priority === undefined) r.priority = rng.int(1, 32000);
  }
  // Records: own addresses, neighbours on connected prefixes, subnet-router anycasts, addresses
  // inside the routes' prefixes, and fixed ones of every kind of scope and label.
  const pool: string[] = [];
  for (const i of h.ifaces) for (const a of i.addrs) {
    pool.push(format(a.fam, a.value), format(a.fam, host(a.net, BigInt(rng.int(1, 9)))));
    if (a.fam === 6) pool.push(format(6, a.net.base));
  }
  for (const t of routing.targets) pool.push(format(t.fam, randomIn(t, () => rng.next())));
  const records: string[] = [];
  // Never []: without a DNS server musl's lookup of a missing name times out (EAI_AGAIN).
  for (let n = rng.int(1, 7); n > 0; n--) records.push(pool.length && rng.chance(0.6) ? rng.pick(pool) : rng.pick(FIXED));
  const query: Record<string, unknown> = { records };
  if (rng.chance(0.3)) query.name = rng.pick(['dual.example', 'svc.test']);
  const flags = FLAGS.filter(() => rng.chance(0.25));
  if (flags.length) query.flags = flags;
  if (rng.chance(0.35)) query.family = rng.pick(['AF_UNSPEC', 'AF_INET', 'AF_INET6']);
  if (routing.uid !== undefined) query.uid = routing.uid;
  const s: Record<string, unknown> = { name: `independent ${seed}/${index}`, host: hostJson, query };
  if (rng.chance(0.35)) s.gaiConf = rng.pick(GAI_CONF);
  return s;
}
