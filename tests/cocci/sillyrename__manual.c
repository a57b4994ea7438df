/* Loops that look for an unused name but do not end with a plain
 * "} while (<positive>);": reported, never rewritten.
 */
int bounded_sillyrename(struct dentry *dentry)
{
	static unsigned int sillycounter;
	struct dentry *sdentry = NULL;
	unsigned char silly[16];
	int tries = 0;

	do {
		int slen;

		dput(sdentry);
		sillycounter++;
		slen = scnprintf(silly, sizeof(silly), ".bnd%04X", sillycounter);
		sdentry = lookup_one_len(silly, dentry->d_parent, slen);
		if (IS_ERR(sdentry))
			return PTR_ERR(sdentry);
	} while (d_inode(sdentry) != NULL && ++tries < 100);

	return bnd_rename(dentry, sdentry);
}

int late_check_sillyrename(struct dentry *dentry)
{
	static unsigned int sillycounter;
	struct dentry *sdentry = NULL;
	unsigned char silly[16];

	do {
		dput(sdentry);
		sillycounter++;
		scnprintf(silly, sizeof(silly), ".late%04X", sillycounter);
		sdentry = lookup_noperm(&QSTR(silly), dentry->d_parent);
		if (IS_ERR(sdentry))
			return PTR_ERR(sdentry);
		late_trace(sdentry);
	} while (d_is_positive(sdentry));

	return late_rename(dentry, sdentry);
}
