/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_NAMEI_H
#define _LINUX_NAMEI_H

#include <linux/dcache.h>

#define LOOKUP_OPEN	0x0100
#define LOOKUP_SHARED	0x800000

struct dentry *lookup_one_len(const char *name, struct dentry *base, int len);
struct dentry *try_lookup_noperm(struct qstr *name, struct dentry *base);

#endif
