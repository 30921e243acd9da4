/*
 * JNI glue of libnsplay: converts Java arguments, calls the thin C core (netns.c, sock.c,
 * proc.c) and returns its value or -errno unchanged. No exceptions are thrown from here;
 * nsplay.jni.Sys turns negative results into NativeException.
 *
 * Methods are bound with RegisterNatives in JNI_OnLoad (netty-jni-util style), not by
 * javah-generated names: a name or signature mismatch makes System.load fail at once.
 * KEEP THE TABLE AT THE END IN SYNC WITH runner/src/main/java/nsplay/jni/Native.java.
 */
#include "nsplay.h"

#include <errno.h>
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE_CLASS "nsplay/jni/Native"

/* ---- argument helpers ---- */

/*
 * A NUL-terminated C copy of a byte[] that holds a path, name, argument or environment entry
 * as UTF-8 (NULL for null). Strings cross as byte[], not jstring: GetStringUTFChars gives
 * modified UTF-8 (a supplementary character as two 3-byte surrogates, NUL as 0xC0 0x80), so
 * C would see other bytes than the ones Java, `ip` and the file system agree on.
 * KEEP IN SYNC WITH nsplay.jni.Sys.utf8, which encodes them.
 * *err = -EINVAL when the bytes contain a NUL (C would silently cut the string there),
 * -ENOMEM when the copy failed.
 */
static char *c_string(JNIEnv *env, jbyteArray bytes, int *err) {
  if (bytes == NULL) {
    return NULL;
  }
  jsize n = (*env)->GetArrayLength(env, bytes);
  char *copy = malloc((size_t)n + 1);
  if (copy == NULL) {
    *err = -ENOMEM;
    return NULL;
  }
  (*env)->GetByteArrayRegion(env, bytes, 0, n, (jbyte *)copy);
  copy[n] = '\0';
  if (memchr(copy, '\0', (size_t)n) != NULL) {
    free(copy);
    *err = -EINVAL;
    return NULL;
  }
  return copy;
}

/* -EINVAL unless [off, off+len) lies inside array. */
static int check_range(JNIEnv *env, jbyteArray array, jint off, jint len) {
  if (array == NULL) {
    return -EINVAL;
  }
  jsize size = (*env)->GetArrayLength(env, array);
  if (off < 0 || len < 0 || off > size - len) {
    return -EINVAL;
  }
  return 0;
}

/* A malloc'd copy of array[off, off+len) (at least 1 byte, so len 0 is not NULL). */
static void *copy_in(JNIEnv *env, jbyteArray array, jint off, jint len) {
  void *buf = malloc(len > 0 ? (size_t)len : 1);
  if (buf != NULL && len > 0) {
    (*env)->GetByteArrayRegion(env, array, off, len, buf);
  }
  return buf;
}

static void free_strings(char **v) {
  if (v != NULL) {
    for (char **p = v; *p != NULL; p++) {
      free(*p);
    }
    free(v);
  }
}

/*
 * NULL-terminated C copy of a byte[][] of UTF-8 strings (see c_string; NULL for null);
 * *err = -EINVAL (a null element, or a NUL inside one) or -ENOMEM on failure.
 */
static char **c_strings(JNIEnv *env, jobjectArray array, int *err) {
  if (array == NULL) {
    return NULL;
  }
  jsize n = (*env)->GetArrayLength(env, array);
  char **v = calloc((size_t)n + 1, sizeof *v);
  if (v == NULL) {
    *err = -ENOMEM;
    return NULL;
  }
  for (jsize i = 0; i < n; i++) {
    jbyteArray s = (*env)->GetObjectArrayElement(env, array, i);
    if (s == NULL) {
      *err = -EINVAL;
    } else {
      v[i] = c_string(env, s, err);
      (*env)->DeleteLocalRef(env, s);
    }
    if (*err < 0) {
      free_strings(v);
      return NULL;
    }
  }
  return v;
}

/* ---- namespaces ---- */

static jint JNICALL j_netnsNew(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return nsp_netns_new();
}

