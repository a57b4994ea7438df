// SPDX-License-Identifier: GPL-2.0-only
/// A ->lookup() must not look up another name in its own directory.
///
/// ->lookup() runs with the parent locked, shared or exclusive.  A nested
/// lookup_one_len() / lookup_one*() / lookup_noperm*() or d_alloc_parallel()
/// on the same parent waits for any other lookup of that name, and once
/// d_alloc_parallel() runs before the parent is locked, that other lookup
/// may be waiting for the parent lock this one holds: a deadlock.  The fix
/// (afs @sys, March 2026 series 23/53) drops the parent lock in the mode
/// LOOKUP_SHARED says, allocates with d_alloc_parallel(), calls ->lookup()
/// and d_lookup_done() itself for a fresh in-lookup result, and relocks on
/// every path.  Al Viro objects to dropping a caller's lock at all, and
/// S_DEAD and rename races must be checked, so this is for a human.
///
//# Report only: patch mode changes nothing.  A call counts when one of
//# its arguments is E->d_parent, dget_parent(E), or a variable assigned
//# from one of them, in a ->lookup() (named in .lookup, or defined as
//# struct dentry *F(struct inode *, struct dentry *, unsigned int)) or in
//# a function of the same file that a ->lookup() calls (any depth), and
//# some path from the function's entry reaches it without
//# inode_unlock() / inode_unlock_shared().  A lookup in another
//# filesystem's directory (overlayfs, ecryptfs) is not on d_parent and
//# is not reported.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R6 (and checker C6 for ->lookup) of the fsconv VFS
//  conversion spec.  Report lines: FILE:LINE:COL: TYPE: message (COL is
//  1-based).
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

@initialize:ocaml@
@@
let lookups = Hashtbl.create 16	(* (file, fn): a ->lookup() *)
let callers = Hashtbl.create 16	(* (file, callee) -> callers *)
let reported = Hashtbl.create 16
let org_mode = ref false

let key p = let p = List.hd p in (p.Coccilib.file, p.Coccilib.line, p.Coccilib.col)
let file_of p = match p with [] -> "" | p :: _ -> p.Coccilib.file
let fn_of p = (List.hd p).Coccilib.current_element

let add_lookup p fn = Hashtbl.replace lookups (file_of p, fn) (); true

let lookup_def p fn t =
  if List.mem (String.trim t) ["unsigned int"; "unsigned"] then
    ignore (add_lookup p fn);
  true

let add_edge file callee caller =
  let l = try Hashtbl.find callers (file, callee) with Not_found -> [] in
  if not (List.mem caller l) then
    Hashtbl.replace callers (file, callee) (caller :: l)

(* the ->lookup() that reaches fn, and the chain of calls to it *)
let rec reach seen file fn =
  if Hashtbl.mem lookups (file, fn) then Some [fn]
  else if List.mem fn seen then None
  else
    List.fold_left (fun acc c ->
      match acc with
      | Some _ -> acc
      | None ->
          (match reach (fn :: seen) file c with
           | Some chain -> Some (fn :: chain)
           | None -> None))
      None
      (try Hashtbl.find callers (file, fn) with Not_found -> [])

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

let is_api f =
  List.mem f ["lookup_one_len"; "lookup_one"; "lookup_noperm";
              "lookup_one_unlocked"; "lookup_one_len_unlocked";
              "lookup_noperm_unlocked"; "lookup_positive_unlocked";
              "lookup_one_positive_unlocked";
              "lookup_noperm_positive_unlocked"; "d_alloc_parallel"]

let template =
  "by hand (R6): drop the parent lock as the ->lookup() flags say " ^
  "(inode_unlock_shared() under LOOKUP_SHARED, else inode_unlock()), " ^
  "allocate with d_alloc_parallel(), call ->lookup() and d_lookup_done() " ^
  "on a fresh in-lookup result, and relock on every path " ^
  "(inode_lock_shared() or inode_lock_nested(dir, I_MUTEX_PARENT)); " ^
  "check S_DEAD and rename races after relocking"

