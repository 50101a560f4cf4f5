// Scenario documents shared by validate.test.ts and schema.test.ts (the schema must agree
// with the validator on every one of them, except the rules listed in schema.test.ts).

/** The docs/scenario.md example: a Docker container on a ULA bridge. */
export const docker = {
  name: 'docker ULA container',
  host: {
    interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
    routes: [
      { to: 'default', via: '172.17.0.1' },
      { to: 'default', via: 'fd00::1' },
    ],
  },
  query: { name: 'dual.example', records: ['2001:db8::10', '192.0.2.10'] },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export function mutate(fn: (d: Doc) => void, base: object = docker): Doc {
  const d = structuredClone(base) as Doc;
  fn(d);
  return d;
}

export interface Bad {
  name: string;
  doc: unknown;
  /** Exactly the paths reported, in order. */
  paths: string[];
  /** Matched against the hint of the first error. */
  hint?: RegExp;
  /** Matched against the message of the first error. */
  message?: RegExp;
}

export const bad: Bad[] = [
  // --- shape and unknown keys
  { name: 'not an object', doc: null, paths: ['$'] },
  { name: 'an array', doc: [docker], paths: ['$'] },
  { name: 'a string', doc: 'host', paths: ['$'] },
  { name: 'missing host and query', doc: {}, paths: ['$.host', '$.query'] },
  {
    name: 'misspelt addresses',
    doc: mutate((d) => {
      d.host.interfaces[0].adresses = d.host.interfaces[0].addresses;
      delete d.host.interfaces[0].addresses;
    }),
    paths: ['$.host.interfaces[0].adresses', '$.host.interfaces[0].addresses'],
    hint: /Did you mean "addresses"\?/,
    message: /unknown key "adresses"/,
  },
  { name: 'misspelt gaiConf', doc: mutate((d) => (d.gai_conf = null)), paths: ['$.gai_conf'], hint: /"gaiConf"/ },
  { name: 'misspelt useTempaddr (case)', doc: mutate((d) => (d.host.use_tempaddr = 2)), paths: ['$.host.use_tempaddr'], hint: /"useTempaddr"/ },
  { name: 'misspelt record key', doc: mutate((d) => (d.query.recrods = [])), paths: ['$.query.recrods'], hint: /"records"/ },
  { name: 'misspelt route via', doc: mutate((d) => (d.host.routes[0].gw = '172.17.0.1')), paths: ['$.host.routes[0].gw'], hint: /Known keys here: "to", "via"/ },
  { name: 'unknown key far from any known one', doc: mutate((d) => (d.comment = 'x')), paths: ['$.comment'], hint: /Known keys here/ },
  { name: 'odd key spelled in brackets', doc: mutate((d) => (d['bad key'] = 1)), paths: ['$["bad key"]'] },
  { name: 'misspelt address flag', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = { address: 'fd00::2/64', deprecate: true })), paths: ['$.host.interfaces[0].addresses[1].deprecate'], hint: /"deprecated"/ },
  { name: 'address object without address', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = { deprecated: true })), paths: ['$.host.interfaces[0].addresses[1].address'] },

  // --- types
  { name: 'interfaces not an array', doc: mutate((d) => (d.host.interfaces = {})), paths: ['$.host.interfaces'] },
  { name: 'routes not an array', doc: mutate((d) => (d.host.routes = 'default')), paths: ['$.host.routes'] },
  { name: 'ipv6 as a string', doc: mutate((d) => (d.host.ipv6 = 'false')), paths: ['$.host.ipv6'], hint: /without quotes/ },
  { name: 'up as a string', doc: mutate((d) => (d.host.interfaces[0].up = 'yes')), paths: ['$.host.interfaces[0].up'] },
  { name: 'address flag as a number', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = { address: 'fd00::2/64', temporary: 1 })), paths: ['$.host.interfaces[0].addresses[1].temporary'] },
  { name: 'address as a number', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = 42)), paths: ['$.host.interfaces[0].addresses[0]'] },
  { name: 'name as a number', doc: mutate((d) => (d.name = 5)), paths: ['$.name'] },
  { name: 'gaiConf as a number', doc: mutate((d) => (d.gaiConf = 42)), paths: ['$.gaiConf'] },
  { name: 'gaiConf as lines', doc: mutate((d) => (d.gaiConf = ['precedence ::ffff:0:0/96 100'])), paths: ['$.gaiConf'] },
  { name: 'records not an array', doc: mutate((d) => (d.query.records = '192.0.2.1')), paths: ['$.query.records'] },
  { name: 'interface not an object', doc: mutate((d) => (d.host.interfaces[0] = 'eth0')), paths: ['$.host.interfaces[0]'] },

  // --- addresses: glibc inet_pton, strictly
  { name: 'octal-looking 010.1.1.1', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = '010.1.1.1/8')), paths: ['$.host.interfaces[0].addresses[0]'], hint: /leading zeros/ },
  { name: 'inet_aton shorthand 127.1', doc: mutate((d) => (d.query.records[1] = '127.1')), paths: ['$.query.records[1]'], hint: /127\.0\.0\.1/ },
  { name: 'hex 0x7f.1', doc: mutate((d) => (d.query.records[0] = '0x7f.1')), paths: ['$.query.records[0]'], hint: /hex/ },
  { name: 'octet > 255', doc: mutate((d) => (d.query.records[0] = '192.0.2.256')), paths: ['$.query.records[0]'] },
  { name: 'zone index', doc: mutate((d) => (d.query.records[0] = 'fe80::1%eth0')), paths: ['$.query.records[0]'], hint: /Zone/ },
  { name: 'brackets', doc: mutate((d) => (d.query.records[0] = '[2001:db8::1]')), paths: ['$.query.records[0]'], hint: /brackets/ },
  { name: 'two ::', doc: mutate((d) => (d.query.records[0] = '2001::db8::1')), paths: ['$.query.records[0]'], hint: /only once/ },
  { name: 'five hex digits', doc: mutate((d) => (d.query.records[0] = '2001:db8::12345')), paths: ['$.query.records[0]'], hint: /4 hex digits/ },
  { name: ':: standing for no group', doc: mutate((d) => (d.query.records[0] = '1:2:3:4:5:6:7::8')), paths: ['$.query.records[0]'] },
  { name: 'whitespace', doc: mutate((d) => (d.query.records[0] = ' 192.0.2.1')), paths: ['$.query.records[0]'], hint: /whitespace/ },
  { name: 'a record with /len', doc: mutate((d) => (d.query.records[0] = '192.0.2.1/32')), paths: ['$.query.records[0]'] },
  { name: 'object address 0x7f.0.0.1', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = { address: '0x7f.0.0.1' })), paths: ['$.host.interfaces[0].addresses[0].address'] },
  { name: 'v4 prefix /33', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = '172.17.0.2/33')), paths: ['$.host.interfaces[0].addresses[0]'] },
  { name: 'v4 prefix /128', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = '172.17.0.2/128')), paths: ['$.host.interfaces[0].addresses[0]'] },
  { name: 'prefix with a leading zero', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = '172.17.0.2/016')), paths: ['$.host.interfaces[0].addresses[0]'], hint: /leading zeros/ },
  { name: 'prefix with a sign', doc: mutate((d) => (d.host.interfaces[0].addresses[0] = '172.17.0.2/+16')), paths: ['$.host.interfaces[0].addresses[0]'] },
  { name: 'negative prefix', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = 'fd00::2/-1')), paths: ['$.host.interfaces[0].addresses[1]'] },
  { name: 'empty prefix', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = 'fd00::2/')), paths: ['$.host.interfaces[0].addresses[1]'] },
  { name: 'two slashes', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = 'fd00::2/64/64')), paths: ['$.host.interfaces[0].addresses[1]'] },
  { name: 'route to 2001:db8::/129', doc: mutate((d) => (d.host.routes[0] = { to: '2001:db8::/129', dev: 'eth0' })), paths: ['$.host.routes[0].to'] },
  { name: 'route via with /len', doc: mutate((d) => (d.host.routes[0].via = '172.17.0.1/16')), paths: ['$.host.routes[0].via'] },

  // --- routes
  { name: 'route without to', doc: mutate((d) => delete d.host.routes[0].to), paths: ['$.host.routes[0].to'] },
  { name: 'route to Default', doc: mutate((d) => (d.host.routes[0].to = 'Default')), paths: ['$.host.routes[0].to'], hint: /lower case/ },
  { name: 'route to a host name', doc: mutate((d) => (d.host.routes[0].to = 'gateway')), paths: ['$.host.routes[0].to'] },
  { name: 'route type local with a gateway and no dev', doc: mutate((d) => (d.host.routes[0].type = 'local')), paths: ['$.host.routes[0].via', '$.host.routes[0].dev'], message: /local route has no gateway/ },
  { name: 'route type anycast (not modelled)', doc: mutate((d) => (d.host.routes[0].type = 'anycast')), paths: ['$.host.routes[0].type'], hint: /"unicast"/ },
  { name: 'route type misspelt', doc: mutate((d) => (d.host.routes[0].type = 'unreachabel')), paths: ['$.host.routes[0].type'], hint: /Did you mean "unreachable"/ },
  { name: 'metric -1', doc: mutate((d) => (d.host.routes[0].metric = -1)), paths: ['$.host.routes[0].metric'] },
  { name: 'metric 1.5', doc: mutate((d) => (d.host.routes[0].metric = 1.5)), paths: ['$.host.routes[0].metric'] },
  { name: 'metric 2^32', doc: mutate((d) => (d.host.routes[0].metric = 4294967296)), paths: ['$.host.routes[0].metric'] },
  { name: 'metric as a string', doc: mutate((d) => (d.host.routes[0].metric = '100')), paths: ['$.host.routes[0].metric'] },
  { name: 'dev not an interface', doc: mutate((d) => (d.host.routes[0].dev = 'eth1')), paths: ['$.host.routes[0].dev'], hint: /Did you mean "eth0"/ },
  { name: 'dev not an interface, nothing close', doc: mutate((d) => (d.host.routes[0].dev = 'wlp3s0')), paths: ['$.host.routes[0].dev'], hint: /Interfaces: "eth0", "lo"/ },
  { name: 'IPv4 via on an IPv6 prefix', doc: mutate((d) => (d.host.routes[0] = { to: '2001:db8::/32', via: '10.0.0.1' })), paths: ['$.host.routes[0].via'], message: /via is IPv4 but the route is IPv6/ },
  { name: 'IPv4 src on an IPv6 prefix', doc: mutate((d) => (d.host.routes[0] = { to: '2001:db8::/32', dev: 'eth0', src: '172.17.0.2' })), paths: ['$.host.routes[0].src'] },
  { name: 'IPv4 route with from', doc: mutate((d) => (d.host.routes[0] = { to: '10.1.1.1', dev: 'eth0', from: '10.0.0.0/8' })), paths: ['$.host.routes[0].from'], hint: /ip rule/ },
  { name: 'multipath with its own via', doc: mutate((d) => (d.host.routes[0] = { to: 'default', via: '172.17.0.1', nexthops: [{ via: '172.17.0.1' }, { dev: 'eth0', weight: 0 }] })), paths: ['$.host.routes[0].via', '$.host.routes[0].nexthops[1].weight'] },
  { name: 'rule with a backward goto', doc: mutate((d) => (d.host.rules = [{ priority: 100, goto: 50 }])), paths: ['$.host.rules[0].goto'], hint: /backward/ },
  { name: 'rule of mixed families', doc: mutate((d) => (d.host.rules = [{ family: 6, from: '10.0.0.0/8', table: 100 }])), paths: ['$.host.rules[0].from'] },
  { name: 'rule table 0 and a bad fwmark', doc: mutate((d) => (d.host.rules = [{ table: 0, fwmark: '0xca6c/xyz' }])), paths: ['$.host.rules[0].fwmark', '$.host.rules[0].table'] },
  { name: 'addrlabel for IPv4', doc: mutate((d) => (d.host.addrlabels = [{ prefix: '10.0.0.0/8', label: 99 }])), paths: ['$.host.addrlabels[0].prefix'] },
  { name: 'an address listed twice on one interface', doc: mutate((d) => d.host.interfaces[0].addresses.push('172.17.0.2/16')), paths: ['$.host.interfaces[0].addresses[2]'], hint: /EEXIST/ },
  { name: 'same IPv4 subnet with another scope', doc: mutate((d) => d.host.interfaces[0].addresses.push({ address: '172.17.0.9/16', scope: 'link' })), paths: ['$.host.interfaces[0].addresses[2]'], hint: /EINVAL/ },
  { name: 'IPv6 multipath with two equal hops', doc: mutate((d) => (d.host.routes[1] = { to: 'default', nexthops: [{ via: 'fe80::1', dev: 'eth0' }, { via: 'fe80::1', dev: 'eth0' }] })), paths: ['$.host.routes[1].nexthops[1]'], hint: /EEXIST/ },
  { name: 'IPv6 address on an interface with disableIpv6', doc: mutate((d) => (d.host.interfaces[0].disableIpv6 = true)), paths: ['$.host.interfaces[0].addresses[1]'], message: /disableIpv6/ },
  { name: 'default with via and src of different families', doc: mutate((d) => (d.host.routes[0].src = 'fd00::2')), paths: ['$.host.routes[0].src'], hint: /one per family/ },
  { name: 'unreachable with via', doc: mutate((d) => (d.host.routes[0].type = 'unreachable')), paths: ['$.host.routes[0].via'], hint: /remove "via"/ },
  {
    name: 'blackhole with dev and src',
    doc: mutate((d) => (d.host.routes[0] = { to: '10.0.0.0/8', type: 'blackhole', dev: 'eth0', src: '172.17.0.2' })),
    paths: ['$.host.routes[0].dev', '$.host.routes[0].src'],
  },
  { name: 'prohibit with via', doc: mutate((d) => (d.host.routes[1] = { to: '2001:db8::/32', type: 'prohibit', via: 'fd00::1' })), paths: ['$.host.routes[1].via'] },

  // --- interfaces
  { name: 'interface lo twice', doc: mutate((d) => d.host.interfaces.push({ name: 'lo', addresses: ['127.0.0.53/8'] }, { name: 'lo', addresses: [] })), paths: ['$.host.interfaces[2].name'], hint: /already/ },
  { name: 'interface name too long', doc: mutate((d) => (d.host.interfaces[0].name = 'enp0s31f6abcdefg')), paths: ['$.host.interfaces[0].name'] },
  { name: 'empty interface name', doc: mutate((d) => (d.host.interfaces[0].name = '')), paths: ['$.host.interfaces[0].name'] },
  { name: 'interface name with a space', doc: mutate((d) => (d.host.interfaces[0].name = 'eth 0')), paths: ['$.host.interfaces[0].name'] },
  { name: 'interface name with a slash', doc: mutate((d) => (d.host.interfaces[0].name = 'eth0/1')), paths: ['$.host.interfaces[0].name'] },
  { name: 'interface name ..', doc: mutate((d) => (d.host.interfaces[0].name = '..')), paths: ['$.host.interfaces[0].name'] },
  {
    name: 'duplicate interface names',
    doc: mutate((d) => d.host.interfaces.push({ name: 'eth0', addresses: [] })),
    paths: ['$.host.interfaces[1].name'],
    hint: /\$\.host\.interfaces\[0\]/,
  },

  // --- host.ipv6 false, useTempaddr
  {
    name: 'ipv6 false with IPv6 address and IPv6 default route',
    doc: mutate((d) => (d.host.ipv6 = false)),
    paths: ['$.host.interfaces[0].addresses[1]', '$.host.routes[1].via'],
    hint: /ipv6/,
  },
  {
    name: 'ipv6 false with an IPv6 prefix route and an IPv6 address object',
    doc: mutate((d) => {
      d.host.ipv6 = false;
      d.host.interfaces[0].addresses = ['172.17.0.2/16', { address: 'fd00::2/64', temporary: true }];
      d.host.routes = [{ to: '2001:db8::/32', dev: 'eth0' }];
    }),
    paths: ['$.host.interfaces[0].addresses[1].address', '$.host.routes[0].to'],
  },
  {
    name: 'ipv6 false with only an IPv6 interface address',
    doc: mutate((d) => { d.host.ipv6 = false; d.host.routes.pop(); }),
    paths: ['$.host.interfaces[0].addresses[1]'],
  },
  {
    name: 'ipv6 false with only an IPv6 address object',
    doc: mutate((d) => { d.host.ipv6 = false; d.host.routes.pop(); d.host.interfaces[0].addresses[1] = { address: 'fd00::2/64', deprecated: true }; }),
    paths: ['$.host.interfaces[0].addresses[1].address'],
  },
  { name: 'ipv6 false with only an IPv6 default route', doc: mutate((d) => { d.host.ipv6 = false; d.host.interfaces[0].addresses.pop(); }), paths: ['$.host.routes[1].via'] },
  { name: 'ipv6 false with an IPv6 src on default', doc: mutate((d) => { d.host.ipv6 = false; d.host.interfaces[0].addresses.pop(); d.host.routes = [{ to: 'default', dev: 'eth0', src: '::1' }]; }), paths: ['$.host.routes[0].src'] },
  { name: 'useTempaddr 3', doc: mutate((d) => (d.host.useTempaddr = 3)), paths: ['$.host.useTempaddr'] },
  { name: 'useTempaddr -1', doc: mutate((d) => (d.host.useTempaddr = -1)), paths: ['$.host.useTempaddr'] },
  { name: 'useTempaddr 1.5', doc: mutate((d) => (d.host.useTempaddr = 1.5)), paths: ['$.host.useTempaddr'] },
  { name: 'useTempaddr "2"', doc: mutate((d) => (d.host.useTempaddr = '2')), paths: ['$.host.useTempaddr'] },

  // --- query
  { name: 'missing records', doc: mutate((d) => delete d.query.records), paths: ['$.query.records'] },
  { name: '49 records', doc: mutate((d) => (d.query.records = Array.from({ length: 49 }, (_, i) => `192.0.2.${i}`))), paths: ['$.query.records'] },
  { name: 'empty name', doc: mutate((d) => (d.query.name = '')), paths: ['$.query.name'] },
  { name: 'name with a space', doc: mutate((d) => (d.query.name = 'dual example')), paths: ['$.query.name'] },
  { name: 'name with a newline', doc: mutate((d) => (d.query.name = 'dual\n')), paths: ['$.query.name'] },
  { name: 'name as a number', doc: mutate((d) => (d.query.name = 42)), paths: ['$.query.name'] },
  { name: 'duplicate flag', doc: mutate((d) => (d.query.flags = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ADDRCONFIG'])), paths: ['$.query.flags[2]'] },
  { name: 'unknown flag', doc: mutate((d) => (d.query.flags = ['AI_PASSIVE'])), paths: ['$.query.flags[0]'] },
  { name: 'misspelt flag', doc: mutate((d) => (d.query.flags = ['AI_V4MAPPED', 'AI_ADRCONFIG'])), paths: ['$.query.flags[1]'], hint: /"AI_ADDRCONFIG"/ },
  { name: 'flags not an array', doc: mutate((d) => (d.query.flags = 'AI_ALL')), paths: ['$.query.flags'] },
  { name: 'family lower case', doc: mutate((d) => (d.query.family = 'af_inet6')), paths: ['$.query.family'], hint: /"AF_INET6"/ },
  { name: 'family as a number', doc: mutate((d) => (d.query.family = 10)), paths: ['$.query.family'] },

  // --- many at once, in document order
  {
    name: 'every error is collected',
    doc: mutate((d) => {
      d.name = 1;
      d.host.interfaces[0].addresses[0] = '010.1.1.1/8';
      d.host.routes[1].metric = -5;
      d.query.records.push('127.1');
      d.query.family = 'AF_INET4';
    }),
    paths: ['$.name', '$.host.interfaces[0].addresses[0]', '$.host.routes[1].metric', '$.query.records[2]', '$.query.family'],
  },
];

export const good: { name: string; doc: unknown }[] = [
  { name: 'the docker example', doc: docker },
  { name: 'minimal', doc: { host: { interfaces: [] }, query: { records: [] } } },
  { name: '::1.2.3.4 (embedded dotted quad)', doc: mutate((d) => { d.query.records = ['::1.2.3.4', '::ffff:192.0.2.1', '64:ff9b::192.0.2.1']; d.host.interfaces[0].addresses.push('::1.2.3.4/96'); }) },
  { name: 'glibc-legal IPv6 forms', doc: mutate((d) => (d.query.records = ['::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6::8', '0001:0db8::', 'FE80::A', '1:2:3:4:5:6:1.2.3.4'])) },
  { name: 'all prefix lengths at the edges', doc: mutate((d) => (d.host.interfaces[0].addresses = ['0.0.0.0/0', '10.0.0.1/32', '::/0', '2001:db8::1/128', '10.0.0.2/9'])) },
  { name: 'address objects with every flag', doc: mutate((d) => (d.host.interfaces[0].addresses[1] = { address: 'fd00::2/64', deprecated: true, home: false, temporary: true, optimistic: true, noprefixroute: true })) },
  {
    name: 'every route form',
    doc: mutate((d) => {
      d.host.interfaces.push({ name: 'wg-home.1', addresses: ['10.8.0.2/24'], up: false });
      d.host.routes = [
        { to: 'default' },
        { to: 'default', dev: 'eth0' },
        { to: 'default', via: '172.17.0.1', src: '172.17.0.2', dev: 'eth0', metric: 0 },
        { to: 'default', via: 'fe80::1', dev: 'eth0', metric: 4294967295 },
        { to: '10.1.1.1', dev: 'wg-home.1' },
        { to: '192.0.2.0/24', via: '10.8.0.1', type: 'unicast' },
        { to: '2001:db8::/32', type: 'unreachable' },
        { to: '198.51.100.0/24', type: 'blackhole', metric: 10 },
        { to: '203.0.113.0/24', type: 'prohibit' },
        { to: '127.0.0.0/8', dev: 'lo' },
      ];
    }),
  },
  { name: 'ipv6 false with only IPv4 (IPv6 records still allowed)', doc: mutate((d) => { d.host.ipv6 = false; d.host.interfaces[0].addresses = ['172.17.0.2/16']; d.host.routes = [{ to: 'default', via: '172.17.0.1' }]; }) },
  { name: 'ipv6 false with IPv4 address objects', doc: mutate((d) => { d.host.ipv6 = false; d.host.routes.pop(); d.host.interfaces[0].addresses = [{ address: '172.17.0.2/16', noprefixroute: true }, '10.0.0.2']; }) },
  { name: 'useTempaddr 0..2', doc: mutate((d) => (d.host.useTempaddr = 2)) },
  {
    name: 'policy routing: wg-quick full tunnel, lo addresses, labels, multipath',
    doc: mutate((d) => {
      d.host.interfaces.push(
        { name: 'wg0', addresses: ['10.64.0.2/32', 'fd00:64::2/128'] },
        { name: 'lo', addresses: ['192.0.2.53/32', { address: '2001:db8:53::1/128' }], disableIpv6: false },
        { name: 'ppp0', addresses: [{ address: '100.64.1.2', peer: '100.64.1.1/32', scope: 'global' }, { address: '169.254.9.9/16', scope: 'link' }], group: 7 },
      );
      d.host.routes.push(
        { to: 'default', dev: 'wg0', table: 51820 },
        { to: '0.0.0.0/0', via: 'fe80::1', dev: 'eth0', table: 'default' },
        { to: '192.0.2.0/24', type: 'local', dev: 'lo', table: 'local' },
        { to: '10.0.0.0/8', type: 'throw', table: 52 },
        { to: 'default', from: '2001:db8:1::/48', via: 'fe80::1', dev: 'eth0' },
        { to: '198.51.100.0/24', nexthops: [{ via: '172.17.0.1', dev: 'eth0', weight: 2 }, { dev: 'wg0' }], scope: 'global' },
      );
      d.host.rules = [
        { not: true, fwmark: 51820, table: 51820 },
        { table: 'main', suppressPrefixlength: 0 },
        { priority: 5270, table: 52, family: 4 },
        { from: '192.168.1.0/24', to: 'all', table: 100, uidrange: '1000-1000', ipproto: 'udp', dport: '53', sport: 1024, iif: 'lo', oif: 'eth0', tos: 0 },
        { priority: 10, action: 'goto', goto: 20 },
        { priority: 20, action: 'nop' },
        { priority: 30, action: 'unreachable', to: '203.0.113.0/24', suppressIfgroup: 7 },
        { family: 6, fwmark: '0x80000/0xff0000', action: 'prohibit' },
      ];
      d.host.defaultRules = true;
      d.host.addrlabels = [{ prefix: 'fd00::/8', label: 99 }, { prefix: '2001:db8::/32', label: 100, dev: 'eth0' }];
      d.query.uid = 1000;
    }),
  },
  { name: '48 records', doc: mutate((d) => (d.query.records = Array.from({ length: 48 }, (_, i) => `192.0.2.${i}`))) },
  { name: 'duplicate records (two hosts lines)', doc: mutate((d) => (d.query.records = ['192.0.2.1', '192.0.2.1'])) },
  { name: 'every flag and family', doc: mutate((d) => { d.query.flags = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME']; d.query.family = 'AF_INET6'; }) },
  { name: 'gaiConf text and null', doc: mutate((d) => (d.gaiConf = 'precedence ::ffff:0:0/96 100\n')) },
  { name: 'gaiConf null', doc: mutate((d) => (d.gaiConf = null)) },
  { name: 'a $schema key', doc: mutate((d) => (d.$schema = 'https://gaiconf.dev/schema/scenario.schema.json')) },
  { name: 'unicode query name', doc: mutate((d) => (d.query.name = 'bücher.example.')) },
];
