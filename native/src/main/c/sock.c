/*
 * Sockets. A socket belongs for its whole life to the namespace of the thread that called
 * socket(), whatever thread uses it later (kernel-facts.md, "Sockets bound to a namespace"),
 * so socket creation is the only step that has to happen inside the namespace.
 */
#include "nsplay.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The socket, made in the namespace the thread has just entered; then back to where it was. */
static int socket_and_leave(int saved, int domain, int type, int protocol) {
  int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
  int rc = fd < 0 ? -errno : fd;
  nsp_leave(saved);
  return rc;
}

int nsp_socket_in(const char *ns_path, int domain, int type, int protocol) {
  int saved;
  int rc = nsp_enter(ns_path, &saved);
  return rc < 0 ? rc : socket_and_leave(saved, domain, type, protocol);
}

int nsp_socket_in_fd(int ns_fd, int domain, int type, int protocol) {
  int saved;
  int rc = nsp_enter_fd(ns_fd, &saved);
  return rc < 0 ? rc : socket_and_leave(saved, domain, type, protocol);
}

int nsp_setsockopt_int(int fd, int level, int optname, int value) {
  return setsockopt(fd, level, optname, &value, sizeof value) < 0 ? -errno : 0;
}

static ssize_t send_to(int fd, const void *buf, size_t len, const struct sockaddr *sa,
                       socklen_t salen) {
  for (;;) {
    ssize_t n = sendto(fd, buf, len, 0, sa, salen);
    if (n >= 0) {
      return n;
    }
    if (errno != EINTR) {
      return -errno;
    }
  }
}

ssize_t nsp_send_netlink(int fd, const void *buf, size_t len) {
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK}; /* nl_pid 0 is the kernel */
  return send_to(fd, buf, len, (const struct sockaddr *)&kernel, sizeof kernel);
}

ssize_t nsp_send_inet(int fd, const void *buf, size_t len, const unsigned char *addr,
                      size_t addr_len) {
  /* Port 0: raw ICMP and ICMPv6 have none. */
  if (addr_len == 4) {
    struct sockaddr_in sin = {.sin_family = AF_INET};
    memcpy(&sin.sin_addr, addr, 4);
    return send_to(fd, buf, len, (const struct sockaddr *)&sin, sizeof sin);
  }
  if (addr_len == 16) {
    struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
    memcpy(&sin6.sin6_addr, addr, 16);
    return send_to(fd, buf, len, (const struct sockaddr *)&sin6, sizeof sin6);
  }
  return -EINVAL;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Datagram receive with a timeout. Peeks with MSG_TRUNC first (which makes recv return the
 * datagram's real length): a datagram larger than the buffer gives -EMSGSIZE and stays
 * queued, so the caller can retry with a bigger buffer instead of reading a silently cut
 * netlink message. Meant for datagram sockets (netlink, raw, udp), not streams.
 */
ssize_t nsp_recv(int fd, void *buf, size_t len, int timeout_ms) {
  int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  for (;;) {
    int wait = -1;
    if (timeout_ms >= 0) {
      int64_t left = deadline - now_ms();
      wait = left > 0 ? (int)left : 0;
    }
    int r = poll(&p, 1, wait);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -errno;
    }
    if (r == 0) {
      return -EAGAIN; /* timed out */
    }
    if (p.revents & POLLNVAL) {
      return -EBADF;
    }
    ssize_t n = recv(fd, buf, len, MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC);
    if (n >= 0 && (size_t)n <= len) {
      n = recv(fd, buf, len, MSG_DONTWAIT | MSG_TRUNC);
    }
    if (n < 0) {
      /* Spurious wake-up, or another reader got there first: wait again. */
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        if (timeout_ms >= 0 && now_ms() >= deadline) {
          return -EAGAIN;
        }
        continue;
      }
      return -errno; /* e.g. ENOBUFS: the kernel dropped netlink messages */
    }
    if ((size_t)n > len) {
      return -EMSGSIZE;
    }
    return n;
  }
}

/*
 * TCP connect with a timeout, on a stream socket made in a namespace (nsp_socket_in): the
 * socket is made non-blocking, connect() is started, and poll() waits for it to finish.
 * addr is 4 bytes (IPv4) or 16 (IPv6), port in host order. Returns 0 when connected, -errno
 * otherwise (-ECONNREFUSED: a reset; -ETIMEDOUT: no answer within timeout_ms). The socket
 * stays non-blocking; nsp_send_stream and nsp_recv_stream expect that.
 */
int nsp_connect_inet(int fd, const unsigned char *addr, size_t addr_len, int port,
                     int timeout_ms) {
  struct sockaddr_storage ss;
  socklen_t sl;
  memset(&ss, 0, sizeof ss);
  if (addr_len == 4) {
    struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    memcpy(&sin->sin_addr, addr, 4);
    sl = sizeof *sin;
  } else if (addr_len == 16) {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons((uint16_t)port);
    memcpy(&sin6->sin6_addr, addr, 16);
    sl = sizeof *sin6;
  } else {
    return -EINVAL;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
    return -errno;
  }
  if (connect(fd, (const struct sockaddr *)&ss, sl) == 0) {
    return 0;
  }
  if (errno != EINPROGRESS && errno != EINTR) {
    return -errno;
  }
  int64_t deadline = now_ms() + timeout_ms;
  struct pollfd p = {.fd = fd, .events = POLLOUT};
  for (;;) {
    int64_t left = deadline - now_ms();
    int r = poll(&p, 1, left > 0 ? (int)left : 0);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r < 0) {
      return -errno;
    }
    if (r == 0) {
      return -ETIMEDOUT;
    }
    int err = 0;
    socklen_t el = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0) {
      return -errno;
    }
    return err == 0 ? 0 : -err;
  }
}

