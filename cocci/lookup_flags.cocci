// SPDX-License-Identifier: GPL-2.0-only
/// Pass ->lookup() flags that say how the parent is locked.
///
/// LOOKUP_SHARED in the flags given to ->lookup() says that the parent is
/// locked shared.  A ->lookup() that has to drop and retake the parent lock
/// (d_add_ci() does, for one) relies on it to pick the unlock and relock
/// that match, so a filesystem that calls a ->lookup() itself must not pass
/// a made-up 0.  A ->lookup() calling another passes its own flags.  An
/// ->atomic_open() holds the parent shared exactly when O_CREAT is not
/// requested (lookup_open()), so it adds LOOKUP_SHARED on that condition to
/// whatever it passed before.
///
//# A call from anywhere else (a helper, ->create, ->rename, readdir) is
//# reported, not changed: the parent's lock mode there cannot be seen
//# from the call.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Conversion rule for the lookup flags (LOOKUP_SHARED, v4 6/7)
//  of the fsconv VFS conversion spec.  A callee is a ->lookup() when it
//  is named in a struct inode_operations .lookup initializer in the same
//  file, or defined in the same file as
//  struct dentry *F(struct inode *, struct dentry *, unsigned int), or
//  called as E->i_op->lookup(); a caller is an ->atomic_open() when it is
//  named in .atomic_open or defined as
//  int F(struct inode *, struct dentry *, struct file *, unsigned, umode_t).
//  Calls in fs/namei.c (the VFS, which sets LOOKUP_SHARED itself) are not
//  looked at.  A flags argument that already mentions the caller's flags
//  (from a ->lookup) or LOOKUP_SHARED (from an ->atomic_open) is left
//  alone, which makes the rule idempotent.
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

@initialize:ocaml@
@@
(* keyed by (file, function); only read before the first change *)
let lookups = Hashtbl.create 16		(* ->lookup -> flags param, or "" *)
let atomic_opens = Hashtbl.create 16	(* ->atomic_open -> open flags param *)
let reported = Hashtbl.create 16

let file_of p = match p with [] -> "" | p :: _ -> p.Coccilib.file
let fn_of p = (List.hd p).Coccilib.current_element
let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)

let ends_with s suf =
  let n = String.length s and m = String.length suf in
  n >= m && String.sub s (n - m) m = suf

(* the VFS core calls ->lookup() with the flags it set itself *)
let vfs_core file = file = "fs/namei.c" || ends_with file "/fs/namei.c"

let mentions e id =
  try ignore (Str.search_forward
                (Str.regexp ("\\b" ^ Str.quote id ^ "\\b")) e 0); true
  with Not_found -> false

let add_lookup file fn fl =
  match Hashtbl.find_opt lookups (file, fn) with
  | Some f when f <> "" -> ()
  | _ -> Hashtbl.replace lookups (file, fn) fl

let is_lookup file fn = Hashtbl.mem lookups (file, fn)

let lookup_def p fn fl t =
  if List.mem (String.trim t) ["unsigned int"; "unsigned"] then
    add_lookup (file_of p) fn fl;
  true

(* a function named in .lookup: its third parameter is the flags *)
let named_def p fn fl =
  if is_lookup (file_of p) fn then add_lookup (file_of p) fn fl;
  true

let atomic_open_def p fn oflags =
  Hashtbl.replace atomic_opens (file_of p, fn) oflags;
  true

(* what to do with one call: Some (new argument, report message) to
 * rewrite, None to leave it; Error msg to report it *)
