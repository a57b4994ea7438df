/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_VFSFOLD_H
#define FSCONV_VFSFOLD_H

#include "results.h"
#include "workspace.h"

/*
 * The result of the fold patch ("vfs-fold"): its tip is one commit on the
 * base with the signature-change commits of every filesystem converted
 * on this base, or its convert stage failed when they do not combine.
 * NULL when no filesystem has such a commit.  The same parts (and
 * identity) give the same commit as last time.
 */
struct fs_result *fold_result(const struct workspace *ws);

#endif
