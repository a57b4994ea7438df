/* The names the rule would declare are taken ("dir" is even the parent
 * dentry): the next candidates are used.  Also: d_really_is_positive() as
 * the loop test, and an error exit that uses the dentry.
 */
int names_sillyrename(struct dentry *dir, struct dentry *dentry)
{
	static unsigned int counter;
	struct dentry *alias = NULL;
	struct inode *pdir = d_inode(dir);
	unsigned char silly[16];

	alias = NULL;
	do {
		dput(alias);
		counter++;
		scnprintf(silly, sizeof(silly), ".nm%04X", counter);
		alias = lookup_noperm(&QSTR(silly), dir);
		if (IS_ERR(alias))
			return PTR_ERR(alias);
	} while (d_really_is_positive(alias));

	return nm_rename(pdir, dentry, alias);
}
