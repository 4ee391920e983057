/* SPDX-License-Identifier: MIT */
/* Placeholder so that the bootstrap build has a source file; removed by the first real one. */
typedef int asql__placeholder;
