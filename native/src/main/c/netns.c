/*
 * Named network namespaces and "do one thing inside a namespace".
 * See /work/shared/reference/kernel-facts.md, "Named namespaces" and "sysctl and /proc per
 * namespace"; the sequences follow iproute2 ip/ipnetns.c so that our namespaces and
 * `ip netns` interoperate.
 */
#include "nsplay.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The calling *thread's* namespace. /proc/self is the thread-group leader, and no JVM thread
 * is the leader, so /proc/self/ns/net would name the wrong (host) namespace.
 */
#define THREAD_NETNS "/proc/thread-self/ns/net"

void nsp_die(const char *what, int err) {
  char msg[256];
  int n = snprintf(msg, sizeof msg, "libnsplay: FATAL: %s: %s; aborting\n", what, strerror(err));
  if (n > 0) {
    ssize_t ignored = write(STDERR_FILENO, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
    (void)ignored;
  }
  abort();
}

int nsp_enter_fd(int ns_fd, int *saved) {
  *saved = -1;
  int old = open(THREAD_NETNS, O_RDONLY | O_CLOEXEC);
  if (old < 0) {
    return -errno;
  }
  if (setns(ns_fd, CLONE_NEWNET) < 0) {
    int err = -errno;
    close(old);
    return err;
  }
  *saved = old;
  return 0;
}

int nsp_enter(const char *ns_path, int *saved) {
  *saved = -1;
  if (ns_path == NULL) {
    return 0; /* "where the thread is now": nothing to do */
  }
  int target = open(ns_path, O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    return -errno;
  }
  int rc = nsp_enter_fd(target, saved);
  close(target);
  return rc;
}

void nsp_leave(int saved) {
  if (saved < 0) {
    return;
  }
  /*
   * A JVM thread must never stay in a foreign namespace: pool threads are reused and every
   * later socket or sysctl would silently land in the wrong place. Dying is safer.
   */
  if (setns(saved, CLONE_NEWNET) < 0) {
    nsp_die("setns back to the thread's original network namespace", errno);
  }
  close(saved);
}

int nsp_open_ns(const char *ns_path) {
  int fd = open(ns_path != NULL ? ns_path : THREAD_NETNS, O_RDONLY | O_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

/* Parent directory of path into dir (size PATH_MAX); -EINVAL when path has none. */
static int parent_dir(const char *path, char *dir) {
  const char *slash = strrchr(path, '/');
  size_t n = slash == NULL ? 0 : (size_t)(slash - path);
  if (slash == NULL || n >= PATH_MAX || slash[1] == '\0') {
    return -EINVAL;
  }
  if (n == 0) {
    n = 1; /* "/name": the root directory */
  }
  memcpy(dir, path, n);
  dir[n] = '\0';
  return 0;
}

/*
 * Make dir a shared mount point so that unmounting a namespace file propagates to every
 * mount namespace (and the namespace can die). As iproute2: when dir is not a mount point
 * (EINVAL), bind-mount it onto itself once and try again.
 */
static int make_shared(const char *dir) {
  int made_mount = 0;
  while (mount("", dir, "none", MS_SHARED | MS_REC, NULL) < 0) {
    if (errno != EINVAL || made_mount) {
      return -errno;
    }
    if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0) {
      return -errno;
    }
    made_mount = 1;
  }
  return 0;
}

int nsp_netns_new(void) {
  int saved = open(THREAD_NETNS, O_RDONLY | O_CLOEXEC);
  if (saved < 0) {
    return -errno;
  }
  if (unshare(CLONE_NEWNET) < 0) {
    int err = -errno;
    close(saved);
    return err;
  }
  int fd = open(THREAD_NETNS, O_RDONLY | O_CLOEXEC);
  int rc = fd < 0 ? -errno : fd;
  nsp_leave(saved); /* back home before anything else */
  return rc;
}

/*
 * Naming a namespace is what iproute2 `ip netns add` does (ip/ipnetns.c netns_add), in two
 * calls so that the caller can act (and a crash test can cut) between them: nsp_netns_file
 * makes the name, an empty file; nsp_netns_mount bind-mounts the namespace onto it. Between
 * the two the name is an empty file that is no namespace: whoever creates it must finish or
 * remove it (nsplay.kernel.LiveKernel does; a run killed there leaves it to the next one).
 */
int nsp_netns_file(const char *path) {
  char dir[PATH_MAX];
  int rc = parent_dir(path, dir);
  if (rc < 0) {
    return rc;
  }
  if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
    return -errno;
  }
  /*
   * iproute2 serialises the one-time mount setup with flock on the directory: parallel
   * `ip netns add` otherwise stacked bind mounts until the machine locked up
   * (Debian bug 949235). As iproute2, the lock covers the setup only.
   */
  int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) {
    return -errno;
  }
  if (flock(lock, LOCK_EX) < 0) {
    rc = -errno;
    close(lock);
    return rc;
  }
  rc = make_shared(dir);
  close(lock);
  if (rc < 0) {
    return rc;
  }
  /* O_EXCL: an existing name is an error and we must not touch it. Mode 0, as iproute2. */
  int file = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (file < 0) {
    return -errno;
  }
  close(file);
  return 0;
}

int nsp_netns_mount(int fd, const char *path) {
  if (fd < 0) {
    return -EBADF;
  }
  /* The fd's magic link resolves to the namespace itself (nsfs): bind-mount that. */
  char src[64];
  snprintf(src, sizeof src, "/proc/self/fd/%d", fd);
  return mount(src, path, "none", MS_BIND, NULL) < 0 ? -errno : 0;
}

/*
 * Removing a name is what iproute2 `ip netns del` does (ip/ipnetns.c netns_delete), in two
 * calls for the same reason: detach the bind mount, then remove the file. The namespace itself
 * dies when its last reference (process, fd, socket) goes away.
 */
int nsp_netns_umount(const char *path) {
  return umount2(path, MNT_DETACH) < 0 ? -errno : 0;
}

int nsp_unlink(const char *path) {
  return unlink(path) < 0 ? -errno : 0;
}

/*
 * /proc/sys/net/... resolves to the namespace of the thread that opens it, so open (and,
 * to be safe, read/write) while inside the target namespace.
 */
ssize_t nsp_read_file_in(const char *ns_path, const char *path, void *buf, size_t len) {
  int saved;
  int rc = nsp_enter(ns_path, &saved);
  if (rc < 0) {
    return rc;
  }
  ssize_t total = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    total = -errno;
  } else {
    while ((size_t)total < len) {
      ssize_t n = read(fd, (char *)buf + total, len - (size_t)total);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        total = -errno;
        break;
      }
      if (n == 0) {
        break;
      }
      total += n;
    }
    close(fd);
  }
  nsp_leave(saved);
  return total;
}

ssize_t nsp_write_file_in(const char *ns_path, const char *path, const void *buf, size_t len) {
  int saved;
  int rc = nsp_enter(ns_path, &saved);
  if (rc < 0) {
    return rc;
  }
  ssize_t total = 0;
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    total = -errno;
  } else {
    while ((size_t)total < len) {
      ssize_t n = write(fd, (const char *)buf + total, len - (size_t)total);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        total = -errno;
        break;
      }
      total += n;
    }
    if (close(fd) < 0 && total >= 0 && errno != EINTR) {
      total = -errno;
    }
  }
  nsp_leave(saved);
  return total;
}
