// Whether a live suite that builds hosts in network namespaces can run here. Elsewhere it skips
// with the reason printed; under CI=true a missing prerequisite is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function netnsGate(suite: string): boolean {
  let reason: string | null = null;
  if (process.platform !== 'linux') reason = `needs Linux, not ${process.platform}`;
  else if (process.getuid?.() !== 0) reason = 'needs root (network namespaces)';
  else if (spawnSync('ip', ['-V']).status !== 0) reason = '`ip` (iproute2) is not available';
  else {
    // ip netns exec bind-mounts /etc/netns/NAME/* over these: it can only replace a file that exists
    for (const f of ['hosts', 'gai.conf', 'nsswitch.conf', 'host.conf', 'resolv.conf']) {
      if (!existsSync(join('/etc', f))) reason = `/etc/${f} is missing; ip netns exec can only replace an existing file`;
    }
    for (const s of ['/run/nscd/socket', '/var/run/nscd/socket']) {
      if (existsSync(s)) reason = `nscd is running (${s}); its answers would bypass the namespace`;
    }
  }
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`${suite} cannot run under CI: ${reason}`);
  console.warn(`[gaiconf] skipping the ${suite}: ${reason}`);
  return false;
}