/* One path argument, one C function: the shape of the namespace-file steps below. */
static jint with_path(JNIEnv *env, jbyteArray path, int (*fn)(const char *)) {
  int err = 0;
  char *p = c_string(env, path, &err);
  int rc = err < 0 ? err : p == NULL ? -EINVAL : fn(p);
  free(p);
  return rc;
}

static jint JNICALL j_netnsFile(JNIEnv *env, jclass cls, jbyteArray path) {
  (void)cls;
  return with_path(env, path, nsp_netns_file);
}

static jint JNICALL j_netnsMount(JNIEnv *env, jclass cls, jint fd, jbyteArray path) {
  (void)cls;
  int err = 0;
  char *p = c_string(env, path, &err);
  int rc = err < 0 ? err : p == NULL ? -EINVAL : nsp_netns_mount(fd, p);
  free(p);
  return rc;
}

static jint JNICALL j_netnsUmount(JNIEnv *env, jclass cls, jbyteArray path) {
  (void)cls;
  return with_path(env, path, nsp_netns_umount);
}

static jint JNICALL j_unlink(JNIEnv *env, jclass cls, jbyteArray path) {
  (void)cls;
  return with_path(env, path, nsp_unlink);
}

static jint JNICALL j_openNs(JNIEnv *env, jclass cls, jbyteArray nsPath) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  int rc = err < 0 ? err : nsp_open_ns(ns);
  free(ns);
  return rc;
}

/* ---- sockets ---- */

static jint JNICALL j_socketIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jint domain, jint type,
                               jint protocol) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  int rc = err < 0 ? err : nsp_socket_in(ns, domain, type, protocol);
  free(ns);
  return rc;
}

static jint JNICALL j_socketInFd(JNIEnv *env, jclass cls, jint nsFd, jint domain, jint type,
                                 jint protocol) {
  (void)env;
  (void)cls;
  return nsp_socket_in_fd(nsFd, domain, type, protocol);
}

static jint JNICALL j_setsockoptInt(JNIEnv *env, jclass cls, jint fd, jint level, jint optname,
                                    jint value) {
  (void)env;
  (void)cls;
  return nsp_setsockopt_int(fd, level, optname, value);
}

static jint JNICALL j_send(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off, jint len) {
  (void)cls;
  int rc = check_range(env, buf, off, len);
  if (rc < 0) {
    return rc;
  }
  void *c = copy_in(env, buf, off, len);
  if (c == NULL) {
    return -ENOMEM;
  }
  rc = (int)nsp_send_netlink(fd, c, (size_t)len);
  free(c);
  return rc;
}

static jint JNICALL j_sendToInet(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off,
                                 jint len, jbyteArray addr) {
  (void)cls;
  int rc = check_range(env, buf, off, len);
  if (rc < 0) {
    return rc;
  }
  jsize alen = addr == NULL ? 0 : (*env)->GetArrayLength(env, addr);
  if (alen != 4 && alen != 16) {
    return -EINVAL;
  }
  unsigned char a[16];
  (*env)->GetByteArrayRegion(env, addr, 0, alen, (jbyte *)a);
  void *c = copy_in(env, buf, off, len);
  if (c == NULL) {
    return -ENOMEM;
  }
  rc = (int)nsp_send_inet(fd, c, (size_t)len, a, (size_t)alen);
  free(c);
  return rc;
}

/* Receives with `receive` (a datagram or a stream read, each waiting up to timeoutMillis) into
 * buf[off, off+len). A C buffer, not a critical array region: we may block in poll(). */
static jint recv_into(JNIEnv *env, jint fd, jbyteArray buf, jint off, jint len,
                      jint timeoutMillis, ssize_t (*receive)(int, void *, size_t, int)) {
  int rc = check_range(env, buf, off, len);
  if (rc < 0) {
    return rc;
  }
  void *c = malloc(len > 0 ? (size_t)len : 1);
  if (c == NULL) {
    return -ENOMEM;
  }
  rc = (int)receive(fd, c, (size_t)len, timeoutMillis);
  if (rc > 0) {
    (*env)->SetByteArrayRegion(env, buf, off, rc, c);
  }
  free(c);
  return rc;
}

