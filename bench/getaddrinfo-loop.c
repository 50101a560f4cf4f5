/*
 * getaddrinfo-loop: the real resolver's side of `npm run bench`. Looks up every name of a
 * file (one per line) with the hints test/oracle/probe.c uses (AF_UNSPEC, SOCK_STREAM),
 * `--repeat N` times over, and reports how long the getaddrinfo() calls took.
 *
 *   getaddrinfo-loop [--repeat N] [--print] NAMES_FILE
 *
 * stdout, with --print: one line per lookup, `NAME ADDR ADDR ...` in the order returned
 *   (inet_ntop text; the benchmark's addresses all print as RFC 5952).
 * stderr, last line: `LOOPS lookups=<n> answers=<n> failed=<n> ns=<elapsed> cpu_ns=<cpu>`;
 *   only the getaddrinfo()/freeaddrinfo() calls are inside the clock (ns); cpu_ns is the
 *   process's user + system time over the whole loop (getrusage), which other load on the
 *   machine does not inflate.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_ns(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       ((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

int main(int argc, char **argv)
{
	long repeat = 1;
	int print = 0;
	int i = 1;
	for (; i < argc - 1; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = 1;
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc - 1)
			repeat = strtol(argv[++i], NULL, 10);
		else
			break;
	}
	if (i != argc - 1 || repeat < 1) {
		fputs("usage: getaddrinfo-loop [--repeat N] [--print] NAMES_FILE\n", stderr);
		return 2;
	}
	FILE *f = fopen(argv[i], "r");
	if (!f) {
		perror(argv[i]);
		return 2;
	}
	size_t n = 0, cap = 1024;
	char **names = malloc(cap * sizeof(*names));
	char *line = NULL;
	size_t len = 0;
	ssize_t got;
	while ((got = getline(&line, &len, f)) > 0) {
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (got == 0)
			continue;
		if (n == cap)
			names = realloc(names, (cap *= 2) * sizeof(*names));
		names[n++] = strdup(line);
	}
	free(line);
	fclose(f);

	const struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	long long lookups = 0, answers = 0, failed = 0, inside = 0;
	long long cpu0 = cpu_ns();
	for (long r = 0; r < repeat; r++) {
		for (size_t k = 0; k < n; k++) {
			struct addrinfo *res = NULL;
			long long t0 = now_ns();
			int rc = getaddrinfo(names[k], NULL, &hints, &res);
			long long t1 = now_ns();
			lookups++;
			if (rc != 0) {
				failed++;
				if (print)
					printf("%s !%s\n", names[k], gai_strerror(rc));
				inside += t1 - t0;
				continue;
			}
			if (print)
				fputs(names[k], stdout);
			for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
				answers++;
				if (!print)
					continue;
				char text[INET6_ADDRSTRLEN];
				const void *a = ai->ai_family == AF_INET
					? (const void *)&((const struct sockaddr_in *)ai->ai_addr)->sin_addr
					: (const void *)&((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
				printf(" %s", inet_ntop(ai->ai_family, a, text, sizeof(text)) ? text : "?");
			}
			if (print)
				putchar('\n');
			long long t2 = now_ns();
			freeaddrinfo(res);
			inside += t1 - t0 + (now_ns() - t2);
		}
	}
	long long cpu = cpu_ns() - cpu0;
	fflush(stdout);
	fprintf(stderr, "LOOPS lookups=%lld answers=%lld failed=%lld ns=%lld cpu_ns=%lld\n", lookups, answers, failed, inside, cpu);
	return 0;
}
