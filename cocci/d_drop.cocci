// SPDX-License-Identifier: GPL-2.0-only
/// Do not d_drop() a dentry before instantiating it.
///
/// Once lookups run without the parent lock, a hashed dentry is part of
/// the locking protocol: unhashing the name in the middle of an operation
/// lets a concurrent lookup create a second dentry for it.  d_splice_alias()
/// now accepts a hashed, unhashed or in-lookup negative dentry, so the
/// d_drop() that used to precede it (or d_add()) is not needed: delete it,
/// use d_splice_alias(I, D) instead of d_add(D, I), and d_drop() only on
/// the error exits, where the state on the server is unknown.  When I may
/// be a directory, d_splice_alias() may return an alias, which must be
/// used or returned (mkdir), not dropped.
///
//# Report only: patch mode changes nothing (the error exits need a human).
//# A d_drop(D) is reported when a path from it reaches d_splice_alias(_, D)
//# or d_add(D, _) with no new assignment to D and no d_rehash(D) between;
//# "if (!d_unhashed(D)) d_drop(D);" counts.  D passed on to a helper that
//# instantiates it is not followed.
//
// Confidence: High
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R7 and checker C7 of the fsconv VFS conversion spec.
//  Requires the target to have "d_splice_alias() handles hashed and
//  in-lookup dentries" (v3 02/19, v4 3/7).  Every function is looked at,
//  not only ->link/->mknod/->symlink/->mkdir/->create/->atomic_open: the
//  known sites include helpers reached from other files
//  (nfs_add_or_obtain, _nfs4_open_and_get_state).
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
let report_mode = ref false
let early = Hashtbl.create 16	(* d_drop() positions found *)

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let line_of p = (List.hd p).Coccilib.line
let fn_of p = (List.hd p).Coccilib.current_element

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

let emit ty p msg =
  if !org_mode then org ty p msg
  else if !report_mode then report ty p msg

// Patch mode has nothing to change.  This rule's token never occurs, so
// spatch -D patch finds no candidate file and exits 0 at once.
@ddr_patch_nop depends on patch@
@@
  fsconv_report_only_rule(...)

@script:ocaml depends on ddr_patch_nop@
@@
()

// Anchors: a d_drop() and an instantiation in the same file.
@ddr_anchor_drop depends on context || report || org@
@@
  d_drop(...)

@ddr_anchor_inst depends on context || report || org@
@@
(
  d_splice_alias(...)
|
  d_add(...)
)

@script:ocaml depends on org && ddr_anchor_drop && ddr_anchor_inst@
@@
org_mode := true

@script:ocaml depends on report && ddr_anchor_drop && ddr_anchor_inst@
@@
report_mode := true

@ddr_early depends on ddr_anchor_drop && ddr_anchor_inst exists@
expression D, I, E;
position p, q;
identifier inst;
@@
  d_drop@p(D);
  ... when != D = E
      when != d_rehash(D)
(
  d_splice_alias@inst@q(I, D)
|
  d_add@inst@q(D, I)
)

@script:ocaml depends on ddr_early@
p << ddr_early.p;
q << ddr_early.q;
d << ddr_early.D;
i << ddr_early.I;
inst << ddr_early.inst;
@@
Hashtbl.replace early (key p) ();
let fix =
  if inst = "d_add" then
    Printf.sprintf "use d_splice_alias(%s, %s) instead of d_add()" i d
  else "keep d_splice_alias()" in
emit "EARLY_D_DROP" p
  (Printf.sprintf "d_drop(%s) before %s() on line %d in '%s': d_splice_alias() takes a hashed or in-lookup dentry, and unhashing it mid-operation lets a concurrent lookup make a second dentry for the name; delete this d_drop(), %s, and d_drop(%s) on the error exits instead (if the inode may be a directory, use the alias d_splice_alias() returns)" d inst (line_of q) (fn_of p) fix d)

@ddr_ctx depends on context && ddr_anchor_drop && ddr_anchor_inst@
position p : script:ocaml() { Hashtbl.mem early (key p) };
expression D;
@@
* d_drop@p(D);