static jint JNICALL j_recv(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off, jint len,
                           jint timeoutMillis) {
  (void)cls;
  return recv_into(env, fd, buf, off, len, timeoutMillis, nsp_recv);
}

/* Packet capture: CONTRACT with nsplay.kernel.PacketSocket (see nsplay.h). */
static jint JNICALL j_packetSocketIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jint ifindex) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  int rc = err < 0 ? err : nsp_packet_socket_in(ns, ifindex);
  free(ns);
  return rc;
}

/* One frame into buf (the whole array) and its 4 meta values into meta (a long[4]). */
static jint JNICALL j_recvPacket(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                 jint timeoutMillis, jlongArray meta) {
  (void)cls;
  if (buf == NULL || meta == NULL || (*env)->GetArrayLength(env, meta) < 4) {
    return -EINVAL;
  }
  jsize len = (*env)->GetArrayLength(env, buf);
  void *c = malloc(len > 0 ? (size_t)len : 1);
  if (c == NULL) {
    return -ENOMEM;
  }
  int64_t m[4] = {0, 0, 0, 0};
  int rc = (int)nsp_recv_packet(fd, c, (size_t)len, timeoutMillis, m);
  if (rc >= 0) {
    (*env)->SetByteArrayRegion(env, buf, 0, rc, c);
    jlong j[4] = {m[0], m[1], m[2], m[3]};
    (*env)->SetLongArrayRegion(env, meta, 0, 4, j);
  }
  free(c);
  return rc;
}

static jint JNICALL j_connectInet(JNIEnv *env, jclass cls, jint fd, jbyteArray addr, jint port,
                                  jint timeoutMillis) {
  (void)cls;
  if (addr == NULL) {
    return -EINVAL;
  }
  jsize n = (*env)->GetArrayLength(env, addr);
  if (n != 4 && n != 16) {
    return -EINVAL;
  }
  unsigned char a[16];
  (*env)->GetByteArrayRegion(env, addr, 0, n, (jbyte *)a);
  return nsp_connect_inet(fd, a, (size_t)n, port, timeoutMillis);
}

static jint JNICALL j_sendStream(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off,
                                 jint len, jint timeoutMillis) {
  (void)cls;
  int rc = check_range(env, buf, off, len);
  if (rc < 0) {
    return rc;
  }
  void *c = copy_in(env, buf, off, len);
  if (c == NULL) {
    return -ENOMEM;
  }
  rc = (int)nsp_send_stream(fd, c, (size_t)len, timeoutMillis);
  free(c);
  return rc;
}

static jint JNICALL j_recvStream(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off,
                                 jint len, jint timeoutMillis) {
  (void)cls;
  return recv_into(env, fd, buf, off, len, timeoutMillis, nsp_recv_stream);
}

static jint JNICALL j_close(JNIEnv *env, jclass cls, jint fd) {
  (void)env;
  (void)cls;
  return nsp_close(fd);
}

/* ---- files inside a namespace ---- */

static jint JNICALL j_readFileIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jbyteArray path,
                                 jbyteArray buf) {
  (void)cls;
  if (buf == NULL) {
    return -EINVAL;
  }
  jsize len = (*env)->GetArrayLength(env, buf);
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char *p = c_string(env, path, &err);
  void *c = malloc(len > 0 ? (size_t)len : 1);
  int rc = err < 0 ? err : p == NULL ? -EINVAL : c == NULL ? -ENOMEM : 0;
  if (rc == 0) {
    rc = (int)nsp_read_file_in(ns, p, c, (size_t)len);
    if (rc > 0) {
      (*env)->SetByteArrayRegion(env, buf, 0, rc, c);
    }
  }
  free(c);
  free(p);
  free(ns);
  return rc;
}

static jint JNICALL j_writeFileIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jbyteArray path,
                                  jbyteArray data) {
  (void)cls;
  if (data == NULL) {
    return -EINVAL;
  }
  jsize len = (*env)->GetArrayLength(env, data);
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char *p = c_string(env, path, &err);
  void *c = copy_in(env, data, 0, len);
  int rc = err < 0 ? err : p == NULL ? -EINVAL : c == NULL ? -ENOMEM : 0;
  if (rc == 0) {
    rc = (int)nsp_write_file_in(ns, p, c, (size_t)len);
  }
  free(c);
  free(p);
  free(ns);
  return rc;
}

