/* Loops that already use d_alloc_noblock(): left alone, not reported.
 * The first is the shape of the posted nfs patch (label and goto), the
 * second the posted afs one (try_lookup_noperm() first), the third what
 * this rule generates.
 */
int nfs_sillyrename(struct inode *dir, struct dentry *dentry)
{
	static unsigned int sillycounter;
	unsigned char silly[SILLYNAME_LEN + 1];
	struct dentry *sdentry, *old;
	int error = -EBUSY;

newname:
	sillycounter++;
	scnprintf(silly, sizeof(silly), SILLYNAME_PREFIX "%x", sillycounter);
	sdentry = d_alloc_noblock(dentry->d_parent, &QSTR(silly));
	if (sdentry == ERR_PTR(-EWOULDBLOCK))
		goto newname;
	if (IS_ERR(sdentry))
		goto out;
	if (d_is_positive(sdentry)) {
		dput(sdentry);
		goto newname;
	}
	old = dir->i_op->lookup(dir, sdentry, 0);
	d_lookup_done(sdentry);
	if (old || d_is_positive(sdentry)) {
		if (!IS_ERR(old))
			dput(old);
		dput(sdentry);
		goto newname;
	}
	error = nfs_async_unlink(dentry, &sdentry->d_name);
	dput(sdentry);
out:
	return error;
}

int afs_sillyrename(struct afs_vnode *dvnode, struct afs_vnode *vnode,
		    struct dentry *dentry, struct key *key)
{
	static unsigned int sillycounter;
	struct dentry *sdentry = NULL, *old;
	struct inode *dir = dentry->d_parent->d_inode;
	struct qstr qsilly;
	unsigned char silly[16];
	int ret = -EBUSY;

newname:
	sillycounter++;
	scnprintf(silly, sizeof(silly), ".__afs%04X", sillycounter);
	qsilly = QSTR(silly);
	sdentry = try_lookup_noperm(&qsilly, dentry->d_parent);
	if (!sdentry)
		sdentry = d_alloc_noblock(dentry->d_parent, &qsilly);
	if (sdentry == ERR_PTR(-EWOULDBLOCK))
		goto newname;
	if (IS_ERR(sdentry))
		goto out;
	if (d_is_positive(sdentry)) {
		dput(sdentry);
		goto newname;
	}
	old = dir->i_op->lookup(dir, sdentry, 0);
	d_lookup_done(sdentry);
	if (old || d_is_positive(sdentry)) {
		if (!IS_ERR(old))
			dput(old);
		dput(sdentry);
		goto newname;
	}
	ret = afs_do_silly_rename(dvnode, vnode, dentry, sdentry, key);
	dput(sdentry);
out:
	return ret;
}

int foo_sillyrename(struct dentry *dentry)
{
	static unsigned int sillycounter;
	struct dentry *sdentry;
	unsigned char silly[16];

	sdentry = NULL;
	do {
		dput(sdentry);
		sillycounter++;
		scnprintf(silly, sizeof(silly), ".foo%04X", sillycounter);
		sdentry = d_alloc_noblock(dentry->d_parent, &QSTR(silly));
		if (sdentry == ERR_PTR(-EWOULDBLOCK)) {
			/* being looked up elsewhere: try the next name */
			sdentry = NULL;
			continue;
		}
		if (!IS_ERR(sdentry) && d_in_lookup(sdentry)) {
			struct inode *dir = d_inode(dentry->d_parent);
			struct dentry *alias;

			/* not cached: ask ->lookup; the parent is held exclusive */
			alias = dir->i_op->lookup(dir, sdentry, 0);
			d_lookup_done(sdentry);
			if (alias) {
				dput(sdentry);
				sdentry = alias;
			}
		}
		if (IS_ERR(sdentry))
			return PTR_ERR(sdentry);
	} while (!sdentry || d_inode(sdentry) != NULL);

	return foo_rename(dentry, sdentry);
}
