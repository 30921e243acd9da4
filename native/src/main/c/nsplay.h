/*
 * Private header of libnsplay: the thin C core behind nsplay.jni.Native.
 *
 * Rules (project guide): C does only what Java cannot (setns/unshare/mount, sockets opened
 * inside a namespace, files opened inside a namespace, fork/exec inside a namespace). No
 * policy lives here. Every function returns a value >= 0 or -errno, like netty's
 * netty_unix_socket.c; the Java side (Sys.java) turns negative values into one exception.
 */
#ifndef NSPLAY_H
#define NSPLAY_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- netns.c: named namespaces and running code inside a namespace ---- */

/*
 * A new, unnamed network namespace: an fd that holds it (closing it frees the namespace).
 * With nsp_netns_file/nsp_netns_mount, creating and naming are separate steps, so a caller can record the
 * namespace's identity (its inode, fstat on the fd) before the name exists.
 */
int nsp_netns_new(void);
/*
 * Naming, as iproute2 `ip netns add` does (ip/ipnetns.c netns_add), in two steps that the
 * caller runs one after the other: nsp_netns_file creates the name, an empty file of mode 0
 * (-EEXIST when taken; makes /run/netns a shared mount first); nsp_netns_mount bind-mounts the
 * namespace held by fd onto it. CONTRACT with nsplay.kernel.LiveKernel: between the two, and
 * after a failed mount, the file is no namespace; the caller removes it (nsp_unlink).
 */
int nsp_netns_file(const char *path);
int nsp_netns_mount(int fd, const char *path);
/*
 * Removal, as iproute2 `ip netns del` does (ip/ipnetns.c netns_delete), in two steps:
 * nsp_netns_umount detaches the bind mount (-EINVAL when nothing is mounted there), nsp_unlink
 * removes the file (-EBUSY if something is still mounted on it).
 */
int nsp_netns_umount(const char *path);
int nsp_unlink(const char *path);
/* Opens ns_path, or the calling thread's own netns when ns_path is NULL; returns an fd. */
int nsp_open_ns(const char *ns_path);

/*
 * Moves the calling thread into the netns at ns_path and stores a handle on the thread's
 * previous netns in *saved (-1 when ns_path is NULL: nothing to do). Returns 0 or -errno;
 * on error the thread has not moved. Every successful call must be paired with
 * nsp_leave(*saved) before control returns to Java.
 */
int nsp_enter(const char *ns_path, int *saved);
/* The same for the netns held by ns_fd (which may have no name yet); ns_fd stays open. */
int nsp_enter_fd(int ns_fd, int *saved);
/* Returns the thread to the saved netns and closes it; aborts the process if it cannot. */
void nsp_leave(int saved);
/* Prints what failed to stderr and abort()s. */
__attribute__((noreturn)) void nsp_die(const char *what, int err);

ssize_t nsp_read_file_in(const char *ns_path, const char *path, void *buf, size_t len);
ssize_t nsp_write_file_in(const char *ns_path, const char *path, const void *buf, size_t len);

/* ---- sock.c: sockets ---- */

int nsp_socket_in(const char *ns_path, int domain, int type, int protocol);
/* A socket in the netns held by ns_fd: how a namespace is reached before it has a name. */
int nsp_socket_in_fd(int ns_fd, int domain, int type, int protocol);
int nsp_setsockopt_int(int fd, int level, int optname, int value);
ssize_t nsp_send_netlink(int fd, const void *buf, size_t len);
/* Sends to an IPv4 (addr_len 4) or IPv6 (16) address, port 0. */
ssize_t nsp_send_inet(int fd, const void *buf, size_t len, const unsigned char *addr,
                      size_t addr_len);
ssize_t nsp_recv(int fd, void *buf, size_t len, int timeout_ms);
/*
 * Stream sockets (a TCP check): CONTRACT with nsplay.kernel.Tcp. nsp_connect_inet makes fd
 * non-blocking and connects to addr (4 or 16 bytes) and port within timeout_ms; the two
 * others then write all of buf, and read what has come (0: end of stream; -EAGAIN: timeout).
 */
