/*
 * probe: ask the C library this binary is linked against what getaddrinfo() returns, in
 * order, and which source address the kernel would pick for each answer.
 *
 *   probe [--family AF_UNSPEC|AF_INET|AF_INET6] [--flags AI_ADDRCONFIG,...] NAME
 *   probe --format-only ADDR...     (text -> inet_pton -> our formatter, one line each)
 *   probe --version                 (LIBC glibc <version> | LIBC musl)
 *
 * Output of a lookup:
 *   STATUS OK | STATUS EAI_<name>
 *   ANSWER <4|6> <address> <source|-> <errno-name|->     (one per answer, in order)
 *
 * Addresses are printed by our own RFC 5952 formatter, never inet_ntop: glibc and musl
 * print IPv4-compatible addresses differently, and the text must equal formatIp()'s
 * (src/address/format.ts) so both libraries' answers compare byte for byte.
 *
 * The source is found the way the libraries find it themselves: a UDP connect() (which
 * sends nothing) and getsockname().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

struct named {
	int value;
	const char *name;
};

#define N(x) { x, #x }

static const struct named eai_names[] = {
	N(EAI_BADFLAGS), N(EAI_NONAME), N(EAI_AGAIN), N(EAI_FAIL), N(EAI_FAMILY),
	N(EAI_SOCKTYPE), N(EAI_SERVICE), N(EAI_MEMORY), N(EAI_SYSTEM), N(EAI_OVERFLOW),
#ifdef EAI_NODATA
	N(EAI_NODATA),
#endif
#ifdef EAI_ADDRFAMILY
	N(EAI_ADDRFAMILY),
#endif
#ifdef EAI_INTR
	N(EAI_INTR),
#endif
#ifdef EAI_IDN_ENCODE
	N(EAI_IDN_ENCODE),
#endif
};

/* A table, not a switch: several names share a value on Linux (EAGAIN/EWOULDBLOCK). */
static const struct named errno_names[] = {
	N(EPERM), N(ENOENT), N(EINTR), N(EIO), N(ENXIO), N(EBADF), N(EAGAIN), N(ENOMEM),
	N(EACCES), N(EFAULT), N(EBUSY), N(ENODEV), N(EINVAL), N(ENFILE), N(EMFILE),
	N(ENOSPC), N(EPIPE), N(ENOSYS), N(ENOTSOCK), N(EDESTADDRREQ), N(EMSGSIZE),
	N(EPROTOTYPE), N(ENOPROTOOPT), N(EPROTONOSUPPORT), N(ESOCKTNOSUPPORT),
	N(EOPNOTSUPP), N(EPFNOSUPPORT), N(EAFNOSUPPORT), N(EADDRINUSE), N(EADDRNOTAVAIL),
	N(ENETDOWN), N(ENETUNREACH), N(ENETRESET), N(ECONNABORTED), N(ECONNRESET),
	N(ENOBUFS), N(EISCONN), N(ENOTCONN), N(ETIMEDOUT), N(ECONNREFUSED), N(EHOSTDOWN),
	N(EHOSTUNREACH), N(EALREADY), N(EINPROGRESS),
};

static const struct named flag_names[] = {
	N(AI_ADDRCONFIG), N(AI_V4MAPPED), N(AI_ALL), N(AI_CANONNAME),
};

static const struct named family_names[] = {
	N(AF_UNSPEC), N(AF_INET), N(AF_INET6),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const struct named *t, size_t n, int value)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

static int value_of(const struct named *t, size_t n, const char *name, int *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0) {
			*out = t[i].value;
			return 1;
		}
	return 0;
}

static void print_errno(int e)
{
	const char *name = name_of(errno_names, COUNT(errno_names), e);
	if (name)
		fputs(name, stdout);
	else
		printf("E%d", e);
}

