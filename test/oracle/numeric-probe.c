/*
 * numeric-probe: what glibc's getaddrinfo() answers for many (name, family, flags) at once.
 * Input lines: NAME <TAB> AF_UNSPEC|AF_INET|AF_INET6 <TAB> FLAGS (comma list or "-").
 * Output, one line each: OK <address>[%<scope index>] ... | EAI_<name>
 * The address is inet_ntop's; the tests compare it through their own parser.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int flag(const char *s) {
	if (!strcmp(s, "AI_ADDRCONFIG")) return AI_ADDRCONFIG;
	if (!strcmp(s, "AI_V4MAPPED")) return AI_V4MAPPED;
	if (!strcmp(s, "AI_ALL")) return AI_ALL;
	if (!strcmp(s, "AI_NUMERICHOST")) return AI_NUMERICHOST;
	if (!strcmp(s, "AI_CANONNAME")) return AI_CANONNAME;
	return 0;
}

static const char *eai(int rc) {
	switch (rc) {
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	default: return "EAI_OTHER";
	}
}

int main(void) {
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		char *name = line, *fam = strchr(line, '\t');
		if (!fam) continue;
		*fam++ = 0;
		char *flags = strchr(fam, '\t');
		if (!flags) continue;
		*flags++ = 0;
		struct addrinfo hints = {0}, *res, *p;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_family = !strcmp(fam, "AF_INET") ? AF_INET : !strcmp(fam, "AF_INET6") ? AF_INET6 : AF_UNSPEC;
		for (char *f = strtok(flags, ","); f; f = strtok(NULL, ",")) hints.ai_flags |= flag(f);
		int rc = getaddrinfo(name, NULL, &hints, &res);
		if (rc) {
			printf("%s\n", eai(rc));
			continue;
		}
		printf("OK");
		for (p = res; p; p = p->ai_next) {
			char buf[INET6_ADDRSTRLEN];
			if (p->ai_family == AF_INET) {
				inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, buf, sizeof buf);
				printf(" %s", buf);
			} else {
				struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)p->ai_addr;
				inet_ntop(AF_INET6, &s6->sin6_addr, buf, sizeof buf);
				if (s6->sin6_scope_id) printf(" %s%%%u", buf, s6->sin6_scope_id);
				else printf(" %s", buf);
			}
		}
		printf("\n");
		freeaddrinfo(res);
	}
	return 0;
}