int nsp_connect_inet(int fd, const unsigned char *addr, size_t addr_len, int port,
                     int timeout_ms);
ssize_t nsp_send_stream(int fd, const void *buf, size_t len, int timeout_ms);
ssize_t nsp_recv_stream(int fd, void *buf, size_t len, int timeout_ms);
int nsp_close(int fd);
/*
 * Packet capture: CONTRACT with nsplay.kernel.PacketSocket (keep in sync).
 * nsp_packet_socket_in makes an AF_PACKET socket (SOCK_RAW) inside the namespace and binds it
 * to ifindex for every protocol (ETH_P_ALL), as libpcap does: created with protocol 0, so that
 * it sees nothing of the other interfaces before the bind; SO_TIMESTAMP on. Returns the fd.
 * nsp_recv_packet receives one frame into buf (cut at len), waiting up to timeout_ms (-1:
 * forever): returns the bytes stored, -EAGAIN on timeout; meta[0] is the frame's length on the
 * wire, meta[1] and meta[2] the kernel's receive time (seconds, microseconds; the time of the
 * call when no stamp came), meta[3] the packet type (PACKET_HOST 0 ... PACKET_OUTGOING 4).
 */
int nsp_packet_socket_in(const char *ns_path, int ifindex);
ssize_t nsp_recv_packet(int fd, void *buf, size_t len, int timeout_ms, int64_t meta[4]);

/* ---- proc.c: processes ---- */

int nsp_spawn_in(const char *ns_path, char *const argv[], char *const envp[]);
/*
 * Spawns like nsp_spawn_in, then waits for the program and returns its exit code (128+signal);
 * meanwhile forwards SIGINT, SIGTERM and SIGHUP to it, and it dies with the caller (see proc.c).
 */
/*
 * What a process started in a namespace gets besides its netns and stdio; CONTRACT with
 * nsplay.jni.Sys#startIn and #runIn (keep in sync). Unset: NULL, 0, uid -1.
 */
struct nsp_spawn {
  /* The netns's name: a private mount namespace as `ip netns exec` makes, /sys for the netns. */
  const char *netns_name;
  /* SOURCE, TARGET pairs, NULL-terminated: /etc/netns/NAME/F bind-mounted over /etc/F. */
  char *const *etc_binds;
  /* A service: a session of its own (setsid). */
  int new_session;
  const char *cwd;
  /* uid >= 0: setgroups(ngroups, groups), setgid(gid), setuid(uid) after entering the netns. */
  int uid;
  int gid;
  int ngroups;
  const gid_t *groups;
};

int nsp_run_in(const char *ns_path, char *const argv[], char *const envp[],
               const struct nsp_spawn *o);
/*
 * A service: spawned with o, stdin from /dev/null, stdout and stderr appended to log_path
 * (O_NOFOLLOW, created 0640), no parent-death signal (it outlives nsplay). Returns its pid once
 * it has exec'd.
 */
int nsp_start_in(const char *ns_path, char *const argv[], char *const envp[],
                 const char *log_path, const struct nsp_spawn *o);
/* waitpid WNOHANG: the exit code (128+signal), or -EAGAIN while it runs. */
int nsp_try_wait_pid(pid_t pid);
/*
 * The same with stdin from /dev/null and stdout and stderr written to the files out_path and
 * err_path (created or truncated, mode 0600), which the caller reads after the child ends; o
 * (NULL: none) as for nsp_run_in: the mounts of `ip netns exec`.
 */
int nsp_spawn_in_to(const char *ns_path, char *const argv[], char *const envp[],
                    const char *out_path, const char *err_path, const struct nsp_spawn *o);
int nsp_wait_pid(pid_t pid);
int nsp_kill_pid(pid_t pid, int sig);

#endif
