/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_HANDOFF_H
#define FSCONV_HANDOFF_H

#include "plan.h"
#include "util.h"

/*
 * The hand-off stage: each converted filesystem's branch becomes a
 * maintainer-ready series in <out>/<fs>/vN/ (git format-patch with a
 * filled cover letter, To/Cc from the tree's get_maintainer.pl, every
 * patch through checkpatch.pl, checked to apply on its base), and the
 * signature-change commits of every filesystem become one patch in
 * <out>/vfs-fold/vN/ to fold into the VFS commit.  A version directory
 * is built aside and renamed into place, and never rewritten: a changed
 * series is vN+1 with a changelog and a range-diff against vN.
 */

/*
 * Hand off the filesystems named (their results files), then the fold
 * patch.  Returns the number that failed.
 */
int handoff_run(const struct workspace *ws, const struct strvec *names);

#endif