/* RFC 5952 §4, mirroring formatIp(): `b` is 16 bytes, IPv4 in its mapped form. */
static void format_ip(int family, const unsigned char *b, char *out, size_t size)
{
	if (family == AF_INET) {
		snprintf(out, size, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
		return;
	}
	int mapped = b[10] == 0xff && b[11] == 0xff;
	for (int i = 0; i < 10; i++)
		if (b[i])
			mapped = 0;
	if (mapped) {
		snprintf(out, size, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
		return;
	}
	unsigned groups[8];
	for (int i = 0; i < 8; i++)
		groups[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	/* Only a run of two or more zero groups is shortened; the first wins a tie. */
	int best_start = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		if (groups[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && groups[j] == 0)
			j++;
		if (j - i > best_len) {
			best_start = i;
			best_len = j - i;
		}
		i = j;
	}
	size_t at = 0;
	out[0] = '\0';
	for (int i = 0; i < 8; i++) {
		if (i == best_start) {
			at += snprintf(out + at, size - at, "::");
			i += best_len - 1;
			continue;
		}
		int after_gap = best_start >= 0 && i == best_start + best_len;
		at += snprintf(out + at, size - at, "%s%x", (i == 0 || after_gap) ? "" : ":", groups[i]);
	}
}

static int format_sockaddr(const struct sockaddr *sa, char *out, size_t size)
{
	unsigned char b[16] = { 0 };
	if (sa->sa_family == AF_INET) {
		memcpy(b + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		b[10] = b[11] = 0xff;
	} else if (sa->sa_family == AF_INET6) {
		memcpy(b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	} else {
		return 0;
	}
	format_ip(sa->sa_family, b, out, size);
	return 1;
}

/* The kernel's source choice for this destination, or -1 with errno set. */
static int source_for(const struct addrinfo *ai, char *out, size_t size)
{
	struct sockaddr_storage dst, src;
	socklen_t len = sizeof(src);
	if (ai->ai_addrlen > sizeof(dst)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&dst, ai->ai_addr, ai->ai_addrlen);
	/* The port the library's own probe connects to, so that a rule on ports picks the same
	 * route: glibc keeps the answer's port (0 without a service), musl uses 65535. */
#ifdef __GLIBC__
	const unsigned short port = 0;
#else
	const unsigned short port = 65535;
#endif
	if (dst.ss_family == AF_INET)
		((struct sockaddr_in *)&dst)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&dst)->sin6_port = htons(port);
	int fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int ok = connect(fd, (struct sockaddr *)&dst, ai->ai_addrlen) == 0 &&
		 getsockname(fd, (struct sockaddr *)&src, &len) == 0;
	int saved = errno;
	close(fd);
	if (!ok) {
		errno = saved;
		return -1;
	}
	if (!format_sockaddr((struct sockaddr *)&src, out, size)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return 0;
}

static int format_only(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		unsigned char b[16] = { 0 };
		char text[64];
		if (inet_pton(AF_INET, argv[i], b + 12) == 1) {
			b[10] = b[11] = 0xff;
			format_ip(AF_INET, b, text, sizeof(text));
		} else if (inet_pton(AF_INET6, argv[i], b) == 1) {
			format_ip(AF_INET6, b, text, sizeof(text));
		} else {
			strcpy(text, "INVALID");
		}
		printf("%s\n", text);
	}
	return 0;
}

static int parse_flags(char *list, int *flags)
{
	for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int v;
		if (!value_of(flag_names, COUNT(flag_names), tok, &v)) {
			fprintf(stderr, "probe: unknown flag %s\n", tok);
			return 0;
		}
		*flags |= v;
	}
	return 1;
}

static int usage(void)
{
	fputs("usage: probe [--family AF_UNSPEC|AF_INET|AF_INET6] [--flags AI_X,AI_Y] NAME\n"
	      "       probe --format-only ADDR...\n"
	      "       probe --version\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	/* A crash in getaddrinfo() is an expected result; it must not leave core files about. */
	prctl(PR_SET_DUMPABLE, 0);
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--format-only") == 0)
			return format_only(argc - i - 1, argv + i + 1);
		if (strcmp(argv[i], "--version") == 0) {
#ifdef __GLIBC__
			printf("LIBC glibc %s\n", gnu_get_libc_version());
#else
			/* musl exposes no version at run time; the caller asks the package manager. */
			puts("LIBC musl");
#endif
			return 0;
		}
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "--family") == 0) {
			if (!value_of(family_names, COUNT(family_names), argv[++i], &hints.ai_family)) {
				fprintf(stderr, "probe: unknown family %s\n", argv[i]);
				return 2;
			}
		} else if (strcmp(argv[i], "--flags") == 0) {
			if (!parse_flags(argv[++i], &hints.ai_flags))
				return 2;
		} else {
			return usage();
		}
	}
	if (i != argc - 1)
		return usage();

	struct addrinfo *res = NULL;
	int rc = getaddrinfo(argv[i], NULL, &hints, &res);
	if (rc != 0) {
		const char *name = name_of(eai_names, COUNT(eai_names), rc);
		if (name)
			printf("STATUS %s\n", name);
		else
			printf("STATUS EAI_%d\n", rc);
		if (rc == EAI_SYSTEM)
			fprintf(stderr, "probe: EAI_SYSTEM errno %d (%s)\n", errno, strerror(errno));
		return 0;
	}
	puts("STATUS OK");
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		char addr[64], src[64];
		if (!format_sockaddr(ai->ai_addr, addr, sizeof(addr)))
			continue;
		printf("ANSWER %d %s ", ai->ai_family == AF_INET ? 4 : 6, addr);
		if (source_for(ai, src, sizeof(src)) == 0) {
			printf("%s -\n", src);
		} else {
			fputs("- ", stdout);
			print_errno(errno);
			putchar('\n');
		}
	}
	freeaddrinfo(res);
	return 0;
}
