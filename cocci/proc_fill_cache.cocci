// SPDX-License-Identifier: GPL-2.0-only
/// Use d_alloc_noblock() in readdir that must instantiate its dentries.
///
/// A readdir that must instantiate the dentries it reports (so that d_ino
/// matches what a later stat() sees) may no longer call d_alloc_parallel()
/// with the directory locked: d_alloc_parallel() will come to rank above
/// the directory lock.  Try d_alloc_noblock() first; only if someone else
/// is looking the name up right now (-EWOULDBLOCK) drop the shared
/// directory lock around a blocking d_alloc_parallel() and take it again.
/// That is only sound because this filesystem neither relies on its
/// directory lock for readdir nor ever marks a directory dead (S_DEAD),
/// so nothing needs checking after the lock is retaken.  The dentry
/// d_alloc_noblock() returns is handled by the existing code: a found
/// dentry as before, an in-lookup one instantiated as before.  A qstr set
/// up by hand loses its hash: d_alloc_noblock() hashes the name itself,
/// with the filesystem's ->d_hash if it has one.
///
//# Only functions with a struct dir_context * parameter are considered:
//# they are reached from ->iterate_shared, with the directory locked
//# shared.  Readdir that may simply skip a busy name (dcache priming) is
//# rule R2's, not this one's.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R3 (procfs template) of the fsconv VFS conversion spec.
//  -D no_dirlock: the filesystem table says this filesystem does not rely
//  on its directory lock and never marks a directory dead (fstable key
//  no_dirlock: true).  Without it nothing is rewritten and every site is
//  reported as MANUAL_READDIR_INSTANTIATE with the template as advice.
//  -D noblock=NAME: the allocator's name (default d_alloc_noblock;
//  d_alloc_trylock on the merged API).
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
//  Runs before or after d_alloc_parallel.cocci (R1): a 3-argument
//  d_alloc_parallel() and its on-stack wait queue are rewritten too.
// Review: readdir now drops the shared directory lock around
//  d_alloc_parallel() when d_alloc_noblock() reports -EWOULDBLOCK.  Please
//  check that nothing in the readdir relies on the directory lock across
//  that window (cursor or list state read before and used after it), that
//  no directory of this filesystem is ever marked dead (otherwise
//  IS_DEADDIR must be checked after relocking), and that d_ino still
//  matches st_ino for the entries emitted.  The relock happens while this
//  task owns the new in-lookup dentry: with lockdep tracking in-lookup
//  dentries (the API as merged for 7.4) fsconv's boot test sees lockdep
//  report a possible circular dependency there, the same order as v4
//  7/7's d_add_ci() relock, which deadlocked in that boot test on xfs.
//  It can only bite if a task takes this directory's lock exclusive, so
//  please confirm that none does.
// Keywords: d_alloc_parallel
// Converts: READDIR_INSTANTIATE
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org
virtual no_dirlock

@initialize:ocaml@
@@
let noblock = ref "d_alloc_noblock"

let report ty p msg =
  let p = List.hd p in
  Printf.printf "%s:%d:%d: %s: %s\n" p.Coccilib.file p.Coccilib.line
    (p.Coccilib.col + 1) ty msg

let org ty p msg =
  let p = List.hd p in
  Printf.printf "* TODO [[view:%s::face=ovl-face1::linb=%d::colb=%d::cole=%d][%s: %s]]\n"
    p.Coccilib.file p.Coccilib.line p.Coccilib.col p.Coccilib.col_end ty msg

let template d p q =
  Printf.sprintf "%s = %s(%s, &%s); if (%s == ERR_PTR(-EWOULDBLOCK)) { inode_unlock_shared(d_inode(%s)); %s = d_alloc_parallel(%s, &%s); inode_lock_shared(d_inode(%s)); } before the IS_ERR(%s) test"
    d !noblock p q d p d p q p d

// The shape: a dcache lookup, then d_alloc_parallel() when it finds
// nothing, an IS_ERR exit and the in-lookup branch that instantiates.

@fill depends on patch || context || report || org@
identifier fn, ctx, D, Q, W;
declarer name DECLARE_WAIT_QUEUE_HEAD_ONSTACK;
expression P;
statement ES, S;
position pl, pa;
@@
fn(..., struct dir_context *ctx, ...) {
  ... when any
(
  D = d_hash_and_lookup@pl(P, &Q);
|
  D = d_lookup@pl(P, &Q);
|
  D = try_lookup_noperm@pl(&Q, P);
)
  if (!D) {
(
    D = d_alloc_parallel@pa(P, &Q);
|
    DECLARE_WAIT_QUEUE_HEAD_ONSTACK(W);
    D = d_alloc_parallel@pa(P, &Q, &W);
)
    if (IS_ERR(D)) ES
    if (d_in_lookup(D)) S
  }
  ... when any
}

