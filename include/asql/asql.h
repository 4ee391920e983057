/* SPDX-License-Identifier: MIT */
/*
 * asql/asql.h - the umbrella header: everything asql offers, in the order of the way a
 * statement travels: declare and build (expr.h), compile (dialect.h), run and read (exec.h).
 */
#ifndef ASQL_ASQL_H
#define ASQL_ASQL_H

#include "common.h"
#include "expr.h"
#include "dialect.h"
#include "exec.h"

#endif /* ASQL_ASQL_H */
