/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FSCONV_REPORT_H
#define FSCONV_REPORT_H

#include <stdbool.h>

#include "results.h"
#include "workspace.h"

/* write REPORT.md and report.json into out; 0, or -1 after an error() */
int report_write(const struct workspace *ws, const char *out,
		 const struct strvec *names);

#endif
