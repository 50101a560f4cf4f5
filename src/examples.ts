// The embedded default example: field case 1, a container on a Docker IPv6 network whose ULA
// source (fd00::/8) loses Rule 5 to the bridge's IPv4, so IPv4 is tried first.
import type { Scenario } from './scenario/types.js';

export const DOCKER_ULA_EXAMPLE: Scenario = {
  name: 'docker-ula: container with a ULA address prefers IPv4',
  host: {
    interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
    routes: [
      { to: 'default', via: '172.17.0.1' },
      { to: 'default', via: 'fd00::1' },
    ],
  },
  gaiConf: null,
  query: { name: 'smtp.example.test', records: ['2001:db8::5', '203.0.113.5'] },
};
