// Whether a server listening on `[::]` also receives IPv4: it sets IPV6_V6ONLY itself, or the
// kernel default (net.ipv6.bindv6only, 0 unless changed) applies. Each row cites its source.
export type ServerName = 'plain' | 'nginx' | 'envoy' | 'node' | 'go' | 'java' | 'python';

export interface ServerDefaults {
  readonly name: ServerName;
  /** true/false: the server sets IPV6_V6ONLY so on a wildcard IPv6 listener; null: it leaves the kernel default. */
  readonly v6only: boolean | null;
  readonly source: string;
  /** How to listen on IPv4 too, or IPv4 only, in this server's own terms. */
  readonly ipv4Listener: string;
  readonly dualStackListener: string;
}

export const SERVERS: Readonly<Record<ServerName, ServerDefaults>> = {
  plain: {
    name: 'plain',
    v6only: null,
    source: 'a socket that does not set IPV6_V6ONLY takes net.ipv6.bindv6only (ipv6(7))',
    ipv4Listener: 'bind 0.0.0.0',
    dualStackListener: 'bind :: with IPV6_V6ONLY 0',
  },
  nginx: {
    name: 'nginx',
    v6only: true,
    source: 'nginx `listen [::]:80` defaults to ipv6only=on (ngx_http_core_module, since 1.3.4)',
    ipv4Listener: '`listen 80;` (add it beside `listen [::]:80;`, or use it alone where the kernel has no IPv6)',
    dualStackListener: '`listen [::]:80 ipv6only=off;`',
  },
  envoy: {
    name: 'envoy',
    v6only: true,
    source: 'Envoy binds `::` IPv6-only unless the socket address sets `ipv4_compat: true` (config.core.v3.SocketAddress)',
    ipv4Listener: 'a listener on `address: 0.0.0.0`',
    dualStackListener: '`address: "::"` with `ipv4_compat: true`',
  },
  node: {
    name: 'node',
    v6only: false,
    source: 'Node `server.listen({ host: "::" })` has ipv6Only false, and libuv then sets IPV6_V6ONLY 0 itself (uv_tcp_bind)',
    ipv4Listener: '`server.listen(port, "0.0.0.0")`',
    dualStackListener: '`server.listen(port, "::")` (the default ipv6Only: false)',
  },
  go: {
    name: 'go',
    v6only: false,
    source: 'Go `net.Listen("tcp", ":80")` or `"[::]:80"` opens an AF_INET6 socket with IPV6_V6ONLY 0; "tcp6" sets it to 1 (net/sock_posix.go, ipsock_posix.go)',
    ipv4Listener: '`net.Listen("tcp4", ":80")`',
    dualStackListener: '`net.Listen("tcp", ":80")`',
  },
  java: {
    name: 'java',
    v6only: false,
    source: 'OpenJDK opens IPv6 sockets with IPV6_V6ONLY 0 unless -Djava.net.preferIPv4Stack=true (sun.nio.ch.Net.socket0)',
    ipv4Listener: '`-Djava.net.preferIPv4Stack=true`, or bind 0.0.0.0',
    dualStackListener: 'bind the wildcard (the default)',
  },
  python: {
    name: 'python',
    v6only: true,
    source: 'Python `socket.create_server(("::", port), family=AF_INET6)` sets IPV6_V6ONLY 1 unless dualstack_ipv6=True (Lib/socket.py)',
    ipv4Listener: '`socket.create_server(("0.0.0.0", port))`',
    dualStackListener: '`socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)`',
  },
};
