/* fs/afs/dir_silly.c afs_sillyrename(), 2026 (before the series) */
int afs_sillyrename(struct afs_vnode *dvnode, struct afs_vnode *vnode,
		    struct dentry *dentry, struct key *key)
{
	static unsigned int sillycounter;
	struct dentry *sdentry = NULL;
	unsigned char silly[16];
	int ret = -EBUSY;

	_enter("");

	/* We don't allow a dentry to be silly-renamed twice. */
	if (dentry->d_flags & DCACHE_NFSFS_RENAMED)
		return -EBUSY;

	sdentry = NULL;
	do {
		dput(sdentry);
		sillycounter++;

		/* Create a silly name.  Note that the ".__afs" prefix is
		 * understood by the salvager and must not be changed.
		 */
		scnprintf(silly, sizeof(silly), ".__afs%04X", sillycounter);
		sdentry = lookup_noperm(&QSTR(silly), dentry->d_parent);

		/* N.B. Better to return EBUSY here ... it could be dangerous
		 * to delete the file while it's in use.
		 */
		if (IS_ERR(sdentry))
			goto out;
	} while (!d_is_negative(sdentry));

	ihold(&vnode->netfs.inode);

	ret = afs_do_silly_rename(dvnode, vnode, dentry, sdentry, key);
	iput(&vnode->netfs.inode);
	dput(sdentry);
out:
	_leave(" = %d", ret);
	return ret;
}
