/*
 * Running a program inside a namespace. `ip netns exec` needs unshare(CLONE_NEWNS), which a
 * multithreaded process cannot do (kernel-facts.md), so we fork and let the single-threaded
 * child setns() and exec. Everything is prepared before fork(): between fork and exec the
 * child only makes async-signal-safe calls (the JVM's other threads, and any lock they
 * held, do not exist in the child).
 */
#include "nsplay.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

/* In the child: report errno to the parent over the CLOEXEC pipe, then exit. */
__attribute__((noreturn)) static void child_fail(int pipe_w) {
  int err = errno;
  ssize_t ignored = write(pipe_w, &err, sizeof err);
  (void)ignored;
  _exit(127);
}

/*
 * The highest descriptor number + 1 that the child might have to mark: the soft RLIMIT_NOFILE
 * (what sysconf(_SC_OPEN_MAX) returns). Read BEFORE fork: getrlimit is not on the list of
 * async-signal-safe functions. A descriptor above it can only exist if the limit was lowered
 * after it was opened; the JVM raises the soft limit to the hard one at start, not down.
 */
static int open_max(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur > INT_MAX) {
    return 1 << 20; /* fs.nr_open's default: the kernel refuses a NOFILE limit above nr_open */
  }
  return (int)rl.rlim_cur;
}

/*
 * In the child, when close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) failed (before Linux 5.11:
 * ENOSYS, or EINVAL for the flag on 5.9/5.10): mark every descriptor from 3 up to the bound
 * close-on-exec, one fcntl each (EBADF for the numbers not in use is expected). Marked, not
 * closed, so that the error pipe still reports a failed exec. Not /proc/self/fd: opendir and
 * readdir allocate, and after fork in a multithreaded process malloc's lock may be held by a
 * thread that no longer exists. Cost: one system call per number below the bound, paid
 * only on kernels without close_range.
 */
static void mark_cloexec_from_3(int bound) {
  for (int fd = 3; fd < bound; fd++) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
}

/*
 * pdeath_sig > 0: the child asks the kernel for that signal when the thread that forked it
 * ends (PR_SET_PDEATHSIG). CONTRACT with nsplay.app.Exec: the caller is the thread that then
 * waits for the child (the JVM's main thread, blocked in nsp_run_in), so the signal comes only
 * when the whole process dies (SIGKILL included), not when some other thread ends.
 */
static const int INHERIT[3] = {-1, -1, -1};

/*
 * In the child, after setns: what `ip netns exec` does (iproute2 lib/namespace.c netns_switch
 * and bind_etc), CONTRACT with nsplay.jni.Sys#etcBinds (keep in sync): a private mount namespace
 * whose mounts do not propagate back, /sys mounted again for the network namespace (read-only
 * if it was), and each etc_binds pair (SOURCE, TARGET: /etc/netns/NAME/F over /etc/F)
 * bind-mounted. As iproute2, a file that cannot be bound is skipped.
 */
static int switch_mounts(const struct nsp_spawn *o, unsigned long sys_flags) {
  if (unshare(CLONE_NEWNS) < 0) {
    return -1;
  }
  if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
    return -1;
  }
  umount2("/sys", MNT_DETACH); /* fails when none was mounted: fine, as for iproute2 */
  if (mount(o->netns_name, "/sys", "sysfs", sys_flags, NULL) < 0) {
    return -1;
  }
  for (char *const *b = o->etc_binds; b != NULL && b[0] != NULL && b[1] != NULL; b += 2) {
    mount(b[0], b[1], "none", MS_BIND, NULL);
  }
  return 0;
}

/*
 * stdio: fds to dup2 onto the child's 0, 1, 2, or -1 to inherit that one. o (NULL: none of it)
 * adds the mounts of `ip netns exec`, a session of its own, a user and a folder (nsplay.h).
 */
