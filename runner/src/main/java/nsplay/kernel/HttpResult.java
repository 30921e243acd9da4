package nsplay.kernel;

/**
 * What an HTTP GET from a namespace got.
 *
 * @param connectErrno 0 when the TCP connection was made (then the other fields hold), else why
 *     not, as {@link TcpResult#errno}
 * @param status the response's status code; 0 when no complete status line came
 * @param body the response body as text (at most {@link Tcp#MAX_BODY} bytes, decoded as UTF-8)
 * @param error what went wrong after connecting (a timeout, a malformed response), or null
 */
public record HttpResult(int connectErrno, int status, String body, String error) {}