/* Writes all of buf to a connected stream socket within timeout_ms; returns bytes written. */
ssize_t nsp_send_stream(int fd, const void *buf, size_t len, int timeout_ms) {
  int64_t deadline = now_ms() + timeout_ms;
  size_t done = 0;
  while (done < len) {
    ssize_t n = send(fd, (const char *)buf + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      done += (size_t)n;
      continue;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return -errno;
    }
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      return -ETIMEDOUT;
    }
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
      return -errno;
    }
  }
  return (ssize_t)done;
}

/*
 * Reads what a stream socket has, waiting up to timeout_ms for the first byte: returns the
 * bytes read, 0 at end of stream, -EAGAIN on timeout. Unlike nsp_recv, no MSG_TRUNC (which
 * on TCP discards data).
 */
ssize_t nsp_recv_stream(int fd, void *buf, size_t len, int timeout_ms) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    ssize_t n = recv(fd, buf, len, MSG_DONTWAIT);
    if (n >= 0) {
      return n;
    }
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
      return -errno;
    }
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      return -EAGAIN;
    }
    if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
      return -errno;
    }
  }
}

int nsp_close(int fd) {
  /* Never retry close on Linux: the fd is released even when EINTR is reported. */
  return close(fd) < 0 ? -errno : 0;
}

/*
 * A TCP connection from inside the netns to addr:port (addr 4 bytes for IPv4, 16 for IPv6),
 * waiting up to timeout_ms; closed at once. Returns 0 when it was accepted, else -errno
 * (-ECONNREFUSED: nothing listens; -ETIMEDOUT).
 */
int nsp_tcp_connect_in(const char *ns_path, const unsigned char *addr, size_t addr_len, int port,
                       int timeout_ms) {
  struct sockaddr_storage ss;
  socklen_t sl;
  memset(&ss, 0, sizeof ss);
  if (addr_len == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    memcpy(&a->sin_addr, addr, 4);
    sl = sizeof *a;
  } else if (addr_len == 16) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    memcpy(&a->sin6_addr, addr, 16);
    sl = sizeof *a;
  } else {
    return -EINVAL;
  }
  int fd = nsp_socket_in(ns_path, ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    return fd;
  }
  int rc = 0;
  if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
    if (errno != EINPROGRESS) {
      rc = -errno;
    } else {
      struct pollfd p = {.fd = fd, .events = POLLOUT};
      int n;
      while ((n = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {
      }
      if (n < 0) {
        rc = -errno;
      } else if (n == 0) {
        rc = -ETIMEDOUT;
      } else {
        int err = 0;
        socklen_t el = sizeof err;
        rc = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 ? -errno : -err;
      }
    }
  }
  close(fd);
  return rc;
}

/* Packet capture (nsplay.h): the socket, bound before any frame of another interface can come. */
int nsp_packet_socket_in(const char *ns_path, int ifindex) {
  int fd = nsp_socket_in(ns_path, AF_PACKET, SOCK_RAW, 0);
  if (fd < 0) {
    return fd;
  }
  struct sockaddr_ll sll = {.sll_family = AF_PACKET,
                            .sll_protocol = htons(ETH_P_ALL),
                            .sll_ifindex = ifindex};
  int on = 1;
  if (bind(fd, (const struct sockaddr *)&sll, sizeof sll) < 0 ||
      setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on) < 0) {
    int err = -errno;
    close(fd);
    return err;
  }
  return fd;
}

ssize_t nsp_recv_packet(int fd, void *buf, size_t len, int timeout_ms, int64_t meta[4]) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
  for (;;) {
    struct sockaddr_ll from;
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    union {
      char buf[CMSG_SPACE(sizeof(struct timeval))];
      struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_name = &from,
                         .msg_namelen = sizeof from,
                         .msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    /* MSG_TRUNC: the frame's real length, also when it is longer than buf. */
    ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
    if (n >= 0) {
      struct timeval tv = {0, 0};
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
          memcpy(&tv, CMSG_DATA(c), sizeof tv);
        }
      }
      if (tv.tv_sec == 0 && tv.tv_usec == 0) {
        gettimeofday(&tv, NULL);
      }
      meta[0] = n;
      meta[1] = tv.tv_sec;
      meta[2] = tv.tv_usec;
      meta[3] = from.sll_pkttype;
      return (size_t)n < len ? n : (ssize_t)len;
    }
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
      return -errno; /* ENETDOWN: the interface went away */
    }
    int wait = -1;
    if (timeout_ms >= 0) {
      int64_t left = deadline - now_ms();
      if (left <= 0) {
        return -EAGAIN;
      }
      wait = (int)left;
    }
    if (poll(&p, 1, wait) < 0 && errno != EINTR) {
      return -errno;
    }
  }
}