/* ---- processes ---- */

static jint JNICALL j_spawnIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jobjectArray argv,
                              jobjectArray envOrNull) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char **a = c_strings(env, argv, &err);
  char **e = c_strings(env, envOrNull, &err);
  int rc = err < 0 ? err : a == NULL ? -EINVAL : nsp_spawn_in(ns, a, e);
  free_strings(e);
  free_strings(a);
  free(ns);
  return rc;
}

static jint JNICALL j_runIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jobjectArray argv,
                            jbyteArray nsName, jobjectArray etcBinds) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char **a = c_strings(env, argv, &err);
  char *name = c_string(env, nsName, &err);
  char **binds = c_strings(env, etcBinds, &err);
  struct nsp_spawn o = {.netns_name = name, .etc_binds = binds, .uid = -1, .gid = -1};
  int rc = err < 0 ? err : a == NULL ? -EINVAL : nsp_run_in(ns, a, NULL, &o);
  free_strings(binds);
  free(name);
  free_strings(a);
  free(ns);
  return rc;
}

static jint JNICALL j_startIn(JNIEnv *env, jclass cls, jbyteArray nsPath, jobjectArray argv,
                              jobjectArray envOrNull, jbyteArray nsName, jobjectArray etcBinds,
                              jbyteArray logPath, jbyteArray cwd, jint uid, jint gid,
                              jintArray groups) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char **a = c_strings(env, argv, &err);
  char **e = c_strings(env, envOrNull, &err);
  char *name = c_string(env, nsName, &err);
  char **binds = c_strings(env, etcBinds, &err);
  char *log = c_string(env, logPath, &err);
  char *dir = c_string(env, cwd, &err);
  jsize ng = groups == NULL ? 0 : (*env)->GetArrayLength(env, groups);
  gid_t *gs = calloc((size_t)ng + 1, sizeof *gs);
  if (gs == NULL) {
    err = -ENOMEM;
  } else if (ng > 0) {
    jint *g = (*env)->GetIntArrayElements(env, groups, NULL);
    if (g == NULL) {
      err = -ENOMEM;
    } else {
      for (jsize i = 0; i < ng; i++) {
        gs[i] = (gid_t)g[i];
      }
      (*env)->ReleaseIntArrayElements(env, groups, g, JNI_ABORT);
    }
  }
  struct nsp_spawn o = {.netns_name = name,
                        .etc_binds = binds,
                        .new_session = 1,
                        .cwd = dir,
                        .uid = uid,
                        .gid = gid,
                        .ngroups = (int)ng,
                        .groups = gs};
  int rc = err < 0 ? err : a == NULL ? -EINVAL : nsp_start_in(ns, a, e, log, &o);
  free(gs);
  free(dir);
  free(log);
  free_strings(binds);
  free(name);
  free_strings(e);
  free_strings(a);
  free(ns);
  return rc;
}

static jint JNICALL j_tryWaitPid(JNIEnv *env, jclass cls, jint pid) {
  (void)env;
  (void)cls;
  return nsp_try_wait_pid(pid);
}

static jint JNICALL j_spawnInTo(JNIEnv *env, jclass cls, jbyteArray nsPath, jobjectArray argv,
                                jobjectArray envOrNull, jbyteArray outPath, jbyteArray errPath,
                                jbyteArray nsName, jobjectArray etcBinds) {
  (void)cls;
  int err = 0;
  char *ns = c_string(env, nsPath, &err);
  char **a = c_strings(env, argv, &err);
  char **e = c_strings(env, envOrNull, &err);
  char *o = c_string(env, outPath, &err);
  char *r = c_string(env, errPath, &err);
  char *name = c_string(env, nsName, &err);
  char **binds = c_strings(env, etcBinds, &err);
  struct nsp_spawn opts = {.netns_name = name, .etc_binds = binds, .uid = -1, .gid = -1};
  int rc = err < 0 ? err : a == NULL ? -EINVAL : nsp_spawn_in_to(ns, a, e, o, r, &opts);
  free_strings(binds);
  free(name);
  free(r);
  free(o);
  free_strings(e);
  free_strings(a);
  free(ns);
  return rc;
}

