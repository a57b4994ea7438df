// SPDX-License-Identifier: GPL-2.0-only
/// An ->atomic_open() must not d_drop() its dentry and allocate a
/// replacement with d_alloc_parallel().
///
/// nfs_atomic_open() in 6.12 handles a hashed negative dentry without
/// O_CREAT by unhashing it and calling d_alloc_parallel() for the name.
/// With lookups moving out of the parent lock, an unhashed name can gain
/// a second dentry, and d_alloc_parallel() under the parent lock inverts
/// the new lock order.  NFS removed the branch (v3 13/19) by making
/// ->d_revalidate() reject a negative dentry under LOOKUP_OPEN, so that
/// ->atomic_open() only ever sees a dentry it owns exclusively (O_CREAT
/// with the parent held exclusively, or an in-lookup dentry).  Whether
/// that is right depends on the filesystem's cache coherency model: a
/// human change.
///
//# Report only: patch mode changes nothing.  An ->atomic_open() is a
//# function defined as
//# int F(struct inode *, struct dentry *, struct file *, unsigned, umode_t);
//# it is reported when a d_drop(D) is followed on some path by
//# d_alloc_parallel() of D's parent or of D's name.
//
// Confidence: High
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R8 of the fsconv VFS conversion spec.  Matches the
//  3-argument (6.12) and the 2-argument d_alloc_parallel().
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
let sites = Hashtbl.create 16	(* d_drop() positions found *)

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let line_of p = (List.hd p).Coccilib.line

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
@ao_patch_nop depends on patch@
@@
  fsconv_report_only_rule(...)

@script:ocaml depends on ao_patch_nop@
@@
()

// Anchors: both calls in the file.
@ao_anchor_drop depends on context || report || org@
@@
  d_drop(...)

@ao_anchor_dap depends on context || report || org@
@@
  d_alloc_parallel(...)

@script:ocaml depends on org && ao_anchor_drop && ao_anchor_dap@
@@
org_mode := true

@script:ocaml depends on report && ao_anchor_drop && ao_anchor_dap@
@@
report_mode := true

@ao_realloc depends on ao_anchor_drop && ao_anchor_dap exists@
identifier fn, a, b, c, o, m;
type T;
expression D, X;
position p, q;
@@
  int fn(struct inode *a, struct dentry *b, struct file *c, T o, umode_t m)
  {
  ... when any
  d_drop@p(D);
  ... when any
(
  X = d_alloc_parallel@q(D->d_parent, ...)
|
  X = d_alloc_parallel@q(..., &D->d_name, ...)
)
  ... when any
  }

@script:ocaml depends on ao_realloc@
p << ao_realloc.p;
q << ao_realloc.q;
fn << ao_realloc.fn;
d << ao_realloc.D;
@@
Hashtbl.replace sites (key p) ();
emit "MANUAL_ATOMIC_OPEN_REALLOC" p
  (Printf.sprintf "->atomic_open() '%s' d_drop()s '%s' and allocates a replacement with d_alloc_parallel() on line %d: an unhashed name can gain a second dentry once lookups run without the parent lock, and d_alloc_parallel() under the parent lock inverts the lock order; by hand (R8): make ->atomic_open() see only dentries it owns (NFS: ->d_revalidate() rejects a negative dentry under LOOKUP_OPEN, v3 13/19), then delete this branch and its d_lookup_done()/dput() cleanup" fn d (line_of q))

@ao_ctx depends on context && ao_anchor_drop && ao_anchor_dap@
position p : script:ocaml() { Hashtbl.mem sites (key p) };
expression D;
@@
* d_drop@p(D);
