// SPDX-License-Identifier: GPL-2.0-only
/// Use d_alloc_noblock() to find an unused silly-rename name.
///
/// Silly-rename must not do a full lookup while it searches for an unused
/// name: once lookup moves out of the directory lock, a lookup that blocks
/// on a concurrent lookup of the same name while the parent is held
/// exclusive would deadlock.  Find the name with d_alloc_noblock() instead.
/// A name that someone else is looking up right now (-EWOULDBLOCK) or that
/// is positive in the dcache is skipped.  A fresh in-lookup dentry is looked
/// up with the filesystem's own ->lookup (flags 0: the parent is held
/// exclusive by ->unlink and ->rename) and finished with d_lookup_done();
/// an alias returned by ->lookup takes its place, so a positive result is
/// released by the loop and the next name tried, and an error leaves
/// through the loop's existing error exit as it did before.
///
//# Coccinelle 1.1.1 cannot match a do/while statement, so the loop's tail
//# "} while (<sd is positive>);" is checked on the source text right after
//# the body's last statement; a loop whose tail does not read that way is
//# reported (SILLY_RENAME_MANUAL), never rewritten.
//
// Confidence: Moderate
// Copyright: (C) 2026 fsconv authors.
// Comments: Rule R10 of the fsconv VFS conversion spec.
//  -D noblock=NAME: the allocator's name (default d_alloc_noblock;
//  d_alloc_trylock on the merged API).
//  Report lines: FILE:LINE:COL: TYPE: message (COL is 1-based).
// Review: The silly-rename loop now finds its name with d_alloc_noblock()
//  and calls ->lookup itself (an open-coded lookup_slow()).  Please check:
//  that every caller holds the parent exclusive, since ->lookup is called
//  with flags 0 (a caller holding it shared must pass LOOKUP_SHARED); that
//  the inode given to ->lookup is the parent's; that the permission check
//  and name validation lookup_one_len() did are not needed for these
//  private names; that an error from ->lookup should still end the search
//  (it does here, as before; retrying the next name instead could loop for
//  ever on a dead server); and that an alias returned by ->lookup, which
//  replaces the new dentry, is released by the loop's dput() when positive.
// Keywords: lookup_one_len, lookup_noperm
// Converts: SILLY_RENAME
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual report
virtual org

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

(* Text of FILE from (LINE, COL) to (LINE2, COL2), lines 1-based, columns
   0-based as in Coccilib positions; at most 40 lines are read. *)
let text_between file (l1, c1) (l2, c2) =
  let ic = open_in file in
  let b = Buffer.create 256 in
  (try
     for l = 1 to min l2 (l1 + 40) do
       let s = input_line ic in
       if l >= l1 then begin
         let a = if l = l1 then min c1 (String.length s) else 0 in
         let z = if l = l2 then min c2 (String.length s) else String.length s in
         if z > a then Buffer.add_string b (String.sub s a (z - a));
         if l < l2 then Buffer.add_char b '\n'
       end
     done
   with End_of_file -> ());
  close_in ic;
  Buffer.contents b

let strip_comments s =
  let s = Str.global_replace (Str.regexp "/\\*\\([^*]\\|\\*+[^*/]\\)*\\*+/") " " s in
  Str.global_replace (Str.regexp "//[^\n]*") " " s

let ws = "[ \t\n]*"

(* The tests of "SD is positive" a silly-rename loop ends with. *)
let positive sd =
  let id = Str.quote sd in
  let call f = f ^ ws ^ "(" ^ ws ^ id ^ ws ^ ")" in
  let not_null = "\\(" ^ ws ^ "!=" ^ ws ^ "NULL\\)?" in
  String.concat "\\|"
    [ call "d_inode" ^ not_null; id ^ ws ^ "->" ^ ws ^ "d_inode" ^ not_null;
      "!" ^ ws ^ call "d_is_negative"; "!" ^ ws ^ call "d_really_is_negative";
      call "d_is_positive"; call "d_really_is_positive" ]

(* True when the text after the loop body's last statement, ending at
   (LINE, COL) of FILE, is "} while (<SD is positive>);". *)
let silly_tail file (l, c) sd =
  let t = strip_comments (text_between file (l, c) (l + 12, max_int)) in
  let re = "^" ^ ws ^ "}" ^ ws ^ "while" ^ ws ^ "(" ^ ws ^ "\\(" ^ positive sd
           ^ "\\)" ^ ws ^ ")" ^ ws ^ ";" in
  Str.string_match (Str.regexp re) t 0

