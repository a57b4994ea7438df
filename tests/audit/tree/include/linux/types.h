/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal stand-in for the kernel headers: just enough to parse fakefs. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#define NULL ((void *)0)
typedef _Bool bool;
#define true 1
#define false 0
typedef unsigned int u32;
typedef unsigned long size_t;
typedef long loff_t;
typedef unsigned short umode_t;

#endif
