// SPDX-License-Identifier: GPL-2.0-only
/// An in-lookup dentry must reach d_lookup_done() before it is dput() or
/// instantiated.
///
/// d_alloc_parallel(), d_alloc_noblock() and d_duplicate() may return a
/// dentry that is in-lookup: hashed on the in-lookup hash, with other
/// lookups of the name waiting for it.  d_lookup_done() takes it off that
/// hash and wakes the waiters.  A final dput() of an in-lookup dentry
/// frees it while it is still hashed there (the overlayfs readdir
/// use-after-free of v3 09/19), and d_instantiate(), d_instantiate_new()
/// and d_make_persistent() refuse one (the shmem whiteout WARN of v3
/// 12/19).  Only d_splice_alias() and d_add() end the lookup themselves.
///
//# Report only: patch mode changes nothing.  The check follows each path
//# from the allocation.  A path ends at d_lookup_done(),
//# d_lookup_handoff(), d_splice_alias(), d_add(), a new assignment, on
//# entering a branch where the dentry cannot be in-lookup (the then
//# branch of !d_in_lookup(), !d_unhashed(), IS_ERR(), d_is_positive(),
//# d_really_is_positive(); the else branch of d_in_lookup(),
//# d_unhashed()), and at a d_in_lookup() / d_unhashed() test without else
//# whose branch calls d_lookup_done() (its false edge is not in-lookup
//# either).  A compound test (IS_ERR(x) || d_is_positive(x)) does not end
//# a path.  Helpers that end the lookup for their caller are not
//# followed: a dput() after such a call is a false positive.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Checker C3 of the fsconv VFS conversion spec.  Matches both
//  allocator names (d_alloc_noblock, d_alloc_trylock), so it needs no
//  -D noblock; messages name the allocator found in the code.
//  Instantiation is a call of d_instantiate(), d_instantiate_new(),
//  d_make_persistent(), vfs_mknod(), vfs_create(), vfs_mkdir(),
//  vfs_symlink(), of a function whose name ends in _mknod, of a
//  ->mknod/->create/->mkdir/->symlink method pointer, or of a function of
//  the same file that passes its dentry parameter to one of the first
//  three.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

@initialize:ocaml@
@@
let instantiators = Hashtbl.create 16	(* (file, fn) passes its dentry on *)
let regions = Hashtbl.create 16	(* (file, line, col): not in-lookup branch *)
let resolving = Hashtbl.create 16	(* (file, line, col): resolving test *)
let reported = Hashtbl.create 16
let cur_file = ref ""
let org_mode = ref false

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let file_of p = match p with [] -> "" | p :: _ -> p.Coccilib.file
let line_of p = (List.hd p).Coccilib.line

let ends_with s suf =
  let n = String.length s and m = String.length suf in
  n >= m && String.sub s (n - m) m = suf

let direct = ["d_instantiate"; "d_instantiate_new"; "d_make_persistent"]

let inst_fn f =
  Hashtbl.mem instantiators (!cur_file, f) ||
  List.mem f direct ||
  List.mem f ["vfs_mknod"; "vfs_create"; "vfs_mkdir"; "vfs_symlink"] ||
  ends_with f "_mknod"

let inst_method f = List.mem f ["mknod"; "create"; "mkdir"; "symlink"]

let is_alloc f =
  List.mem f ["d_alloc_parallel"; "d_alloc_noblock"; "d_alloc_trylock"; "d_duplicate"]

let set_file p = cur_file := file_of p; true
let add_region r = Hashtbl.replace regions (key r) ()
let add_resolve r = Hashtbl.replace resolving (key r) ()
let is_region r = Hashtbl.mem regions (key r)
let is_resolve r = Hashtbl.mem resolving (key r)

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

let emit ty p msg = if !org_mode then org ty p msg else report ty p msg

// Patch mode has nothing to change.  This rule's token never occurs, so
// spatch -D patch finds no candidate file and exits 0 at once, instead of
// parsing files for nothing or failing with "no rules apply".
@dld_patch_nop depends on patch@
@@
  fsconv_report_only_rule(...)

@script:ocaml depends on dld_patch_nop@
@@
()

// ---------------------------------------------------------------------
// Anchor: the allocators of in-lookup dentries.  Everything depends on
// it, so spatch only parses files that call one of them.

@dld_anchor depends on context || report || org@
position pa : script:ocaml() { set_file pa };
@@
(
  d_alloc_parallel@pa(...)
|
  d_alloc_noblock@pa(...)
|
  d_alloc_trylock@pa(...)
|
  d_duplicate@pa(...)
)

@script:ocaml depends on org && dld_anchor@
@@
org_mode := true

// Branches where the dentry cannot be in-lookup: a path that enters one
// is done.  Recorded by script rules: position constraints with side
// effects also fire on matches that later fail.

@dld_then depends on dld_anchor exists@
expression X;
identifier alloc : script:ocaml() { is_alloc alloc };
statement S1, S2;
position r;
@@
  X = alloc(...);
  ... when any