let decide p callee arg =
  let file = file_of p and caller = fn_of p in
  let caller_fl = Hashtbl.find_opt lookups (file, caller) in
  let caller_of = Hashtbl.find_opt atomic_opens (file, caller) in
  match caller_fl, caller_of with
  | Some fl, _ when fl <> "" ->
      if mentions arg fl then `Keep
      else if arg = "0" then
        `Fix (fl, Printf.sprintf "->lookup() '%s' calls ->lookup() '%s' with flags 0: pass its own flags '%s', which say how the parent is locked" caller callee fl)
      else
        `Fix (Printf.sprintf "%s | (%s & LOOKUP_SHARED)" arg fl,
              Printf.sprintf "->lookup() '%s' calls ->lookup() '%s' without LOOKUP_SHARED from its own flags '%s'" caller callee fl)
  | _, Some oflags ->
      if mentions arg "LOOKUP_SHARED" then `Keep
      else
        let shared = Printf.sprintf "(%s & O_CREAT) ? 0 : LOOKUP_SHARED" oflags in
        `Fix ((if arg = "0" then shared else Printf.sprintf "%s | (%s)" arg shared),
              Printf.sprintf "->atomic_open() '%s' calls ->lookup() '%s' with the parent locked shared unless O_CREAT: add LOOKUP_SHARED when '%s' has no O_CREAT" caller callee oflags)
  | Some _, None ->
      `Manual (Printf.sprintf "->lookup() '%s' has no recognisable flags parameter: pass its lookup flags to '%s' by hand" caller callee)
  | None, None ->
      `Manual (Printf.sprintf "'%s' calls ->lookup() '%s' with flags '%s', but it is neither a ->lookup() nor an ->atomic_open(): the parent's lock mode is unknown here; pass LOOKUP_SHARED exactly when the parent is held shared (0 is right under an exclusive lock: create, mkdir, mknod, symlink, link, unlink, rmdir, rename)" caller callee arg)


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

let org_mode = ref false
let report_mode = ref false
let context_mode = ref false

let emit ty p msg =
  if !org_mode then org ty p msg
  else if !report_mode then report ty p msg

// ---------------------------------------------------------------------
// Anchors: a struct inode_operations with a .lookup, an E->i_op->lookup()
// call, or an ->atomic_open() (which must end in finish_open() or
// finish_no_open()).  Everything else depends on them, so spatch's
// prefilter only parses files that have one of these tokens.

@lf_ops depends on patch || context || report || org@
identifier ops, lk;
position p;
@@
  struct inode_operations ops@p = { .lookup = lk, };

@lf_iop depends on patch || context || report || org@
expression E;
@@
  E->i_op->lookup(...)

@lf_fin depends on patch || context || report || org@
@@
(
  finish_open(...)
|
  finish_no_open(...)
)

@script:ocaml depends on org && (lf_ops || lf_iop || lf_fin)@
@@
org_mode := true

@script:ocaml depends on report && (lf_ops || lf_iop || lf_fin)@
@@
report_mode := true

@script:ocaml depends on context && (lf_ops || lf_iop || lf_fin)@
@@
context_mode := true

@script:ocaml depends on lf_ops@
lk << lf_ops.lk;
p << lf_ops.p;
@@
add_lookup (file_of p) lk ""

// ->lookup() and ->atomic_open() methods and their flags parameters.
// They are recorded from position constraints, not from script rules:
// a script rule inheriting from these made spatch's file prefilter
// degenerate to "inode && dentry" (741 files of fs/ instead of 109).

@lf_lookup_def depends on lf_ops || lf_iop || lf_fin@
identifier fn, a, b, fl;
type t;
position p : script:ocaml(fn, fl, t) { lookup_def p fn fl t };
@@
  struct dentry *fn@p(struct inode *a, struct dentry *b, t fl) { ... }

@lf_named_def depends on lf_ops@
identifier fn, a, b, fl;
type T1, T2, T3;
position p : script:ocaml(fn, fl) { named_def p fn fl };
@@
  fn@p(T1 a, T2 b, T3 fl) { ... }

@lf_ao_def depends on lf_ops || lf_iop || lf_fin disable add_signed@
identifier fn, a, b, c, oflags, m;
type T;
position p : script:ocaml(fn, oflags) { atomic_open_def p fn oflags };
@@
  int fn@p(struct inode *a, struct dentry *b, struct file *c, T oflags, umode_t m) { ... }

// ---------------------------------------------------------------------
// The calls

@lf_call depends on lf_ops || lf_iop || lf_fin@
expression C, A, B, F;
position p;
@@
  C@p(A, B, F)

@script:ocaml lf_decide depends on lf_call@
c << lf_call.C;
f << lf_call.F;
p << lf_call.p;
arg;
@@
let file = file_of p in
let c = Str.global_replace (Str.regexp "[ \t\n]+") "" c in
let iop = ends_with c "->i_op->lookup" in
if vfs_core file || not (iop || is_lookup file c) then
  Coccilib.include_match false
else
  match decide p c f with
  | `Keep -> Coccilib.include_match false
  | `Fix (e, msg) ->
      emit "LOOKUP_FLAGS" p msg;
      arg := Coccilib.make_expr e
  | `Manual msg ->
      emit "MANUAL_LOOKUP_FLAGS" p msg;
      if !context_mode then arg := Coccilib.make_expr f
      else Coccilib.include_match false

// ---------------------------------------------------------------------
// patch

@lf_p depends on patch && (lf_ops || lf_iop || lf_fin)@
expression C, A, B, F;
position lf_call.p;
expression lf_decide.arg;
@@
  C@p(A, B,
- F
+ arg
  )

// LOOKUP_SHARED comes from <linux/namei.h>
@lf_has_namei depends on lf_p@
@@
  #include <linux/namei.h>

@lf_add_namei depends on lf_p && !lf_has_namei@
@@
  #include <linux/fs.h>
+ #include <linux/namei.h>

// ---------------------------------------------------------------------
// context

@lf_ctx depends on context && (lf_ops || lf_iop || lf_fin)@
position lf_call.p;
expression lf_decide.arg;
expression C, A, B, F;
@@
* C@p(A, B, F)
