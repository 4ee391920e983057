/* SPDX-License-Identifier: MIT */
/*
 * asql/exec.h - running statements asynchronously on an event loop. (Being written.)
 */
#ifndef ASQL_EXEC_H
#define ASQL_EXEC_H

#include "common.h"
#include "dialect.h"
#include "expr.h"
#include "url.h"

#endif /* ASQL_EXEC_H */
