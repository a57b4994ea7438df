// SPDX-License-Identifier: GPL-2.0-only
/// d_alloc_parallel() no longer takes a wait queue.  Waiters for an
/// in-lookup dentry now sleep with wait_var_event on ->d_flags, so the
/// caller-supplied wait_queue_head_t (and the ->d_wait union member that
/// pointed at it) is gone.  This is a change of calling convention, not an
/// optional argument: every caller must drop the third argument.
///
/// On-stack wait queues declared with DECLARE_WAIT_QUEUE_HEAD_ONSTACK only
/// for this call are removed with it.  A wait queue embedded in a structure
/// (nfs_unlinkdata.wq) is removed together with its init_waitqueue_head()
/// only when nothing else in the tree uses it; that is a tree-wide fact,
/// so it is only done when the caller says so (-D wq_unused).
///
//# A wait queue passed as a plain pointer variable (not &local, not
//# &ptr->field) loses the argument, but its declaration is left alone.
//
// Confidence: High
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R1 of the fsconv VFS conversion spec.
//  -D wq_unused -D wq_field=STRUCT.FIELD: the driver has checked with a
//  tree-wide grep that STRUCT.FIELD has no user other than the
//  d_alloc_parallel() call and its init_waitqueue_head(); delete both the
//  init_waitqueue_head(&X->FIELD) (X of type struct STRUCT *) and the
//  member declaration in struct STRUCT.  Without them a struct-member wait
//  queue is kept and reported as WAITQUEUE_FIELD (report/org modes).
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org
virtual wq_unused

@initialize:ocaml@
@@
let wq_field = ref ""

let report ty p msg =
  let p = List.hd p in
  Printf.printf "%s:%d:%d: %s: %s\n" p.Coccilib.file p.Coccilib.line
    (p.Coccilib.col + 1) ty msg

let org ty p msg =
  let p = List.hd p in
  Printf.printf "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n"
    p.Coccilib.file p.Coccilib.line p.Coccilib.col p.Coccilib.col_end ty msg

// patch: &local wait queue

@dap_wq_local depends on patch@
identifier fn, wq;
expression P, N;
@@
fn(...) {
<+...
  d_alloc_parallel(P, N
-   , &wq
  )
...+>
}

@dap_wq_local_unused depends on patch@
identifier dap_wq_local.wq;
declarer name DECLARE_WAIT_QUEUE_HEAD_ONSTACK;
@@
- DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
  ... when != wq

// patch: wait queue in a structure, and any other third argument

@dap_wq_field depends on patch@
expression P, N, E;
identifier fld;
@@
  d_alloc_parallel(P, N
-   , &E->fld
  )

@dap_wq_other depends on patch@
expression P, N, W;
@@
  d_alloc_parallel(P, N
-   , W
  )

// Only with -D wq_unused -D wq_field=STRUCT.FIELD.

@wq_init_anchor depends on patch && wq_unused@
expression E;
@@
  init_waitqueue_head(E)

@wq_member_anchor depends on patch && wq_unused@
identifier S, F;
@@
struct S { ... wait_queue_head_t F; ... };

@script:ocaml depends on wq_init_anchor || wq_member_anchor@
v << virtual.wq_field;
@@
wq_field := v

@script:ocaml wq_field_ids depends on wq_init_anchor || wq_member_anchor@
sname;
fname;
@@
match String.split_on_char '.' !wq_field with
| [s; f] when s <> "" && f <> "" ->
    sname := make_ident s; fname := make_ident f
| _ -> Coccilib.include_match false

@wq_field_init_unused depends on patch && wq_unused@
identifier wq_field_ids.sname, wq_field_ids.fname;
struct sname *X;
@@
- init_waitqueue_head(&X->fname);

@wq_field_member_unused depends on patch && wq_unused@
identifier wq_field_ids.sname, wq_field_ids.fname;
@@
struct sname {
  ...
- wait_queue_head_t fname;
  ...
};

// context / report / org

@dap_3arg_context depends on context@
expression P, N, W;
@@
* d_alloc_parallel(P, N, W)

@dap_3arg depends on report || org@
expression P, N, W;
position p;
@@
  d_alloc_parallel@p(P, N, W)

@dap_field depends on (report || org) && !wq_unused@
expression P, N;
type T;
T *E;
identifier fld;
position p;
@@
  d_alloc_parallel@p(P, N, &E->fld)

@dap_local_call depends on report || org@
identifier fn, wq;
expression P, N;
position p, pa;
@@
fn(...) {
  <+... d_alloc_parallel@p(P, N, &wq@pa) ...+>
}

@dap_local_decl depends on report || org@
identifier dap_local_call.wq;
position pd;
declarer name DECLARE_WAIT_QUEUE_HEAD_ONSTACK;
@@
  DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq@pd);

@dap_local_shared depends on (report || org) exists@
identifier dap_local_call.fn, dap_local_call.wq;
position q != {dap_local_call.pa, dap_local_decl.pd};
@@
fn(...) {
  <+... wq@q ...+>
}

@script:ocaml depends on report@
p << dap_3arg.p;
@@
report "D_ALLOC_PARALLEL_WQ" p
  "d_alloc_parallel() takes no wait queue any more: drop the third argument"

@script:ocaml depends on report@
p << dap_field.p;
ty << dap_field.T;
fld << dap_field.fld;
@@
let s = match Str.split (Str.regexp "[ \t*]+") ty with
  | ["struct"; s] -> s | _ -> ty in
report "WAITQUEUE_FIELD" p
  (Printf.sprintf "wait queue %s.%s is no longer needed by d_alloc_parallel(): remove the member and its init_waitqueue_head() if nothing else uses it (-D wq_unused -D wq_field=%s.%s)" s fld s fld)

@script:ocaml depends on report@
p << dap_local_shared.q;
wq << dap_local_call.wq;
@@
report "WAITQUEUE_SHARED" p
  (Printf.sprintf "on-stack wait queue '%s' has another user: its declaration is kept" wq)

@script:ocaml depends on org@
p << dap_3arg.p;
@@
org "D_ALLOC_PARALLEL_WQ" p "d_alloc_parallel() takes no wait queue any more"

@script:ocaml depends on org@
p << dap_field.p;
fld << dap_field.fld;
@@
org "WAITQUEUE_FIELD" p (Printf.sprintf "struct member wait queue '%s'" fld)

@script:ocaml depends on org@
p << dap_local_shared.q;
wq << dap_local_call.wq;
@@
org "WAITQUEUE_SHARED" p (Printf.sprintf "on-stack wait queue '%s' has another user" wq)
