// SPDX-License-Identifier: GPL-2.0-only
/// The failure test after a dcache allocation must match what it returns.
///
/// d_duplicate() and d_alloc_noblock() return ERR_PTR() on failure and
/// never NULL, so a "!x" test after them never fires and the error pointer
/// is used as a dentry (v3 12/19 shmem and 19/19 nfs_rename kept the "!x"
/// of the d_alloc() they replaced).  d_alloc() and d_alloc_name() return
/// NULL and never an error pointer, so an IS_ERR() test after them lets
/// NULL through (v3 09/19 overlayfs).  try_lookup_noperm() returns NULL,
/// a dentry or an error pointer, so both must be handled.
///
//# Report only: patch mode changes nothing.  The checks follow paths from
//# the assignment up to the next assignment of the variable; a test in a
//# helper, or through another variable, is not seen.
//
// Confidence: High
// Copyright: (C) 2026 fsconv authors.
// Comments: Checker C4 of the fsconv VFS conversion spec.  Matches both
//  allocator names (d_alloc_noblock, d_alloc_trylock), so it needs no
//  -D noblock; messages name the function found in the code.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

@initialize:ocaml@
@@
let reported = Hashtbl.create 16
let org_mode = ref false

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let line_of p = (List.hd p).Coccilib.line

let never_null f =
  List.mem f ["d_duplicate"; "d_alloc_noblock"; "d_alloc_trylock"]
let never_err f = List.mem f ["d_alloc"; "d_alloc_name"]

let once ty p =
  let k = (ty, key p) in
  if Hashtbl.mem reported k then false
  else (Hashtbl.add reported k (); true)

let report ty p msg =
  if once ty p then
  let p = List.hd p in
  Printf.printf "%s:%d:%d: %s: %s\n" p.Coccilib.file p.Coccilib.line
    (p.Coccilib.col + 1) ty msg

let org ty p msg =
  if once ty p then
  let p = List.hd p in
  Printf.printf "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n"
    p.Coccilib.file p.Coccilib.line p.Coccilib.col p.Coccilib.col_end ty msg

let report_mode = ref false

let emit ty p msg =
  if !org_mode then org ty p msg
  else if !report_mode then report ty p msg

// Patch mode has nothing to change.  This rule's token never occurs, so
// spatch -D patch finds no candidate file and exits 0 at once.
@ec_patch_nop depends on patch@
@@
  fsconv_report_only_rule(...)

@script:ocaml depends on ec_patch_nop@
@@
()

// Anchor: the functions whose convention is checked.
@ec_anchor depends on context || report || org@
@@
(
  d_duplicate(...)
|
  d_alloc_noblock(...)
|
  d_alloc_trylock(...)
|
  try_lookup_noperm(...)
|
  d_alloc(...)
|
  d_alloc_name(...)
)

@script:ocaml depends on org && ec_anchor@
@@
org_mode := true

@script:ocaml depends on report && ec_anchor@
@@
report_mode := true

// "!x" after a function that never returns NULL
@ec_null_test depends on ec_anchor exists@
expression x, E;
identifier f : script:ocaml() { never_null f };
position p, q;
@@
  x = f@p(...);
  ... when != x = E
(
  !x@q
|
  x@q == NULL
|
  NULL == x@q
)

@script:ocaml depends on ec_null_test@
p << ec_null_test.p;
q << ec_null_test.q;
f << ec_null_test.f;
x << ec_null_test.x;
@@
emit "ERR_PTR_NULL_TEST" q
  (Printf.sprintf "'%s' from %s() on line %d is never NULL: it fails with ERR_PTR(), so test IS_ERR(%s) and use PTR_ERR(%s)" x f (line_of p) x x)

// IS_ERR() after a function that returns NULL on failure, with no NULL
// test before it
@ec_is_err depends on ec_anchor exists@
expression x, E;
identifier f : script:ocaml() { never_err f };
position p, q;
@@
  x = f@p(...);
  ... when != x = E
      when != !x
      when != x == NULL
      when != x != NULL
      when != IS_ERR_OR_NULL(x)
(
  IS_ERR@q(x)
|
  PTR_ERR@q(x)
)

@script:ocaml depends on ec_is_err@
p << ec_is_err.p;
q << ec_is_err.q;
f << ec_is_err.f;
x << ec_is_err.x;
@@
emit "NULL_PTR_IS_ERR_TEST" q
  (Printf.sprintf "'%s' from %s() on line %d is NULL on failure, never an ERR_PTR(): IS_ERR() lets the failure through; test !%s (and return -ENOMEM or ERR_PTR(-ENOMEM))" x f (line_of p) x)

// try_lookup_noperm(): a path to the end of the function (or to a new
// value) on which the error pointer is never tested
@ec_try_no_err depends on ec_anchor exists@
expression x, E, E2;
position p, q;
@@
  x = try_lookup_noperm@p(...);
  ... when != x = E
      when != IS_ERR(x)
      when != IS_ERR_OR_NULL(x)
      when != PTR_ERR_OR_ZERO(x)
      when != x == ERR_PTR(E2)
(
  x@q->d_inode
|
  d_inode(x@q)
|
  d_really_is_positive(x@q)
|
  d_really_is_negative(x@q)
|
  d_is_positive(x@q)
|
  d_is_negative(x@q)
|
  dput(x@q)
)

@script:ocaml depends on ec_try_no_err@
p << ec_try_no_err.p;
q << ec_try_no_err.q;
x << ec_try_no_err.x;
@@
emit "TRY_LOOKUP_NO_IS_ERR" q
  (Printf.sprintf "'%s' from try_lookup_noperm() on line %d may be an ERR_PTR() here: test IS_ERR(%s) as well as NULL" x (line_of p) x)

// try_lookup_noperm(): used as a dentry without a NULL test
@ec_try_no_null depends on ec_anchor exists@
expression x, E;
position p, q;
@@
  x = try_lookup_noperm@p(...);
  ... when != x = E
      when != !x
      when != x == NULL
      when != x != NULL
      when != IS_ERR_OR_NULL(x)
(
  x@q->d_inode
|
  d_inode(x@q)
|
  d_really_is_positive(x@q)
|
  d_really_is_negative(x@q)
|
  d_is_positive(x@q)
|
  d_is_negative(x@q)
)

@script:ocaml depends on ec_try_no_null@
p << ec_try_no_null.p;
q << ec_try_no_null.q;
x << ec_try_no_null.x;
@@
emit "TRY_LOOKUP_NO_NULL_TEST" q
  (Printf.sprintf "'%s' from try_lookup_noperm() on line %d may be NULL here (no dentry for the name): test it before use" x (line_of p))

// context: the tests and uses above
@ec_ctx depends on context && ec_anchor@
position ec_null_test.q;
expression x;
@@
* x@q

@ec_ctx2 depends on context && ec_anchor@
position ec_is_err.q;
expression x;
@@
* x@q