static int spawn(const char *ns_path, char *const argv[], char *const envp[], int pdeath_sig,
                 const int stdio[3], const struct nsp_spawn *o) {
  if (argv == NULL || argv[0] == NULL) {
    return -EINVAL;
  }
  unsigned long sys_flags = 0; /* statvfs before fork: not async-signal-safe */
  if (o != NULL && o->netns_name != NULL) {
    struct statvfs st;
    if (statvfs("/sys", &st) == 0 && (st.f_flag & ST_RDONLY)) {
      sys_flags = MS_RDONLY;
    }
  }
  int fd_bound = open_max();
  int nsfd = -1;
  if (ns_path != NULL) {
    nsfd = open(ns_path, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0) {
      return -errno;
    }
  }
  /* exec closes the write end: EOF in the parent means exec succeeded (as the JDK does). */
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) {
    int err = -errno;
    if (nsfd >= 0) {
      close(nsfd);
    }
    return err;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    if (pdeath_sig > 0) {
      prctl(PR_SET_PDEATHSIG, (unsigned long)pdeath_sig);
      if (getppid() != parent) {
        _exit(127); /* the parent died before the request took: nobody waits for us */
      }
    }
    /* The JVM blocks some signals in its threads; the program should start clean. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (o != NULL && o->new_session && setsid() < 0) {
      child_fail(fds[1]); /* a service: no terminal, no signal to nsplay's group reaches it */
    }
    if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) < 0) {
      child_fail(fds[1]);
    }
    if (o != NULL && o->netns_name != NULL && switch_mounts(o, sys_flags) < 0) {
      child_fail(fds[1]);
    }
    /* Privileges last: entering the namespace and mounting need them. */
    if (o != NULL && o->uid >= 0) {
      if (setgroups((size_t)o->ngroups, o->groups) < 0 || setgid((gid_t)o->gid) < 0 ||
          setuid((uid_t)o->uid) < 0) {
        child_fail(fds[1]);
      }
    }
    if (o != NULL && o->cwd != NULL && chdir(o->cwd) < 0) {
      child_fail(fds[1]);
    }
    for (int i = 0; i < 3; i++) {
      if (stdio[i] >= 0 && dup2(stdio[i], i) < 0) { /* dup2 clears FD_CLOEXEC on i */
        child_fail(fds[1]);
      }
    }
    /*
     * Keep stdin/stdout/stderr only: no JVM sockets or files leak into the program (the JVM
     * opens many files without O_CLOEXEC, relying on its own process launcher to close them).
     */
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
      mark_cloexec_from_3(fd_bound);
    }
    if (envp != NULL) {
      execvpe(argv[0], argv, envp);
    } else {
      execvp(argv[0], argv);
    }
    child_fail(fds[1]);
  }
  int rc = pid < 0 ? -errno : pid;
  close(fds[1]);
  if (nsfd >= 0) {
    close(nsfd);
  }
  if (pid > 0) {
    int child_err = 0;
    ssize_t n;
    do {
      n = read(fds[0], &child_err, sizeof child_err);
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof child_err) {
      nsp_wait_pid(pid); /* reap it: the caller gets the error, not a pid */
      rc = -child_err;
    }
  }
  close(fds[0]);
  return rc;
}

int nsp_spawn_in(const char *ns_path, char *const argv[], char *const envp[]) {
  return spawn(ns_path, argv, envp, 0, INHERIT, NULL);
}

/* fd, and the first failure's -errno into *rc (taken right after the call that set it). */
static int opened(int fd, int *rc) {
  if (fd < 0 && *rc == 0) {
    *rc = -errno;
  }
  return fd;
}

/* spawn with the three descriptors just opened, unless one failed (rc), then closes them. */
static int spawn_with(const char *ns_path, char *const argv[], char *const envp[], int stdio[3],
                      const struct nsp_spawn *o, int rc) {
  if (rc == 0) {
    rc = spawn(ns_path, argv, envp, 0, stdio, o);
  }
  for (int i = 0; i < 3; i++) {
    if (stdio[i] >= 0) {
      close(stdio[i]);
    }
  }
  return rc;
}

int nsp_start_in(const char *ns_path, char *const argv[], char *const envp[],
                 const char *log_path, const struct nsp_spawn *o) {
  if (log_path == NULL || o == NULL) {
    return -EINVAL;
  }
  int rc = 0;
  int stdio[3];
  stdio[0] = opened(open("/dev/null", O_RDONLY | O_CLOEXEC), &rc);
  stdio[1] = opened(
      open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0640), &rc);
  stdio[2] = stdio[1] < 0 ? -1 : opened(fcntl(stdio[1], F_DUPFD_CLOEXEC, 3), &rc);
  return spawn_with(ns_path, argv, envp, stdio, o, rc);
}

