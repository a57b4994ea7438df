/*
 * The helper of r10-sillyrename-xfile.c: the r10-sillyrename-ok.c loop,
 * run with the parent dropped, still passing ->lookup flags 0.
 */
#include "../kernel.h"

int r10x_sillyrename(struct inode *dir, struct dentry *dentry)
{
	static unsigned int sillycounter;
	char silly[16];
	struct dentry *sdentry = NULL;
	int slen;

	/* wrong: the search runs without the parent lock */
	inode_unlock(dir);
	do {
		dput(sdentry);
		sillycounter++;
		slen = snprintf(silly, sizeof(silly), ".silly%08x",
				sillycounter);
		sdentry = d_alloc_noblock(dentry->d_parent,
					  &(struct qstr)QSTR_INIT(silly, slen));
		if (sdentry == ERR_PTR(-EWOULDBLOCK)) {
			/* being looked up elsewhere: try the next name */
			sdentry = NULL;
			continue;
		}
		if (!IS_ERR(sdentry) && d_in_lookup(sdentry)) {
			struct inode *pdir = d_inode(dentry->d_parent);
			struct dentry *alias;

			/* not cached: ask ->lookup; the parent is held exclusive */
			alias = pdir->i_op->lookup(pdir, sdentry, 0);
			d_lookup_done(sdentry);
			if (alias) {
				dput(sdentry);
				sdentry = alias;
			}
		}
		if (IS_ERR(sdentry))
			break;
	} while (!sdentry || d_is_positive(sdentry));
	inode_lock_nested(dir, I_MUTEX_PARENT);
	if (IS_ERR(sdentry))
		return PTR_ERR(sdentry);
	dput(sdentry);
	return dir ? 0 : -ENOMEM;
}
