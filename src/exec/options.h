/* SPDX-License-Identifier: MIT */
/*
 * options.h - internal: which URL query options asql reads itself and which it passes to a
 * backend's driver, so that each backend file knows what to hand on. Parsing lives in options.c.
 */
#ifndef ASQL_EXEC_OPTIONS_H
#define ASQL_EXEC_OPTIONS_H

/** How a URL query option is used. */
typedef enum asql__option_use {
    ASQL__OPTION_UNKNOWN = 0, /* refused by asql_db_options_from_url() */
    ASQL__OPTION_COMMON,      /* read into asql_db_options (min_size, ssl, ...) */
    ASQL__OPTION_DRIVER       /* passed as it is to the dialect's driver (application_name, ...) */
} asql__option_use;

/**
 * The use of option `name` on `dialect` ("postgresql", "mysql", "mariadb", "sqlite"). A backend
 * passes on the URL options marked ASQL__OPTION_DRIVER, with the same name and value, and skips
 * the others (asql_db_options_from_url() has already validated every one of them).
 */
asql__option_use asql__db_option_use(const char *dialect, const char *name);

#endif /* ASQL_EXEC_OPTIONS_H */
