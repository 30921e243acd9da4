package nsplay.kernel;

import nsplay.net.Cidr;

/** An address on an interface ({@code ip addr}): the interface's index and address/prefix. */
public record AddrInfo(int index, Cidr cidr) {}