static jint JNICALL j_waitPid(JNIEnv *env, jclass cls, jint pid) {
  (void)env;
  (void)cls;
  return nsp_wait_pid(pid);
}

static jint JNICALL j_killPid(JNIEnv *env, jclass cls, jint pid, jint sig) {
  (void)env;
  (void)cls;
  return nsp_kill_pid(pid, sig);
}

/* The text as bytes (UTF-8 in a UTF-8 locale); NewStringUTF would read modified UTF-8. */
static jbyteArray JNICALL j_strerror(JNIEnv *env, jclass cls, jint errnum) {
  (void)cls;
  char buf[256];
  /* GNU strerror_r: returns a pointer, maybe to a static string rather than buf. */
  const char *s = strerror_r(errnum, buf, sizeof buf);
  jsize n = (jsize)strlen(s);
  jbyteArray text = (*env)->NewByteArray(env, n);
  if (text != NULL) {
    (*env)->SetByteArrayRegion(env, text, 0, n, (const jbyte *)s);
  }
  return text; /* NULL with OutOfMemoryError pending */
}

/*
 * ---- registration: KEEP IN SYNC WITH nsplay/jni/Native.java ----
 * "[B" is a UTF-8 string (c_string), "[[B" an array of them (c_strings).
 */

static const JNINativeMethod METHODS[] = {
    {"netnsNew", "()I", (void *)j_netnsNew},
    {"netnsFile", "([B)I", (void *)j_netnsFile},
    {"netnsMount", "(I[B)I", (void *)j_netnsMount},
    {"netnsUmount", "([B)I", (void *)j_netnsUmount},
    {"unlink", "([B)I", (void *)j_unlink},
    {"openNs", "([B)I", (void *)j_openNs},
    {"socketIn", "([BIII)I", (void *)j_socketIn},
    {"socketInFd", "(IIII)I", (void *)j_socketInFd},
    {"setsockoptInt", "(IIII)I", (void *)j_setsockoptInt},
    {"send", "(I[BII)I", (void *)j_send},
    {"sendToInet", "(I[BII[B)I", (void *)j_sendToInet},
    {"recv", "(I[BIII)I", (void *)j_recv},
    {"packetSocketIn", "([BI)I", (void *)j_packetSocketIn},
    {"recvPacket", "(I[BI[J)I", (void *)j_recvPacket},
    {"connectInet", "(I[BII)I", (void *)j_connectInet},
    {"sendStream", "(I[BIII)I", (void *)j_sendStream},
    {"recvStream", "(I[BIII)I", (void *)j_recvStream},
    {"close", "(I)I", (void *)j_close},
    {"readFileIn", "([B[B[B)I", (void *)j_readFileIn},
    {"writeFileIn", "([B[B[B)I", (void *)j_writeFileIn},
    {"spawnIn", "([B[[B[[B)I", (void *)j_spawnIn},
    {"runIn", "([B[[B[B[[B)I", (void *)j_runIn},
    {"startIn", "([B[[B[[B[B[[B[B[BII[I)I", (void *)j_startIn},
    {"tryWaitPid", "(I)I", (void *)j_tryWaitPid},
    {"spawnInTo", "([B[[B[[B[B[B[B[[B)I", (void *)j_spawnInTo},
    {"waitPid", "(I)I", (void *)j_waitPid},
    {"killPid", "(II)I", (void *)j_killPid},
    {"strerror", "(I)[B", (void *)j_strerror},
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)reserved;
  JNIEnv *env;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  jclass cls = (*env)->FindClass(env, NATIVE_CLASS);
  if (cls == NULL) {
    return JNI_ERR; /* NoClassDefFoundError is pending */
  }
  jint rc = (*env)->RegisterNatives(env, cls, METHODS, sizeof METHODS / sizeof METHODS[0]);
  (*env)->DeleteLocalRef(env, cls);
  return rc == 0 ? JNI_VERSION_1_8 : JNI_ERR; /* NoSuchMethodError is pending on mismatch */
}