int nsp_spawn_in_to(const char *ns_path, char *const argv[], char *const envp[],
                    const char *out_path, const char *err_path, const struct nsp_spawn *o) {
  if (out_path == NULL || err_path == NULL) {
    return -EINVAL;
  }
  int rc = 0;
  int stdio[3];
  stdio[0] = opened(open("/dev/null", O_RDONLY | O_CLOEXEC), &rc);
  stdio[1] = opened(
      open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600), &rc);
  stdio[2] = opened(
      open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600), &rc);
  return spawn_with(ns_path, argv, envp, stdio, o, rc);
}

/*
 * nsp_run_in's program, to which its signal handler forwards: 0 while there is none. The
 * handler may run on any thread of the JVM, so both are atomics (lock-free on every Linux
 * target, hence async-signal-safe); `pending` holds a signal that came before the pid was
 * known, sent by whichever of the handler and nsp_run_in sees the other's write.
 */
static atomic_int forward_to;
static atomic_int pending;

static void forward(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  /*
   * Ctrl-C on the terminal (SI_KERNEL: sent by the tty to its foreground process group) also
   * reaches the program, which is in nsplay's group: relayed, it would get it twice.
   */
  if (sig == SIGINT && si != NULL && si->si_code == SI_KERNEL) {
    return;
  }
  int saved = errno;
  int pid = atomic_load(&forward_to);
  if (pid > 0) {
    kill(pid, sig);
  } else {
    atomic_store(&pending, sig);
    pid = atomic_load(&forward_to);
    if (pid > 0 && atomic_exchange(&pending, 0) != 0) {
      kill(pid, sig);
    }
  }
  errno = saved;
}

static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP};
#define N_FORWARDED (sizeof FORWARDED / sizeof FORWARDED[0])

/*
 * CONTRACT with nsplay.app.Exec (`nsplay exec`): while the program runs, SIGINT, SIGTERM and
 * SIGHUP to this process are sent on to it, each as itself, instead of to the JVM (whose own
 * handlers, which would run the shutdown hooks and exit, are put back before returning); a
 * SIGKILL of this process kills the program too (PR_SET_PDEATHSIG). A signal that came while no
 * program could be started is raised again once the JVM's handlers are back.
 */
int nsp_run_in(const char *ns_path, char *const argv[], char *const envp[],
               const struct nsp_spawn *o) {
  struct sigaction sa, old[N_FORWARDED];
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = forward;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  atomic_store(&forward_to, 0);
  atomic_store(&pending, 0);
  for (size_t i = 0; i < N_FORWARDED; i++) {
    sigaction(FORWARDED[i], &sa, &old[i]);
  }
  int rc = spawn(ns_path, argv, envp, SIGKILL, INHERIT, o);
  if (rc > 0) {
    pid_t pid = rc;
    atomic_store(&forward_to, pid);
    int sig = atomic_exchange(&pending, 0);
    if (sig != 0) {
      kill(pid, sig);
    }
    /* Wait without reaping: the pid stays the program's while the handler may still use it. */
    siginfo_t info;
    int w;
    while ((w = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT)) < 0 && errno == EINTR) {
    }
    atomic_store(&forward_to, 0);
    rc = w < 0 ? -errno : nsp_wait_pid(pid);
  }
  for (size_t i = 0; i < N_FORWARDED; i++) {
    sigaction(FORWARDED[i], &old[i], NULL);
  }
  int late = atomic_exchange(&pending, 0);
  if (late != 0) {
    kill(getpid(), late); /* no program took it: the JVM's own handler does */
  }
  return rc;
}

int nsp_wait_pid(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -errno;
    }
  }
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return 128 + WTERMSIG(status); /* the shell's convention */
}

int nsp_kill_pid(pid_t pid, int sig) {
  return kill(pid, sig) < 0 ? -errno : 0;
}

int nsp_try_wait_pid(pid_t pid) {
  int status;
  pid_t w;
  while ((w = waitpid(pid, &status, WNOHANG)) < 0) {
    if (errno != EINTR) {
      return -errno;
    }
  }
  if (w == 0) {
    return -EAGAIN;
  }
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return 128 + WTERMSIG(status);
}