(
  if (\(!d_in_lookup(X)\|unlikely(!d_in_lookup(X))\|!d_unhashed(X)\|IS_ERR(X)\|unlikely(IS_ERR(X))\|d_is_positive(X)\|d_really_is_positive(X)\)) S1@r else S2
|
  if (\(!d_in_lookup(X)\|unlikely(!d_in_lookup(X))\|!d_unhashed(X)\|IS_ERR(X)\|unlikely(IS_ERR(X))\|d_is_positive(X)\|d_really_is_positive(X)\)) S1@r
)

@script:ocaml depends on dld_then@
r << dld_then.r;
@@
add_region r

@dld_else depends on dld_anchor exists@
expression X;
identifier alloc : script:ocaml() { is_alloc alloc };
statement S1, S2;
position r;
@@
  X = alloc(...);
  ... when any
  if (\(d_in_lookup(X)\|unlikely(d_in_lookup(X))\|d_unhashed(X)\)) S1 else S2@r

@script:ocaml depends on dld_else@
r << dld_else.r;
@@
add_region r

// a positive test whose branch always leaves: what follows is reached by
// its false edge only (lookup_open: if (d_in_lookup(dentry)) break;)
@dld_after depends on dld_anchor exists@
expression X;
identifier alloc : script:ocaml() { is_alloc alloc };
statement S;
identifier L;
position r;
@@
  X = alloc(...);
  ... when any
  if (\(d_in_lookup(X)\|unlikely(d_in_lookup(X))\|d_unhashed(X)\))
(
  break;
|
  continue;
|
  return ...;
|
  goto L;
|
  { ... when any
(
  break;
|
  continue;
|
  return ...;
|
  goto L;
)
  }
)
  S@r

@script:ocaml depends on dld_after@
r << dld_after.r;
@@
add_region r

// a d_in_lookup()/d_unhashed() test without else whose branch ends the
// lookup: the dentry is not in-lookup after it on either edge
@dld_resolve depends on dld_anchor exists@
expression X;
identifier alloc : script:ocaml() { is_alloc alloc };
position r;
@@
  X = alloc(...);
  ... when any
  if (\(d_in_lookup@r(X)\|unlikely(d_in_lookup@r(X))\|d_unhashed@r(X)\))
  { ... when any
    d_lookup_done(X);
    ... when any
  }

@script:ocaml depends on dld_resolve@
r << dld_resolve.r;
@@
add_resolve r

// functions of this file that hand their dentry parameter to an
// instantiator that refuses in-lookup dentries (shmem_mknod)
@dld_instantiator depends on dld_anchor@
identifier fn, P;
type T;
position pf;
@@
  fn@pf(..., T *P, ...) {
  <+...
(
  d_instantiate(P, ...)
|
  d_instantiate_new(P, ...)
|
  d_make_persistent(P, ...)
)
  ...+>
  }

@script:ocaml depends on dld_instantiator@
fn << dld_instantiator.fn;
pf << dld_instantiator.pf;
@@
Hashtbl.replace instantiators (file_of pf, fn) ()

// ---------------------------------------------------------------------
// The check

@dld_bad depends on dld_anchor exists@
expression x, E, E2, E3;
statement S;
identifier alloc : script:ocaml() { is_alloc alloc };
identifier f : script:ocaml() { inst_fn f };
identifier fld : script:ocaml() { inst_method fld };
position p, q;
position r : script:ocaml() { is_region r };
position r2 : script:ocaml() { is_resolve r2 };
@@
  x = alloc@p(...);
  ... when != d_lookup_done(x)
      when != d_lookup_handoff(x)
      when != x = E
      when != d_splice_alias(E2, x)
      when != d_add(x, E2)
      when != S@r
      when != d_in_lookup@r2(x)
      when != d_unhashed@r2(x)
(
  dput@q(x)
|
  f@q(..., x, ...)
|
  E3->fld@q(..., x, ...)
)

@script:ocaml depends on dld_bad && (report || org)@
p << dld_bad.p;
q << dld_bad.q;
alloc << dld_bad.alloc;
x << dld_bad.x;
f << dld_bad.f = "";
fld << dld_bad.fld = "";
@@
let line = line_of p in
if f = "" && fld = "" then
  emit "MISSING_D_LOOKUP_DONE" q
    (Printf.sprintf "'%s' from %s() on line %d may still be in-lookup at this dput(): call d_lookup_done(%s) first (a final dput() of an in-lookup dentry leaves it on the in-lookup hash)" x alloc line x)
else begin
  let name = if f <> "" then f else fld in
  let what =
    if List.mem name direct then "which refuses an in-lookup dentry"
    else "which instantiates it, and d_instantiate() and its kin refuse an in-lookup dentry" in
  emit "IN_LOOKUP_INSTANTIATE" q
    (Printf.sprintf "'%s' from %s() on line %d may still be in-lookup when it reaches %s%s(), %s: instantiate it with d_splice_alias(), or call d_lookup_done(%s) first" x alloc line (if f = "" then "->" else "") name what x)
end

// context: the allocations that the check follows
@dld_ctx depends on context && dld_anchor@
expression X;
identifier alloc : script:ocaml() { is_alloc alloc };
@@
* X = alloc(...);

// context: and the dput() or instantiation the path reaches
@dld_ctx_sink depends on context && dld_anchor@
position dld_bad.q;
identifier g;
expression E;
identifier fld;
@@
(
* g@q(...)
|
* E->fld@q(...)
)
