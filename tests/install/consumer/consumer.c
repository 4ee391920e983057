/* SPDX-License-Identifier: MIT */
/* A program outside the asql tree, built against an installed asql by the install test: it
 * includes the umbrella header and calls the library, proving headers, linking and loading. */
#include <asql/asql.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *name = asql_status_name(ASQL_EINVAL);

    if (strcmp(name, "ASQL_EINVAL") != 0) {
        fprintf(stderr, "asql_status_name(ASQL_EINVAL) gave \"%s\"\n", name);
        return 1;
    }
    printf("asql %s: %s = %s\n", ASQL_VERSION_STRING, name, asql_status_str(ASQL_EINVAL));
    return 0;
}
