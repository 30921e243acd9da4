package nsplay.kernel;

/**
 * What one stat of {@code /run/netns/NAME} tells (see {@link Kernel#netnsFile}): the namespace's
 * identity, its nsfs inode, and its birth, that inode's ctime in nanoseconds since the epoch (0:
 * unknown); or, for a {@code leftover}, that the name holds no namespace but the empty file a
 * killed run left (see {@link Kernel#netnsLeftover}), whose inode is then that file's.
 *
 * <p>down reads it once per namespace before it changes anything, and once more right before it
 * removes each one: every question it asks of a namespace (is it there, is it a leftover, is it the
 * one the lab made) is answered from those two, not from a stat per question.
 */
public record NetnsFile(long inode, long born, boolean leftover) {}