(* True when the text from (LINE, COL) to the position of CALL is
   "} while (" and from the end of CALL on is ");": CALL spans the whole
   condition of the loop. *)
let is_condition file (l, c) (cond : Coccilib.pos) =
  let before = strip_comments (text_between file (l, c)
      (cond.Coccilib.line, cond.Coccilib.col)) in
  let after = strip_comments (text_between file
      (cond.Coccilib.line_end, cond.Coccilib.col_end)
      (cond.Coccilib.line_end + 3, max_int)) in
  Str.string_match (Str.regexp ("^" ^ ws ^ "}" ^ ws ^ "while" ^ ws ^ "(" ^ ws ^ "$")) before 0
  && Str.string_match (Str.regexp ("^" ^ ws ^ ")" ^ ws ^ ";")) after 0

let end_of (p : Coccilib.pos list) =
  let p = List.hd p in
  (p.Coccilib.line_end, p.Coccilib.col_end)

(* identifiers used in a function, by (file, function) *)
let used : (string * string * string, unit) Hashtbl.t = Hashtbl.create 101

let pick file fn cands =
  try Some (List.find (fun c -> not (Hashtbl.mem used (file, fn, c))) cands)
  with Not_found -> None

(* the lookups silly_ok accepted in this file: (function, sd); after a
   rewrite positions are those of the rewritten function alone *)
let lookups : (string * string, unit) Hashtbl.t = Hashtbl.create 11

let is_silly_lookup (p : Coccilib.pos) sd =
  Hashtbl.mem lookups (p.Coccilib.current_element, sd)

(* ends of the loop bodies silly_ok accepted: (file, (line, col)) -> sd *)
let tails : (string * (int * int), string) Hashtbl.t = Hashtbl.create 11

