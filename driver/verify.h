/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_VERIFY_H
#define FSCONV_VERIFY_H

#include "fstable.h"
#include "results.h"
#include "workspace.h"

/*
 * The verification step of `fsconv run`, between convert and hand-off:
 * verify_run() (build.h) on every named filesystem whose branch changed
 * something, its report split per filesystem into the results files
 * (STAGE_VERIFY, ->verify, ->verify_note).  Hand-off and report only read
 * those.  Returns the number of filesystems that failed (their
 * conversion does not compile, or verification could not run).  A
 * filesystem whose branch the convert stage reused unchanged keeps the
 * verification it already has, unless force.
 */
int run_verify(const struct workspace *ws, const struct fstable *table,
	       const struct strvec *names, bool force);

/* one filesystem's part of a verify_run() report, into r; for tests too */
void verify_digest(struct fs_result *r, const struct fs_entry *fs,
		   const char *report);

#endif