// Already converted: the blocking call only on -EWOULDBLOCK, unlocked.

@done depends on patch || context || report || org@
expression D, X;
position pa;
@@
  if (D == ERR_PTR(-EWOULDBLOCK)) {
    ...
    inode_unlock_shared(X);
    D = d_alloc_parallel@pa(...);
    inode_lock_shared(X);
    ...
  }

// Any other d_alloc_parallel() in a readdir function needs a human.

@other depends on patch || context || report || org@
identifier fn, ctx;
position pa != {fill.pa, done.pa};
@@
fn(..., struct dir_context *ctx, ...) {
  <+... d_alloc_parallel@pa(...) ...+>
}

// report / org / context

@script:ocaml depends on fill || other@
v << virtual.noblock;
@@
noblock := v

@script:ocaml alloc_name depends on patch && no_dirlock && fill@
alloc;
@@
alloc := make_ident !noblock

@script:ocaml depends on report && !no_dirlock@
pa << fill.pa;
d << fill.D;
p << fill.P;
q << fill.Q;
@@
report "MANUAL_READDIR_INSTANTIATE" pa
  (Printf.sprintf "d_alloc_parallel() in readdir with the directory locked: if the filesystem neither relies on its directory lock nor marks directories dead (fstable no_dirlock, -D no_dirlock), use %s; otherwise recheck IS_DEADDIR after relocking (R3, by hand)" (template d p q))

@script:ocaml depends on report && no_dirlock@
pa << fill.pa;
@@
report "READDIR_INSTANTIATE" pa
  (Printf.sprintf "d_alloc_parallel() in readdir with the directory locked: %s() first, unlock around d_alloc_parallel() only on -EWOULDBLOCK (R3 with no_dirlock; -D patch rewrites it, review it)" !noblock)

@script:ocaml depends on report@
pa << other.pa;
@@
report "MANUAL_READDIR_INSTANTIATE" pa
  (Printf.sprintf "d_alloc_parallel() in readdir with the directory locked, in a shape not converted automatically: use %s() and, on -EWOULDBLOCK only, drop the shared directory lock around d_alloc_parallel() if the filesystem allows it (R3, by hand)" !noblock)

@script:ocaml depends on org@
pa << fill.pa;
@@
org "READDIR_INSTANTIATE" pa "d_alloc_parallel() in readdir with the directory locked (R3)"

@script:ocaml depends on org@
pa << other.pa;
@@
org "MANUAL_READDIR_INSTANTIATE" pa "d_alloc_parallel() in readdir with the directory locked (R3)"

@depends on context@
position fill.pa;
@@
* d_alloc_parallel@pa(...)

@depends on context@
position other.pa;
@@
* d_alloc_parallel@pa(...)

// patch, only with -D no_dirlock

@fill_patch depends on patch && no_dirlock@
identifier fill.D, fill.Q, alloc_name.alloc;
declarer name DECLARE_WAIT_QUEUE_HEAD_ONSTACK;
identifier W;
expression fill.P;
statement fill.ES, fill.S;
position fill.pl;
@@
(
- D = d_hash_and_lookup@pl(P, &Q);
|
- D = d_lookup@pl(P, &Q);
|
- D = try_lookup_noperm@pl(&Q, P);
)
- if (!D) {
(
-   D = d_alloc_parallel(P, &Q);
|
-   DECLARE_WAIT_QUEUE_HEAD_ONSTACK(W);
-   D = d_alloc_parallel(P, &Q, &W);
)
-   if (IS_ERR(D)) ES
-   if (d_in_lookup(D)) S
- }
+ D = alloc(P, &Q);
+ if (D == ERR_PTR(-EWOULDBLOCK)) {
+	inode_unlock_shared(d_inode(P));
+	D = d_alloc_parallel(P, &Q);
+	inode_lock_shared(d_inode(P));
+ }
+ if (IS_ERR(D)) ES
+ if (d_in_lookup(D)) S

// The qstr set up by hand for d_lookup() loses its hash; the name and
// length collapse into one initialisation.

@fill_qstr depends on fill_patch@
identifier fill.fn, fill.Q;
expression N, L;
@@
fn(...) {
  ... when any
(
- Q.name = N;
- Q.len = strlen(N);
- Q.hash = full_name_hash(...);
+ Q = QSTR(N);
|
- Q.name = N;
- Q.len = L;
- Q.hash = full_name_hash(...);
+ Q = (struct qstr)QSTR_INIT(N, L);
)
  ... when != Q.hash
}

@fill_hash depends on fill_patch@
identifier fill.fn, fill.Q;
@@
fn(...) {
  ... when any
- Q.hash = full_name_hash(...);
  ... when != Q.hash
}
