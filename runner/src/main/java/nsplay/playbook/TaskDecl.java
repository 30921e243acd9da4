package nsplay.playbook;

/**
 * One task as written: its display name, its type key, its validated parameters and where it stands
 * in the file.
 */
public record TaskDecl(String name, String type, Args args, Location location) {}
