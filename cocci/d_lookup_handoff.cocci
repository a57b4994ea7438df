// SPDX-License-Identifier: GPL-2.0-only
/// Call d_lookup_handoff() before another task finishes the lookup.
///
/// With CONFIG_DEBUG_LOCK_ALLOC, lockdep counts an in-lookup dentry as a
/// lock held by the task that got it from d_alloc_parallel() (or
/// d_alloc_trylock(), d_duplicate()) until d_lookup_done() ends the
/// in-lookup state.  This code stores its in-lookup dentry in a structure
/// and leaves it to another context (an RPC completion, a work item) to
/// call d_lookup_done() on it: the task that did the lookup would return
/// to user space still holding it, and the completion would release a
/// lock it does not hold.  Say so with d_lookup_handoff() right before
/// the dentry is stored for the other context.  d_lookup_handoff() does
/// nothing to a dentry that is no longer in-lookup, and nothing at all
/// without lockdep.
///
//# The hand-off is recognised in one file: a dentry assigned from
//# d_alloc_parallel(), d_alloc_trylock(), d_alloc_noblock() or
//# d_duplicate() is stored as E->FIELD, and some function of the same
//# file calls d_lookup_done() on X->FIELD, directly or through a local
//# variable initialised from it (nfs: nfs_call_unlink() stores the
//# silly-unlink dentry in data->dentry, nfs_async_unlink_release() ends
//# its lookup from rpciod).  A store after which the same function calls
//# d_lookup_done() on the dentry itself is not a hand-off and is left
//# alone, as is a store already preceded by d_lookup_handoff().
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Lockdep tracking of in-lookup dentries, kernel/vfs-merged
//  0008 ("VFS: lockdep: track in-lookup dentries").  Does nothing unless
//  -D d_lookup_handoff says the tree has d_lookup_handoff() (the driver
//  passes it from its API probe; the v4 series does not have it).
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Review: The in-lookup dentry is now handed off with d_lookup_handoff()
//  before it is stored for the context that calls d_lookup_done() on it.
//  Please check that the store really passes the dentry to another task
//  (a path on which the storing task itself ends the lookup does not need
//  it, and there lockdep would then miss a real imbalance), and that
//  nothing between d_lookup_handoff() and the store can still fail and
//  end the lookup in the storing task.
// Keywords: d_lookup_done
// Converts: D_LOOKUP_HANDOFF
// Requires: d_lookup_handoff
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org
virtual d_lookup_handoff

@initialize:ocaml@
@@
(* the fields through which a function of this file ends a lookup *)
let fields = Hashtbl.create 7

let report ty p msg =
  let p = List.hd p in
  Printf.printf "%s:%d:%d: %s: %s\n" p.Coccilib.file p.Coccilib.line
    (p.Coccilib.col + 1) ty msg

let org ty p msg =
  let p = List.hd p in
  Printf.printf "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n"
    p.Coccilib.file p.Coccilib.line p.Coccilib.col p.Coccilib.col_end ty msg

// Without -D d_lookup_handoff (a tree without it, or make coccicheck)
// this is the only rule that can apply: its token occurs nowhere, so
// spatch selects no file and exits 0 instead of "no rules apply".

@dlh_absent depends on !d_lookup_handoff && (patch || context || report || org)@
@@
  fsconv_no_d_lookup_handoff(...)

@script:ocaml depends on dlh_absent@
@@
()

// The fields through which a function of the file ends a lookup.

@done depends on d_lookup_handoff@
identifier fld;
expression E;
@@
d_lookup_done(E->fld)

@done_var depends on d_lookup_handoff@
identifier fld, v;
expression E;
type T;
@@
(
T v = E->fld;
|
v = E->fld;
)
...
d_lookup_done(v)

@script:ocaml depends on done@
f << done.fld;
@@
Hashtbl.replace fields f ()

@script:ocaml depends on done_var@
f << done_var.fld;
@@
Hashtbl.replace fields f ()

// The store of an in-lookup dentry in such a field, with no
// d_lookup_done() of it in this function after the store.

@store depends on d_lookup_handoff && (done || done_var) exists@
identifier f : script:ocaml() { Hashtbl.mem fields f };
local idexpression struct dentry *X;
expression D, E2, E3;
identifier alloc = {d_alloc_parallel, d_alloc_trylock, d_alloc_noblock,
		    d_duplicate};
position p;
@@
X = alloc(...);
... when != d_lookup_handoff(X)
    when != X = E2
    when != d_lookup_done(X)
D@p->f = X;
... when != d_lookup_done(X)
    when != X = E3
    when forall

@script:ocaml depends on report@
p << store.p;
x << store.X;
f << store.f;
@@
report "D_LOOKUP_HANDOFF" p
  (Printf.sprintf "in-lookup dentry '%s' is stored in '->%s' for another context to call d_lookup_done(): call d_lookup_handoff(%s) first (-D patch inserts it)" x f x)

@script:ocaml depends on org@
p << store.p;
x << store.X;
@@
org "D_LOOKUP_HANDOFF" p (Printf.sprintf "hand '%s' off with d_lookup_handoff()" x)

@depends on context@
identifier store.f;
local idexpression struct dentry *store.X;
expression D;
position store.p;
@@
* D@p->f = X;

@depends on patch@
identifier store.f;
local idexpression struct dentry *store.X;
expression D;
position store.p;
@@
+ d_lookup_handoff(X);
  D@p->f = X;
