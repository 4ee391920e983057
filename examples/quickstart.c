/* SPDX-License-Identifier: MIT */
/* Placeholder for the quick-start example, so that `make run` has a program to run; the real
 * example replaces this file. */
#include <stdio.h>

int main(void)
{
    puts("asql quickstart: placeholder");
    return 0;
}