let nested = Hashtbl.create 16	(* positions of the calls found *)

let site p api =
  match reach [] (file_of p) (fn_of p) with
  | None -> ()
  | Some chain ->
      Hashtbl.replace nested (key p) ();
      let lk = List.nth chain (List.length chain - 1) in
      let via =
        if List.length chain > 1 then
          Printf.sprintf " (via %s)"
            (String.concat " <- " (List.rev (List.tl (List.rev chain))))
        else "" in
      emit "MANUAL_NESTED_LOOKUP" p
        (Printf.sprintf "->lookup() '%s'%s calls %s() on its own parent with the parent locked: it can wait for another lookup that waits for this lock; %s" lk via api template)

// Patch mode has nothing to change.  This rule's token never occurs, so
// spatch -D patch finds no candidate file and exits 0 at once.
@ln_patch_nop depends on patch@
@@
  fsconv_report_only_rule(...)

@script:ocaml depends on ln_patch_nop@
@@
()

// Anchor: the lookups that can wait on another lookup of the directory.
@ln_anchor depends on context || report || org@
@@
(
  lookup_one_len(...)
|
  lookup_one(...)
|
  lookup_noperm(...)
|
  lookup_one_unlocked(...)
|
  lookup_one_len_unlocked(...)
|
  lookup_noperm_unlocked(...)
|
  lookup_positive_unlocked(...)
|
  lookup_one_positive_unlocked(...)
|
  lookup_noperm_positive_unlocked(...)
|
  d_alloc_parallel(...)
)

@script:ocaml depends on org && ln_anchor@
@@
org_mode := true

@script:ocaml depends on report && ln_anchor@
@@
report_mode := true

// ->lookup() methods (recorded from constraints on function headers: a
// script rule inheriting from such a rule weakens spatch's prefilter)
@ln_ops depends on ln_anchor@
identifier ops, lk;
position p;
@@
  struct inode_operations ops@p = { .lookup = lk, };

@script:ocaml depends on ln_ops@
lk << ln_ops.lk;
p << ln_ops.p;
@@
ignore (add_lookup p lk)

@ln_lookup_def depends on ln_anchor@
identifier fn, a, b, fl;
type t;
position p : script:ocaml(fn, t) { lookup_def p fn t };
@@
  struct dentry *fn@p(struct inode *a, struct dentry *b, t fl) { ... }

// the calls in the file, for reachability from a ->lookup()
@ln_calls depends on ln_anchor@
identifier f;
position p;
@@
  f@p(...)

@script:ocaml depends on ln_calls@
f << ln_calls.f;
p << ln_calls.p;
@@
add_edge (file_of p) f (fn_of p)

// the nested lookups on the function's own parent, reached from the
// function's entry without dropping a lock
@ln_site depends on ln_anchor exists@
identifier fn, api : script:ocaml() { is_api api };
expression E;
position p;
@@
  fn(...) {
  ... when != inode_unlock(...)
      when != inode_unlock_shared(...)
(
  api@p(..., E->d_parent, ...)
|
  api@p(..., dget_parent(E), ...)
)
  ... when any
  }

// the same through a variable holding the parent
@ln_site_var depends on ln_anchor exists@
identifier fn, api : script:ocaml() { is_api api };
expression E, P, E2;
position p;
@@
  fn(...) {
  ... when != inode_unlock(...)
      when != inode_unlock_shared(...)
  P = \(E->d_parent\|dget_parent(E)\);
  ... when != P = E2
      when != inode_unlock(...)
      when != inode_unlock_shared(...)
  api@p(..., P, ...)
  ... when any
  }

@script:ocaml depends on ln_site@
p << ln_site.p;
api << ln_site.api;
@@
site p api

@script:ocaml depends on ln_site_var@
p << ln_site_var.p;
api << ln_site_var.api;
@@
site p api

@ln_ctx depends on context && ln_anchor@
position p : script:ocaml() { Hashtbl.mem nested (key p) };
identifier f;
@@
* f@p(...)
