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
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: report errno to the parent over the CLOEXEC pipe, then exit. */
__attribute__((noreturn)) static void child_fail(int pipe_w) {
  int err = errno;
  ssize_t ignored = write(pipe_w, &err, sizeof err);
  (void)ignored;
  _exit(127);
}

int nsp_spawn_in(const char *ns_path, char *const argv[], char *const envp[]) {
  if (argv == NULL || argv[0] == NULL) {
    return -EINVAL;
  }
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
  pid_t pid = fork();
  if (pid == 0) {
    /* The JVM blocks some signals in its threads; the program should start clean. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) < 0) {
      child_fail(fds[1]);
    }
    /* Keep stdin/stdout/stderr only: no JVM sockets or files leak into the program. */
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
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