let is_silly_condition (p : Coccilib.pos) sd =
  Hashtbl.fold (fun (file, tail) sd' found ->
      found || (sd = sd' && file = p.Coccilib.file && is_condition file tail p))
    tails false

let dir_names = ["dir"; "pdir"; "parent_dir"]
let alias_names = ["alias"; "salias"; "found"]

let silly_convertible file fn sd tail =
  silly_tail file tail sd
  && pick file fn dir_names <> None && pick file fn alias_names <> None

// The loop body: "dput(sd); ... sd = lookup(...); if (IS_ERR(sd)) ES" with
// the IS_ERR test as its last statement (checked on the text below).

@silly_body depends on patch || context || report || org@
identifier sd;
expression N, P, L;
statement ES;
position pl, pe;
@@
  dput(sd);
  ... when != sd
(
  sd = lookup_one_len@pl(N, P, L);
|
  sd = lookup_noperm@pl(N, P);
)
  if (IS_ERR(sd)) ES@pe

// The tables are per file.

@script:ocaml depends on silly_body@
@@
Hashtbl.reset used; Hashtbl.reset tails; Hashtbl.reset lookups

@script:ocaml depends on silly_body@
v << virtual.noblock;
@@
noblock := v

@script:ocaml alloc_name depends on patch && silly_body@
alloc;
@@
alloc := make_ident !noblock

@silly_ids depends on silly_body@
identifier x;
position p;
@@
  x@p

@script:ocaml depends on silly_ids@
x << silly_ids.x;
p << silly_ids.p;
@@
let p = List.hd p in
Hashtbl.replace used (p.Coccilib.file, p.Coccilib.current_element, x) ()

@script:ocaml depends on report@
sd << silly_body.sd;
pe << silly_body.pe;
pl << silly_body.pl;
@@
let p = List.hd pe in
if not (silly_convertible p.Coccilib.file p.Coccilib.current_element sd (end_of pe)) then
  report "SILLY_RENAME_MANUAL" pl
    (Printf.sprintf "'%s' is looked up in a loop for an unused name, but the loop is not \"dput(%s); ... %s = lookup(...); if (IS_ERR(%s)) ...; } while (<%s is positive>);\": convert it to %s() and ->lookup by hand (R10)" sd sd sd sd sd !noblock)

@script:ocaml depends on org@
sd << silly_body.sd;
pe << silly_body.pe;
pl << silly_body.pl;
@@
let p = List.hd pe in
if not (silly_convertible p.Coccilib.file p.Coccilib.current_element sd (end_of pe)) then
  org "SILLY_RENAME_MANUAL" pl "silly-rename loop of an unrecognised shape (R10)"


// Environments that survive this rule are the loops to convert.

@script:ocaml silly_ok depends on silly_body@
sd << silly_body.sd;
pe << silly_body.pe;
dirv;
aliasv;
@@
let file = (List.hd pe).Coccilib.file in
let fn = (List.hd pe).Coccilib.current_element in
match silly_tail file (end_of pe) sd,
      pick file fn dir_names, pick file fn alias_names with
| true, Some d, Some a ->
    Hashtbl.replace tails (file, end_of pe) sd;
    Hashtbl.replace lookups (fn, sd) ();
    dirv := make_ident d; aliasv := make_ident a
| _ -> Coccilib.include_match false

// context / report / org

@silly_ctx depends on context@
identifier silly_body.sd;
position silly_body.pl;
@@
(
* sd = lookup_one_len@pl(...);
|
* sd = lookup_noperm@pl(...);
)

@script:ocaml depends on report@
pl << silly_body.pl;
sd << silly_body.sd;
dirv << silly_ok.dirv;
@@
ignore dirv; (* only to keep to the loops silly_ok accepted *)
report "SILLY_RENAME" pl
  (Printf.sprintf "silly-rename looks up '%s' in a loop under the parent lock: find an unused name with %s() and ->lookup (R10; -D patch rewrites it, review it)" sd !noblock)

@script:ocaml depends on org@
pl << silly_body.pl;
dirv << silly_ok.dirv;
@@
ignore dirv;
org "SILLY_RENAME" pl (Printf.sprintf "silly-rename lookup loop: convert to %s() (R10)" !noblock)

// patch

// The loop condition gains "!sd ||" so that the -EWOULDBLOCK "continue"
// goes on to the next name.

@silly_cond depends on patch && silly_body@
identifier silly_body.sd;
expression C;
position pc : script:ocaml(sd) { is_silly_condition (List.hd pc) sd };
@@
- C@pc
+ !sd || C

// Positions cannot be inherited over the rewrite above: silly_ok left the
// lookups it accepted in a table (function, dentry).

@silly_lookup_len depends on patch && silly_body@
identifier silly_body.sd;
identifier silly_ok.dirv, silly_ok.aliasv, alloc_name.alloc;
expression N, P, L;
position p : script:ocaml(sd) { is_silly_lookup (List.hd p) sd };
@@
- sd = lookup_one_len@p(N, P, L);
+ sd = alloc(P, &(struct qstr)QSTR_INIT(N, L));
+ if (sd == ERR_PTR(-EWOULDBLOCK)) {
+	/* being looked up elsewhere: try the next name */
+	sd = NULL;
+	continue;
+ }
+ if (!IS_ERR(sd) && d_in_lookup(sd)) {
+	struct inode *dirv = d_inode(P);
+	struct dentry *aliasv;
+
+	/* not cached: ask ->lookup; the parent is held exclusive */
+	aliasv = dirv->i_op->lookup(dirv, sd, 0);
+	d_lookup_done(sd);
+	if (aliasv) {
+		dput(sd);
+		sd = aliasv;
+	}
+ }

@silly_lookup_noperm depends on patch && silly_body@
identifier silly_body.sd;
identifier silly_ok.dirv, silly_ok.aliasv, alloc_name.alloc;
expression N, P;
position p : script:ocaml(sd) { is_silly_lookup (List.hd p) sd };
@@
- sd = lookup_noperm@p(N, P);
+ sd = alloc(P, N);
+ if (sd == ERR_PTR(-EWOULDBLOCK)) {
+	/* being looked up elsewhere: try the next name */
+	sd = NULL;
+	continue;
+ }
+ if (!IS_ERR(sd) && d_in_lookup(sd)) {
+	struct inode *dirv = d_inode(P);
+	struct dentry *aliasv;
+
+	/* not cached: ask ->lookup; the parent is held exclusive */
+	aliasv = dirv->i_op->lookup(dirv, sd, 0);
+	d_lookup_done(sd);
+	if (aliasv) {
+		dput(sd);
+		sd = aliasv;
+	}
+ }
